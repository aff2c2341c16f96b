"""Exercises of 06_train: steps per epoch, the epoch early stopping keeps, the cosine learning rate, the schedule experiment."""

from __future__ import annotations

import math

from ..i18n import translate as _
from . import exercise, require

__all__ = [
    "COSINE_PROGRESS",
    "cosine_rate",
    "early_stopping_epoch",
    "EXPERIMENT_BATCH_SIZE",
    "EXPERIMENT_EPOCHS",
    "EXPERIMENT_IMAGES",
    "PATIENCE",
    "PLAUSIBLE_ACCURACY",
    "schedule_experiment",
    "START_RATE",
    "STEPS_BATCH_SIZE",
    "STEPS_IMAGES",
    "steps_per_epoch",
    "STEPS_VALIDATION_SPLIT",
    "VALIDATION_LOSSES",
]

#: Exercise 1: fh.train on this many images, with this validation split and batch size.
STEPS_IMAGES = 30_000
STEPS_VALIDATION_SPLIT = 0.1
STEPS_BATCH_SIZE = 128

#: Exercise 2: the validation loss after epochs 1, 2, 3, ... of a made-up run.
VALIDATION_LOSSES = [0.62, 0.45, 0.39, 0.36, 0.37, 0.35, 0.38, 0.40, 0.41, 0.43]
PATIENCE = 2

#: Exercise 3: a cosine schedule without warm-up (06's hand-made one), from this learning rate, at this fraction of the steps.
START_RATE = 0.001
COSINE_PROGRESS = 0.25


@exercise(
    notebook="06_train",
    question=(
        f"fh.train on {STEPS_IMAGES:,} images (validation_split={STEPS_VALIDATION_SPLIT}, "
        f"batch_size={STEPS_BATCH_SIZE}): how many training steps make one epoch?"
    ),
    hint=(
        "First take the validation images away: 10% of the images are held out and never trained on. "
        "Then one step per batch; the last batch may be smaller but still counts, so round up (math.ceil)."
    ),
    solution=(
        "n_train = 30_000 - int(30_000 * 0.1)        # 27,000 images to train on\n"
        "my_steps = math.ceil(n_train / 128)         # 211: 210 full batches and one of 120"
    ),
)
def steps_per_epoch(my_steps) -> None:
    n_validation = int(STEPS_IMAGES * STEPS_VALIDATION_SPLIT)
    n_train = STEPS_IMAGES - n_validation
    steps = float(my_steps)
    require(
        steps == int(steps),
        _(
            "{steps:g} is not a whole number: a step trains on one batch, and there is no such thing as a part of a step. The last, smaller batch is a step of its own: round up with math.ceil.",
            steps=steps,
        ),
    )
    steps = int(steps)
    require(
        steps != math.floor(n_train / STEPS_BATCH_SIZE),
        _(
            "{steps} counts only the full batches (rounded down). The {value} images left over make one more, smaller batch, and that is a step too: round up with math.ceil.",
            steps=steps,
            value=n_train % STEPS_BATCH_SIZE,
        ),
    )
    require(
        steps not in (math.ceil(STEPS_IMAGES / STEPS_BATCH_SIZE), math.floor(STEPS_IMAGES / STEPS_BATCH_SIZE)),
        _(
            "{steps} steps would train on all {STEPS_IMAGES:,} images, but validation_split={STEPS_VALIDATION_SPLIT} holds {n_validation:,} of them out: train on the other {n_train:,}.",
            steps=steps,
            STEPS_IMAGES=STEPS_IMAGES,
            STEPS_VALIDATION_SPLIT=STEPS_VALIDATION_SPLIT,
            n_validation=n_validation,
            n_train=n_train,
        ),
    )
    require(
        steps not in (math.ceil(n_validation / STEPS_BATCH_SIZE), math.floor(n_validation / STEPS_BATCH_SIZE)),
        _(
            "{steps} steps cover the {n_validation:,} validation images. Training runs on the other {n_train:,}.",
            steps=steps,
            n_validation=n_validation,
            n_train=n_train,
        ),
    )
    for hardware_name, batch_size in _recipe_batch_sizes().items():
        require(
            batch_size == STEPS_BATCH_SIZE or steps != math.ceil(n_train / batch_size),
            _(
                "{steps} is the answer for batch size {batch_size} (fh.train's default with the {hardware_name} recipe); this question passes batch_size={STEPS_BATCH_SIZE}.",
                steps=steps,
                batch_size=batch_size,
                hardware_name=hardware_name,
                STEPS_BATCH_SIZE=STEPS_BATCH_SIZE,
            ),
        )
    require(
        steps == math.ceil(n_train / STEPS_BATCH_SIZE),
        _(
            "{steps} is not the number of batches of {STEPS_BATCH_SIZE} in the training images. How many images are left after the validation split?",
            steps=steps,
            STEPS_BATCH_SIZE=STEPS_BATCH_SIZE,
        ),
    )


