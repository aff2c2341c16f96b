"""Steps 5 and 6 of the course: compile (05_compile) and train (06_train) with the course recipe.

The course recipe: Adam, sparse categorical cross-entropy, a validation split, a short fixed
budget of epochs whose learning rate glides down to zero (Keras' own cosine decay schedule, after
a warm-up), and early stopping that keeps the best weights, fed by a `tf.data` pipeline (cache +
shuffle + batch + prefetch).

Why not the article's 50 epochs: trained long enough, this CNN memorises the training images and
its validation loss rises (06_train shows it on a 10,000-image subset). A few epochs whose learning
rate decays to zero reach the article's accuracy in a fraction of its time (benchmarks/).

The parts `train` puts together live in their own modules, and are reachable from here too (as
``fh.training.recipe``, ...): the recipes (`recipes`), the input pipeline (`pipeline`), the
learning-rate schedule (`schedule`), the line per epoch (`progress`), and 06's saved model that 07
and 09 reuse (`model_cache`).
"""

from __future__ import annotations

import time
from collections.abc import Callable

import keras
import numpy as np

from .model_cache import course_model, course_model_dir, course_model_fingerprint, save_course_model
from .pipeline import PREFETCH_BATCHES, make_dataset
from .preprocessing import check_training_data
from .progress import EpochLog
from .recipes import (CPU_IMPROVED_RECIPE, CPU_RECIPE, GPU_IMPROVED_RECIPE, GPU_RECIPE, RECIPES, SHORT_RUN_BATCH_SIZE,
                      SHORT_RUN_STEPS, Recipe, recipe_for, training_hardware)
from .schedule import cosine_schedule, peak_learning_rate, schedule_for, with_schedule

__all__ = [
    "CPU_IMPROVED_RECIPE", "CPU_RECIPE", "EpochLog", "GPU_IMPROVED_RECIPE", "GPU_RECIPE", "PREFETCH_BATCHES", "RECIPES",
    "Recipe", "SHORT_RUN_BATCH_SIZE", "SHORT_RUN_STEPS", "compile_model", "cosine_schedule", "course_model",
    "course_model_dir", "course_model_fingerprint",
    "training_hardware", "make_dataset", "peak_learning_rate", "recipe_for", "save_course_model", "schedule_for", "set_seed",
    "train", "with_schedule",
]


def set_seed(seed: int = 42) -> None:
    """Make a run repeatable: seeds Python, NumPy and TensorFlow and asks for deterministic ops.

    After ``set_seed(0)``, building, compiling and training the same model on the same data gives
    the same losses on the same CPU. (GPUs may still differ in the last digits.)
    """
    import tensorflow as tf

    keras.utils.set_random_seed(seed)
    tf.config.experimental.enable_op_determinism()


def compile_model(
    model: keras.Model,
    learning_rate: float | keras.optimizers.schedules.LearningRateSchedule | None = None,
    jit_compile: bool | str = "auto",
    settings: Recipe | None = None,
) -> keras.Model:
    """Compile with Adam, sparse categorical cross-entropy and accuracy. Taught in 05_compile.

    The article writes ``optimizer=tf.train.AdamOptimizer()``: that is TensorFlow 1 and fails on
    TensorFlow 2 (``AttributeError: module 'tensorflow._api.v2.train' has no attribute
    'AdamOptimizer'``). In TensorFlow 2 / Keras 3 it is ``keras.optimizers.Adam()``.
    ``learning_rate`` is a number or a Keras schedule; by default the peak rate of ``settings``,
    the recipe (default: the article CNN's on this hardware, `recipe`). ``jit_compile="auto"`` lets
    Keras use XLA on a GPU and not on a CPU (where XLA measured slower). The recipe's
    ``steps_per_execution`` runs several steps per call on a GPU, which cuts the per-step overhead
    that dominates for a model this small.
    Returns the same model, so ``model = compile_model(build_model())`` reads well.
    """
    settings = settings or recipe_for()
    model.compile(
        optimizer=keras.optimizers.Adam(learning_rate=settings.learning_rate if learning_rate is None else learning_rate),
        loss="sparse_categorical_crossentropy",
        metrics=["accuracy"],
        jit_compile=jit_compile,
        steps_per_execution=settings.steps_per_execution,
    )
    return model


