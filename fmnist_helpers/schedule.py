"""The learning-rate schedule of 06_train: a warm-up, then Keras' cosine decay down to zero.

`train` builds the schedule of its `TrainingPlan` with `cosine_schedule` and compiles the model
again with a fresh optimizer that follows it (`with_schedule`). How long the warm-up lasts is
decided by the recipe (`Recipe.warmup_steps`) only; `schedule_for` gives a recipe's schedule
for a run of your own (e.g. to plot it).
"""

from __future__ import annotations

import keras

from .i18n import translate as _
from .recipes import Recipe

__all__ = ["cosine_schedule", "peak_learning_rate", "schedule_for", "with_schedule"]


def cosine_schedule(
    peak_rate: float, total_steps: int, warmup_steps: int = 0
) -> keras.optimizers.schedules.CosineDecay:
    """Keras' cosine decay: a linear warm-up from 0 to ``peak_rate``, then half a cosine down to 0.

    ``rate = peak_rate * 0.5 * (1 + cos(pi * step / decay_steps))`` after the warm-up. The
    optimizer asks the schedule for the rate of its own step counter at every step, so it is
    right for any batch size and any number of steps per call. Taught in 06_train.
    """
    if total_steps < 1 or not 0 <= warmup_steps < total_steps:
        raise ValueError(
            _(
                "Need total_steps >= 1 and 0 <= warmup_steps < total_steps, got {total_steps} and {warmup_steps}.",
                total_steps=total_steps,
                warmup_steps=warmup_steps,
            )
        )
    if warmup_steps:
        return keras.optimizers.schedules.CosineDecay(
            initial_learning_rate=0.0,
            decay_steps=total_steps - warmup_steps,
            warmup_target=peak_rate,
            warmup_steps=warmup_steps,
        )
    return keras.optimizers.schedules.CosineDecay(initial_learning_rate=peak_rate, decay_steps=total_steps)


def schedule_for(
    recipe: Recipe, peak_rate: float, epochs: int, steps_per_epoch: int
) -> keras.optimizers.schedules.CosineDecay:
    """The schedule of one run with ``recipe``: its warm-up, then a cosine decay to 0 at the last step.

    The same schedule `train` follows for the same steps (`TrainingPlan.warmup_steps` is the recipe's too).
    """
    total_steps = epochs * steps_per_epoch
    return cosine_schedule(peak_rate, total_steps, recipe.warmup_steps(total_steps, steps_per_epoch))


def peak_learning_rate(optimizer: keras.optimizers.Optimizer) -> float:
    """The rate a schedule should climb to: the compiled rate, or the peak of a cosine schedule from `train`."""
    rate = optimizer.get_config()["learning_rate"]  # a number, or a schedule's configuration
    if not isinstance(rate, dict):
        return float(rate)
    if rate.get("class_name") == "CosineDecay":
        return float(rate["config"]["warmup_target"] or rate["config"]["initial_learning_rate"])
    raise ValueError(
        _(
            "This model's optimizer already has a learning-rate schedule: train with cosine_decay=False "
            "to keep it, or compile the model again with a plain learning rate."
        )
    )


def with_schedule(model: keras.Model, schedule: keras.optimizers.schedules.LearningRateSchedule) -> keras.Model:
    """Compile ``model`` again with a fresh optimizer of the same kind that follows ``schedule``.

    Loss, metrics and steps per call stay as they were; the optimizer starts at step 0, so the
    schedule starts at its beginning.
    """
    optimizer_config = model.optimizer.get_config()
    optimizer_config["learning_rate"] = schedule
    compile_config = model.get_compile_config()
    model.compile(
        optimizer=type(model.optimizer).from_config(optimizer_config),
        loss=model.loss,
        metrics=compile_config["metrics"],
        jit_compile=compile_config["jit_compile"],
        steps_per_execution=compile_config["steps_per_execution"],
    )
    return model