def _recipe_batch_sizes() -> dict[str, int]:
    """The batch size fh.train uses by default for the article's CNN, per hardware, read from the recipes."""
    from ..recipes import recipe_for  # here, not at the top: loading the exercises does not load Keras

    return {name.upper(): recipe_for("article", name).batch_size for name in ("cpu", "gpu")}


def _early_stopping(losses: list[float], patience: int) -> tuple[int, int]:
    """(best epoch, stopping epoch), both 1-based, as keras.callbacks.EarlyStopping decides them."""
    best, best_epoch, wait = math.inf, 0, 0
    for epoch, loss in enumerate(losses, start=1):
        if loss < best:
            best, best_epoch, wait = loss, epoch, 0
            continue
        wait += 1
        if wait >= patience:
            return best_epoch, epoch
    return best_epoch, len(losses)


@exercise(
    notebook="06_train",
    question=(
        f"The validation loss of epochs 1, 2, 3, ... is {VALIDATION_LOSSES}. Training has "
        f'EarlyStopping(monitor="val_loss", patience={PATIENCE}, restore_best_weights=True): '
        "the weights of which epoch does the model keep? (Epochs count from 1.)"
    ),
    hint=(
        "Walk through the list: a new lowest loss resets the count; every epoch without one adds 1, "
        f"and at {PATIENCE} training stops. The model then goes back to the epoch with the lowest loss "
        "seen so far. Count epochs from 1, as Keras' log does."
    ),
    solution=(
        "my_epoch = 6   # 0.35 at epoch 6 is the lowest; epochs 7 and 8 do not beat it, so training stops "
        "after epoch 8 and restores epoch 6\n"
        "# in code: int(np.argmin(validation_losses[:8])) + 1"
    ),
)
def early_stopping_epoch(my_epoch) -> None:
    best_epoch, stop_epoch = _early_stopping(VALIDATION_LOSSES, PATIENCE)
    value = float(my_epoch)
    require(
        not 0 < value < 1,
        _(
            "{value:g} is a validation loss. The question asks for the epoch number whose weights are kept.",
            value=value,
        ),
    )
    require(value == int(value), _("{value:g} is not an epoch number: epochs are counted 1, 2, 3, ...", value=value))
    epoch = int(value)
    require(
        epoch != best_epoch - 1,
        _(
            "{epoch} is the 0-based index (what np.argmin or history.epoch gives). Epochs count from 1: add 1.",
            epoch=epoch,
        ),
    )
    require(
        epoch != stop_epoch,
        _(
            "epoch {epoch} is where training stops, after {PATIENCE} epochs without a new lowest loss. restore_best_weights=True then goes back to the best epoch before it.",
            epoch=epoch,
            PATIENCE=PATIENCE,
        ),
    )
    require(
        epoch != len(VALIDATION_LOSSES),
        _(
            "epoch {epoch} is the last of the list, but training never gets there: it stops after epoch {stop_epoch}. And the last epoch is not the one kept anyway: restore_best_weights keeps the best.",
            epoch=epoch,
            stop_epoch=stop_epoch,
        ),
    )
    require(
        epoch != stop_epoch - 1,
        _(
            "{epoch} is where training stops, counted from 0. Look for the epoch with the lowest loss before it.",
            epoch=epoch,
        ),
    )
    first_dip = next(i for i in range(1, len(VALIDATION_LOSSES)) if VALIDATION_LOSSES[i] > VALIDATION_LOSSES[i - 1])
    require(
        epoch != first_dip,
        _(
            "epoch {epoch} is the lowest loss before the first rise, but one worse epoch does not stop training with patience {PATIENCE}: epoch {value} beats it.",
            epoch=epoch,
            PATIENCE=PATIENCE,
            value=first_dip + 2,
        ),
    )
    require(
        epoch == best_epoch,
        _(
            "epoch {epoch} is not the one kept. Find where {PATIENCE} epochs in a row bring no new lowest loss: training stops there, and goes back to the lowest loss before.",
            epoch=epoch,
            PATIENCE=PATIENCE,
        ),
    )