def train(
    model: keras.Model,
    images: np.ndarray,
    labels: np.ndarray,
    epochs: int | None = None,
    batch_size: int | None = None,
    validation_split: float = 0.1,
    patience: int | None = None,
    early_stopping: bool | None = None,
    cosine_decay: bool = True,
    verbose: bool = True,
    seed: int | None = None,
    callbacks: list[keras.callbacks.Callback] | None = None,
    print_fn: Callable[..., None] = print,
    settings: Recipe | None = None,
) -> keras.callbacks.History:
    """Train with the course recipe and return the Keras `History`. Taught in 06_train.

    The last ``validation_split`` of the images is held out (as Keras' own ``validation_split``
    does) to watch for overfitting. ``epochs``, ``batch_size`` and ``early_stopping`` default to
    ``settings``, the recipe (default: the article CNN's on this hardware, `recipe`; compile with
    the same ``settings``). With ``cosine_decay`` the model is compiled again with a fresh optimizer
    that follows `cosine_schedule`: from the compiled learning rate (after the recipe's warm-up,
    if any) down to zero at the end of the last epoch. With ``early_stopping`` training stops once
    the validation loss has not improved for ``patience`` epochs (default: a quarter of the planned
    epochs, at least 2, so the noisy early epochs of a long schedule, at a high learning rate, do
    not stop it), and the best epoch's weights are restored.
    A *short run* (fewer than `SHORT_RUN_STEPS` steps at the recipe's batch size, e.g. one epoch on
    10,000 images) trains at batch `SHORT_RUN_BATCH_SIZE` with the peak rate of
    `Recipe.short_run_rate`, unless you give ``batch_size`` or ``cosine_decay=False`` (then the
    batch size and the optimizer are yours). The first line printed says so.
    The returned history also has ``best_epoch`` (1-based: the epoch whose weights the model keeps),
    ``epoch_seconds``, ``train_seconds``,
    ``batch_size``, ``steps_per_epoch`` and ``schedule`` (the Keras schedule, or None).
    """
    images, labels = check_training_data(images, labels)
    settings = settings or recipe_for()
    epochs = settings.epochs if epochs is None else epochs
    early_stopping = settings.early_stopping if early_stopping is None else early_stopping
    if not 0.0 <= validation_split < 1.0:
        raise ValueError(f"validation_split is a fraction from 0 to below 1 (0.1 = 10%), not {validation_split}.")
    if epochs < 1:
        raise ValueError(f"epochs must be at least 1, not {epochs}.")
    if getattr(model, "optimizer", None) is None or not getattr(model, "compiled", False):
        raise ValueError("This model is not compiled yet: call compile_model(model) first.")
    patience = max(2, epochs // 4) if patience is None else patience
    n_validation = int(len(images) * validation_split)
    n_train = len(images) - n_validation
    if n_train < 1:
        raise ValueError("No images left to train on: use more images or a smaller validation_split.")
    # a short run (too few steps at the recipe's batch size) trains in smaller batches; only when train picks both
    short_run = batch_size is None and cosine_decay and settings.is_short_run(n_train, epochs)
    batch_size = batch_size or (SHORT_RUN_BATCH_SIZE if short_run else settings.batch_size)
    train_data = make_dataset(images[:n_train], labels[:n_train], batch_size, shuffle=True, seed=seed)
    validation_data = (
        make_dataset(images[n_train:], labels[n_train:], 1024, shuffle=False) if n_validation else None
    )
    steps_per_epoch = -(-n_train // batch_size)  # rounded up: the last, smaller batch is a step too
    schedule = None
    if cosine_decay:
        compiled_rate = peak = peak_learning_rate(model.optimizer)
        if short_run:
            peak = settings.short_run_rate(compiled_rate)
        schedule = schedule_for(settings, peak, epochs, steps_per_epoch)
        with_schedule(model, schedule)
    say = print_fn if verbose else (lambda *_: None)
    log = EpochLog(epochs, print_fn=say)
    all_callbacks: list[keras.callbacks.Callback] = [log, *(callbacks or [])]
    stopper = None
    if early_stopping and validation_data is not None:
        stopper = keras.callbacks.EarlyStopping(monitor="val_loss", patience=patience, restore_best_weights=True)
        all_callbacks.append(stopper)
    rate_plan = ""
    if schedule is not None:
        warmup = f" after a {schedule.warmup_steps}-step warm-up" if schedule.warmup_steps else ""
        rate = f"{peak:.2g} ({compiled_rate:g} × √({batch_size}/{settings.batch_size}))" if short_run else f"{peak:g}"
        rate_plan = (f", learning rate {rate}{warmup} decaying to 0 "
                     f"(compiled again with a fresh {type(model.optimizer).__name__} that follows this schedule)")
    say(
        f"Training on {n_train:,} images, validating on {n_validation:,}, batch size {batch_size}"
        + (f" (a short run: {epochs * -(-n_train // settings.batch_size)} steps at the recipe's {settings.batch_size} "
           f"would be too few)" if short_run else "") + ", "
        f"{epochs} epoch{'s' if epochs > 1 else ''}" + rate_plan
        + (f", early stopping (patience {patience})" if stopper else "")
    )
    start = time.perf_counter()
    history = model.fit(train_data, validation_data=validation_data, epochs=epochs, verbose=0,
                        callbacks=all_callbacks, shuffle=False)  # the pipeline shuffles
    history.train_seconds = time.perf_counter() - start
    history.epoch_seconds = log.epoch_seconds
    # the epoch whose weights the model keeps: the lowest validation loss with early stopping, else the last
    history.best_epoch = stopper.best_epoch + 1 if stopper else len(history.epoch)
    history.batch_size = batch_size
    history.steps_per_epoch = steps_per_epoch
    history.schedule = schedule
    say(
        f"Done in {history.train_seconds:.1f} s: {len(history.epoch)} epoch{'s' if len(history.epoch) > 1 else ''}"
        + (f"; kept the weights of epoch {history.best_epoch} (lowest validation loss)" if stopper
           else "; kept the weights of the last epoch")
    )
    return history