@exercise(
    notebook="06_train",
    question=(
        f"A cosine schedule without warm-up (Keras' CosineDecay, as in the cells above) starts at learning "
        f"rate {START_RATE}. What is the rate after {COSINE_PROGRESS:.0%} of the training steps?"
    ),
    hint=(
        "Use the cosine formula the notebook shows for the schedule, with step / total_steps the fraction of "
        "steps done "
        f"(here {COSINE_PROGRESS}); np.cos works in radians. (fh.train's schedule has the same shape after "
        "its warm-up, from its recipe's peak rate.)"
    ),
    solution="my_rate = 0.001 * 0.5 * (1 + np.cos(np.pi * 0.25))   # about 0.000854",
)
def cosine_rate(my_rate) -> None:
    rate = float(my_rate)
    progress = COSINE_PROGRESS
    right = START_RATE * 0.5 * (1 + math.cos(math.pi * progress))

    def near(value: float) -> bool:
        return math.isclose(rate, value, rel_tol=1e-3, abs_tol=1e-9)

    require(
        not near(START_RATE * (1 - progress)),
        _(
            "{rate:g} is a straight line from {START_RATE} down to 0. A cosine falls slowly at first, fast in the middle, and slowly again at the end: start * 0.5 * (1 + cos(pi * progress)).",
            rate=rate,
            START_RATE=START_RATE,
        ),
    )
    require(
        not near(START_RATE * math.cos(math.pi * progress)),
        _(
            "{rate:g} is start * cos(pi * progress), which would end at -{START_RATE} (a negative rate). The schedule shifts and halves the cosine so it ends at 0: start * 0.5 * (1 + cos(pi * progress)).",
            rate=rate,
            START_RATE=START_RATE,
        ),
    )
    require(
        not near(START_RATE * 0.5 * (1 - math.cos(math.pi * progress))),
        _(
            "{rate:g} is the rising curve, 0.5 * (1 - cos): the rate should fall from {START_RATE} to 0. Use 1 + cos.",
            rate=rate,
            START_RATE=START_RATE,
        ),
    )
    require(
        not near(START_RATE * 0.5 * (1 + math.cos(180 * progress))),
        _(
            "{rate:g} comes from cos({value:g}) in radians. np.cos works in radians: use np.pi * progress, not 180 * progress.",
            rate=rate,
            value=180 * progress,
        ),
    )
    require(
        not near(START_RATE * 0.5 * (1 + math.cos(progress))),
        _(
            "{rate:g} forgets the pi: the angle runs from 0 to pi over the training, so use np.cos(np.pi * progress).",
            rate=rate,
        ),
    )
    require(
        not near(START_RATE * 0.5),
        _(
            "{rate:g} is the rate halfway through (50% of the steps); this question asks for {progress:.0%}.",
            rate=rate,
            progress=progress,
        ),
    )
    require(near(right), _("{rate:g} is not start * 0.5 * (1 + cos(pi * {progress})).", rate=rate, progress=progress))


#: Exercise 4 (open): the 10,000-image subset, the epochs, the one batch size both runs use, and plausible accuracies.
EXPERIMENT_IMAGES = 10_000
EXPERIMENT_EPOCHS = 3
EXPERIMENT_BATCH_SIZE = 256
PLAUSIBLE_ACCURACY = (0.70, 0.95)


@exercise(
    notebook="06_train",
    question=(
        f"Open experiment: train the article's CNN on the first {EXPERIMENT_IMAGES:,} training images for "
        f"{EXPERIMENT_EPOCHS} epochs, once with fh.train's schedule (a warm-up, then the cosine decay) and once with "
        f"cosine_decay=False (the peak rate from the first step to the last), the same seed and "
        f"batch_size={EXPERIMENT_BATCH_SIZE} for both. Repeat with seeds 1 and 2. Give the validation accuracies "
        "(of the epochs fh.train kept): a list with the schedule first, then a list without."
    ),
    hint=(
        "Only the schedule may differ: set the seed before each run, build and compile a fresh model, and keep the subset, "
        f"epochs and batch_size={EXPERIMENT_BATCH_SIZE} in both fh.train calls (without it, fh.train may make only "
        "the scheduled run a short run at batch 64). Read each run's val_accuracy at history.best_epoch - 1."
    ),
    solution=(
        "results = {True: [], False: []}\n"
        "for seed in (0, 1, 2):\n"
        "    for decay in (True, False):\n"
        "        fh.set_seed(seed)\n"
        "        model = fh.compile_model(fh.build_model())\n"
        f"        history = fh.train(model, subset_images, subset_labels, epochs={EXPERIMENT_EPOCHS}, "
        f"batch_size={EXPERIMENT_BATCH_SIZE}, seed=seed,\n"
        "                           cosine_decay=decay, verbose=False)\n"
        "        results[decay].append(history.history['val_accuracy'][history.best_epoch - 1])\n"
        "check.schedule_experiment(results[True], results[False])"
    ),
)
def schedule_experiment(with_schedule, without_schedule) -> None:
    runs = [_accuracies(with_schedule), _accuracies(without_schedule)]
    require(all(runs), _("give at least one validation accuracy with the schedule and one without."))
    require(
        all(0 <= value <= 1 for values in runs for value in values),
        _("{runs} are not fractions from 0 to 1. Give accuracies as Keras logs them (0.88, not 88).", runs=runs),
    )
    require(
        len(runs[0]) == len(runs[1]),
        _(
            "{with_count} accuracies with the schedule and {without_count} without: train both with the same seeds.",
            with_count=len(runs[0]),
            without_count=len(runs[1]),
        ),
    )
    low, high = PLAUSIBLE_ACCURACY
    for name, values in zip((_("with the schedule"), _("without")), runs):
        for value in values:
            require(
                value >= low,
                _(
                    "{value:.3f} ({name}) is low for {epochs} epochs on 9,000 images (expect about 0.85-0.90): "
                    "is it a loss instead of an accuracy, or were the images not normalized?",
                    value=value,
                    name=name,
                    epochs=EXPERIMENT_EPOCHS,
                ),
            )
            require(
                value <= high,
                _(
                    "{value:.3f} ({name}) is higher than {epochs} epochs on 9,000 images give: is it the training "
                    "accuracy instead of val_accuracy?",
                    value=value,
                    name=name,
                    epochs=EXPERIMENT_EPOCHS,
                ),
            )
    with_values, without_values = runs
    difference = (sum(with_values) / len(with_values) - sum(without_values) / len(without_values)) * 100
    if len(with_values) == 1:
        print(
            _(
                "With the schedule {with_values}, without {without_values}: a difference of {difference:+.1f} points.",
                with_values=_listed(with_values),
                without_values=_listed(without_values),
                difference=difference,
            )
        )
        print(
            _(
                "One run each cannot tell: another seed moves each accuracy too. Two training runs differ for real "
                "only beyond the seed-to-seed spread (notebook 08): repeat both with seeds 1 and 2 and give the check "
                "the lists."
            )
        )
        return
    print(
        _(
            "With the schedule {with_values}, without {without_values}: a difference of {difference:+.1f} points "
            "on average.",
            with_values=_listed(with_values),
            without_values=_listed(without_values),
            difference=difference,
        )
    )
    if min(with_values) > max(without_values) or min(without_values) > max(with_values):
        winner = _("the schedule (warm-up and decay)") if difference > 0 else _("the constant rate")
        print(
            _(
                "Every seed of one beats every seed of the other: beyond the seed-to-seed spread, {winner} did "
                "better on this budget.",
                winner=winner,
            )
        )
    else:
        print(
            _(
                "The two ranges overlap: within the seed-to-seed spread, so no measurable difference on this budget "
                "(notebook 08 says more)."
            )
        )


def _accuracies(value) -> list[float]:
    """One accuracy or a list of them (one per seed), as a list of floats."""
    import numpy as np

    return [float(item) for item in np.atleast_1d(np.asarray(value, dtype=float)).ravel()]


def _listed(values: list[float]) -> str:
    return ", ".join(f"{value:.1%}" for value in values)
