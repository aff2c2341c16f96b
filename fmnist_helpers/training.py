"""Steps 5 and 6 of the course: compile (05_compile) and train (06_train) with the course recipe.

The course recipe: Adam, sparse categorical cross-entropy, a validation split, a short fixed
budget of epochs whose learning rate glides down to zero (Keras' own cosine decay schedule, after
a warm-up), and early stopping that keeps the best weights, fed by a `tf.data` pipeline (cache +
shuffle + batch + prefetch).

Why not the article's 50 epochs: trained long enough, this CNN memorises the training images and
its validation loss rises (06_train shows it on a 10,000-image subset). A few epochs whose learning
rate decays to zero reach the article's accuracy in a fraction of its time (benchmarks/).

The parts `train` puts together live in their own modules: the recipes (`recipes`), the input
pipeline (`pipeline`), the learning-rate schedule (`schedule`), the line per epoch (`progress`).
`plan_training` works out a run before any training (no TensorFlow needed), and `train` follows
that plan. `course_model` gives 07, 09 and 10 the model 06 trained: loaded from `model_cache` when
the saved one matches, trained here otherwise.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from .i18n import translate as _
from .preprocessing import check_images_and_labels
from .recipes import SHORT_RUN_BATCH_SIZE, Recipe, recipe_for, training_precision

if TYPE_CHECKING:  # Keras loads when a model is compiled or trained: plan_training needs none of it
    import keras
    import numpy as np

__all__ = [
    "ScalingComparison",
    "TrainingPlan",
    "compare_scalings",
    "compile_model",
    "course_model",
    "plan_training",
    "set_seed",
    "train",
    "use_precision",
]


@dataclass(frozen=True)
class TrainingPlan:
    """What one call of `train` will do, worked out before it trains (`plan_training`); ``history.plan`` after."""

    recipe: Recipe  #: the recipe the run follows (batch size, warm-up share, epochs, early stopping by default)
    n_train: int  #: images trained on
    n_validation: int  #: images held out (the last ``validation_split`` of them)
    epochs: int  #: the planned epochs (early stopping may end the run sooner)
    batch_size: int  #: images per step
    short_run: bool  #: too few steps at the recipe's batch size: trained at `SHORT_RUN_BATCH_SIZE` instead
    steps_per_epoch: int  #: batches per epoch, the last smaller one included
    total_steps: int  #: steps of the planned epochs
    cosine_decay: bool  #: the rate follows a warm-up, then a cosine decay to 0 (False: the compiled optimizer as it is)
    compiled_rate: float | None  #: the rate the model was compiled with (None without ``cosine_decay``)
    peak_rate: float | None  #: the rate after the warm-up (`Recipe.short_run_rate` of the compiled one in a short run)
    warmup_steps: int  #: steps over which the rate climbs from 0 to ``peak_rate``
    early_stopping: bool  #: stop once the validation loss stops falling, and keep the best epoch's weights
    patience: int  #: epochs without a lower validation loss before early stopping stops the run
    early_stopping_skipped: bool = False  #: the recipe asks for early stopping, but there are no validation images

    @property
    def recipe_steps(self) -> int:
        """Steps the run would take at the recipe's own batch size (a short run has fewer than `SHORT_RUN_STEPS`)."""
        return self.recipe.run_steps(self.n_train, self.epochs)

    def summary(self) -> str:
        """The plain line `train` prints by default: images, epochs, batch size (words taught by notebook 04).

        E.g. "Training on 54,000 images for 5 epochs, batch size 256 (6,000 more images kept aside to
        check the model on)". `describe` is the full plan, which 06_train teaches (``show_plan=True``).
        """
        epochs = _("{epochs} epochs", epochs=self.epochs) if self.epochs > 1 else _("1 epoch")
        kept = (
            _(" ({images:,} more images kept aside to check the model on)", images=self.n_validation)
            if self.n_validation
            else ""
        )
        return _(
            "Training on {images:,} images for {epochs}, batch size {batch_size}{kept}",
            images=self.n_train,
            epochs=epochs,
            batch_size=self.batch_size,
            kept=kept,
        )

    def describe(self, optimizer_name: str = "Adam") -> str:
        """The line `train` prints before it trains, e.g. "Training on 54,000 images, validating on 6,000, ..."."""
        rate_plan = ""
        if self.cosine_decay:
            warmup = _(" after a {steps}-step warm-up", steps=self.warmup_steps) if self.warmup_steps else ""
            rate = (
                f"{self.peak_rate:.2g} ({self.compiled_rate:g} × √({self.batch_size}/{self.recipe.batch_size}))"
                if self.short_run
                else f"{self.peak_rate:g}"
            )
            rate_plan = _(
                ", learning rate {rate}{warmup} decaying to 0 "
                "(compiled again with a fresh {optimizer} that follows this schedule)",
                rate=rate,
                warmup=warmup,
                optimizer=optimizer_name,
            )
        short = (
            _(
                " (a short run: {steps} steps at the recipe's {batch_size} would be too few)",
                steps=self.recipe_steps,
                batch_size=self.recipe.batch_size,
            )
            if self.short_run
            else ""
        )
        stopping = _(", early stopping (patience {patience})", patience=self.patience) if self.early_stopping else ""
        if self.early_stopping_skipped:
            stopping = _(", no early stopping (no validation images to watch)")
        epochs = _("{epochs} epochs", epochs=self.epochs) if self.epochs > 1 else _("1 epoch")
        return _(
            "Training on {images:,} images, validating on {validation:,}, batch size "
            "{batch_size}{short}, {epochs}{rate_plan}{stopping}",
            images=self.n_train,
            validation=self.n_validation,
            batch_size=self.batch_size,
            short=short,
            epochs=epochs,
            rate_plan=rate_plan,
            stopping=stopping,
        )


def plan_training(
    n_images: int,
    recipe: Recipe | None = None,
    compiled_rate: float | None = None,
    epochs: int | None = None,
    batch_size: int | None = None,
    validation_split: float = 0.1,
    patience: int | None = None,
    early_stopping: bool | None = None,
    cosine_decay: bool = True,
) -> TrainingPlan:
    """The `TrainingPlan` of ``train(model, images, labels, ...)`` on ``n_images`` images, without training.

    The arguments are `train`'s (``compiled_rate``: the model's compiled learning rate, default the
    recipe's peak rate). Pure arithmetic on the recipe: no TensorFlow needed (given a ``recipe``; the
    default one asks TensorFlow for a GPU unless ``FMNIST_HARDWARE`` says which), so it answers at once
    how many images train and validate, the batch size, whether the run is a short one
    (`Recipe.is_short_run`, then `Recipe.short_run_rate`), the steps, the warm-up and the patience.
    ``early_stopping=True`` with ``validation_split=0`` is refused (there is no validation loss to
    watch); when the recipe asks for it by default, such a run trains without it and says so.
    """
    recipe = recipe or recipe_for()
    epochs = recipe.epochs if epochs is None else epochs
    if not 0.0 <= validation_split < 1.0:
        raise ValueError(
            _(
                "validation_split is a fraction from 0 to below 1 (0.1 = 10%), not {validation_split}.",
                validation_split=validation_split,
            )
        )
    if epochs < 1:
        raise ValueError(_("epochs must be at least 1, not {epochs}.", epochs=epochs))
    if batch_size is not None and batch_size < 1:
        raise ValueError(_("batch_size must be at least 1, not {batch_size}.", batch_size=batch_size))
    n_validation = int(n_images * validation_split)
    n_train = n_images - n_validation
    if n_train < 1:
        raise ValueError(_("No images left to train on: use more images or a smaller validation_split."))
    if early_stopping and not n_validation:
        raise ValueError(
            _(
                "Early stopping watches the validation loss, and this run has no validation images: "
                "give a validation_split above 0 (0.1 holds out 10%), or early_stopping=False."
            )
        )
    wanted_stopping = recipe.early_stopping if early_stopping is None else early_stopping
    # a short run (too few steps at the recipe's batch size) trains in smaller batches; only when train picks both
    short_run = batch_size is None and cosine_decay and recipe.is_short_run(n_train, epochs)
    batch_size = batch_size or (SHORT_RUN_BATCH_SIZE if short_run else recipe.batch_size)
    steps_per_epoch = -(-n_train // batch_size)  # rounded up: the last, smaller batch is a step too
    total_steps = epochs * steps_per_epoch
    peak_rate = None
    if cosine_decay:
        compiled_rate = recipe.learning_rate if compiled_rate is None else compiled_rate
        peak_rate = recipe.short_run_rate(compiled_rate) if short_run else compiled_rate
    else:
        compiled_rate = None
    return TrainingPlan(
        recipe=recipe,
        n_train=n_train,
        n_validation=n_validation,
        epochs=epochs,
        batch_size=batch_size,
        short_run=short_run,
        steps_per_epoch=steps_per_epoch,
        total_steps=total_steps,
        cosine_decay=cosine_decay,
        compiled_rate=compiled_rate,
        peak_rate=peak_rate,
        warmup_steps=recipe.warmup_steps(total_steps, steps_per_epoch) if cosine_decay else 0,
        early_stopping=bool(wanted_stopping and n_validation),
        patience=max(2, epochs // 4) if patience is None else patience,
        early_stopping_skipped=bool(wanted_stopping and not n_validation),
    )


def set_seed(seed: int = 42) -> None:
    """Make a run repeatable: seeds Python, NumPy and TensorFlow and asks for deterministic ops.

    After ``set_seed(0)``, building, compiling and training the same model on the same data gives
    the same losses on the same CPU. (GPUs may still differ in the last digits.)
    """
    import keras
    import tensorflow as tf

    keras.utils.set_random_seed(seed)
    tf.config.experimental.enable_op_determinism()


def use_precision(model: keras.Model, policy: str) -> keras.Model:
    """Let ``model``'s layers compute in ``policy`` (a Keras dtype policy: ``"mixed_bfloat16"`` or ``"float32"``).

    Mixed precision in Keras: the weights stay float32, the sums and products of the layers are done
    in bfloat16 (8 bits of precision instead of 24): about 1.2 to 2 times as fast on a CPU with
    native support, to about the same accuracy here (docs/benchmarks.md). Two kinds of layer always
    stay float32: the layers before the first one with weights (augmentation, such as a random flip,
    passes the images on unchanged) and the last layer, whose probabilities a student reads.
    Returns the same model.
    """
    import keras

    first = next((i for i, layer in enumerate(model.layers) if layer.weights), len(model.layers))
    for i, layer in enumerate(model.layers):
        inside = first <= i < len(model.layers) - 1
        layer.dtype_policy = keras.DTypePolicy(policy if inside else "float32")
    return model


def compile_model(
    model: keras.Model,
    learning_rate: float | keras.optimizers.schedules.LearningRateSchedule | None = None,
    jit_compile: bool | str = "auto",
    recipe: Recipe | None = None,
) -> keras.Model:
    """Compile with Adam, sparse categorical cross-entropy and accuracy. Taught in 05_compile.

    The article writes ``optimizer=tf.train.AdamOptimizer()``: that is TensorFlow 1 and fails on
    TensorFlow 2 (``AttributeError: module 'tensorflow._api.v2.train' has no attribute
    'AdamOptimizer'``). In TensorFlow 2 / Keras 3 it is ``keras.optimizers.Adam()``.
    ``learning_rate`` is a number or a Keras schedule; by default the peak rate of ``recipe``
    (default: the article CNN's on this hardware, `recipe_for`). ``jit_compile="auto"`` lets
    Keras use XLA on a GPU and not on a CPU (where XLA measured slower). The recipe's
    ``steps_per_execution`` runs several steps per call on a GPU, which cuts the per-step overhead
    that dominates for a model this small.
    On a CPU that computes bfloat16 natively the layers then compute in bfloat16, the weights and the
    probabilities staying float32 (`use_precision`, `fmnist_helpers.recipes.training_precision`).
    Returns the same model, so ``model = compile_model(build_model())`` reads well.
    """
    import keras

    recipe = recipe or recipe_for()
    use_precision(model, training_precision(recipe.hardware))
    model.compile(
        optimizer=keras.optimizers.Adam(learning_rate=recipe.learning_rate if learning_rate is None else learning_rate),
        loss="sparse_categorical_crossentropy",
        metrics=["accuracy"],
        jit_compile=jit_compile,
        steps_per_execution=recipe.steps_per_execution,
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
    recipe: Recipe | None = None,
    show_plan: bool = False,
) -> keras.callbacks.History:
    """Train with the course recipe and return the Keras `History`. Taught in 06_train.

    The last ``validation_split`` of the images is held out (as Keras' own ``validation_split``
    does) to watch for overfitting. ``epochs``, ``batch_size`` and ``early_stopping`` default to
    ``recipe``'s (default: the article CNN's on this hardware, `recipe_for`; compile with the same
    ``recipe``). With ``cosine_decay`` the model is compiled again with a fresh optimizer that
    follows `cosine_schedule`: from the compiled learning rate (after the recipe's warm-up, if
    any) down to zero at the end of the last epoch. With ``early_stopping`` training stops once
    the validation loss has not improved for ``patience`` epochs (default: a quarter of the planned
    epochs, at least 2, so the noisy early epochs of a long schedule, at a high learning rate, do
    not stop it), and the best epoch's weights are restored. Early stopping needs validation
    images: with ``validation_split=0`` it is refused if you ask for it, and left out (said in the
    first line) if the recipe does.
    A *short run* (fewer than `SHORT_RUN_STEPS` steps at the recipe's batch size, e.g. one epoch on
    10,000 images) trains at batch `SHORT_RUN_BATCH_SIZE` with the peak rate of
    `Recipe.short_run_rate`, unless you give ``batch_size`` or ``cosine_decay=False`` (then the
    batch size and the optimizer are yours). The first line printed says what trains: images,
    epochs, batch size (`TrainingPlan.summary`); with ``show_plan=True``, the whole plan instead
    (`TrainingPlan.describe`: the short run, the learning rate, the warm-up, early stopping).
    The returned history also has ``plan`` (the `TrainingPlan` it followed), ``best_epoch``
    (1-based: the epoch whose weights the model keeps), ``epoch_seconds``, ``train_seconds``,
    ``batch_size``, ``steps_per_epoch`` and ``schedule`` (the Keras schedule, or None).
    """
    import keras

    from .pipeline import make_dataset
    from .progress import EpochLog
    from .schedule import cosine_schedule, peak_learning_rate, with_schedule

    images, labels = check_images_and_labels(images, labels)
    if getattr(model, "optimizer", None) is None or not getattr(model, "compiled", False):
        raise ValueError(_("This model is not compiled yet: call compile_model(model) first."))
    recipe = recipe or recipe_for()
    plan = plan_training(
        len(images),
        recipe,
        peak_learning_rate(model.optimizer) if cosine_decay else None,
        epochs=epochs,
        batch_size=batch_size,
        validation_split=validation_split,
        patience=patience,
        early_stopping=early_stopping,
        cosine_decay=cosine_decay,
    )
    n_train = plan.n_train
    train_data = make_dataset(images[:n_train], labels[:n_train], plan.batch_size, shuffle=True, seed=seed)
    validation_data = (
        make_dataset(images[n_train:], labels[n_train:], 1024, shuffle=False) if plan.n_validation else None
    )
    schedule = None
    if plan.cosine_decay:
        schedule = cosine_schedule(plan.peak_rate, plan.total_steps, plan.warmup_steps)
        with_schedule(model, schedule)
    say = print_fn if verbose else (lambda *_: None)
    log = EpochLog(plan.epochs, print_fn=say)
    all_callbacks: list[keras.callbacks.Callback] = [log, *(callbacks or [])]
    stopper = None
    if plan.early_stopping:
        stopper = keras.callbacks.EarlyStopping(monitor="val_loss", patience=plan.patience, restore_best_weights=True)
        all_callbacks.append(stopper)
    say(plan.describe(type(model.optimizer).__name__) if show_plan else plan.summary())
    start = time.perf_counter()
    history = model.fit(
        train_data,
        validation_data=validation_data,
        epochs=plan.epochs,
        verbose=0,
        callbacks=all_callbacks,
        shuffle=False,
    )  # the pipeline shuffles
    history.plan = plan
    history.train_seconds = time.perf_counter() - start
    history.epoch_seconds = log.epoch_seconds
    # the epoch whose weights the model keeps: the lowest validation loss with early stopping, else the last
    history.best_epoch = stopper.best_epoch + 1 if stopper else len(history.epoch)
    history.batch_size = plan.batch_size
    history.steps_per_epoch = plan.steps_per_epoch
    history.schedule = schedule
    trained = _("{epochs} epochs", epochs=len(history.epoch)) if len(history.epoch) > 1 else _("1 epoch")
    say(
        _("Done in {seconds:.1f} s: {epochs}", seconds=history.train_seconds, epochs=trained)
        + (
            _("; kept the weights of epoch {epoch} (lowest validation loss)", epoch=history.best_epoch)
            if stopper
            else _("; kept the weights of the last epoch")
        )
    )
    return history


def course_model(
    images: np.ndarray, labels: np.ndarray, seed: int = 42, print_fn: Callable[..., None] = print
) -> keras.Model:
    """The course model of 06_train, trained on ``images``: loaded if 06 saved it, otherwise trained here.

    The saved model is used only when its fingerprint (recipe, seed, helper and library versions,
    the very same images and labels) matches this call's: checked, not assumed; a saved model that
    cannot be loaded counts as missing. Otherwise this trains it as 06 does, ``set_seed(seed)``,
    ``compile_model(build_model())``, ``train(...)``, and saves it for next time (`save_course_model`).
    """
    from .model import build_model
    from .model_cache import course_model_dir, course_model_fingerprint, load_course_model, save_course_model

    wanted = course_model_fingerprint(images, labels, seed, epochs=recipe_for().epochs)
    model = load_course_model(wanted, print_fn=print_fn)
    if model is not None:
        print_fn(
            _(
                "Loaded the model 06_train saved in {folder} (same recipe, seed {seed}, "
                "helpers {helpers} and the same {images:,} images): no need to train it again.",
                folder=course_model_dir(),
                seed=seed,
                helpers=wanted["helpers"],
                images=len(images),
            )
        )
        return model
    print_fn(
        _(
            "No model from 06_train with this recipe, seed and data here: training it now (notebook 06 explains every step)."
        )
    )
    set_seed(seed)
    model = compile_model(build_model())
    history = train(model, images, labels, seed=seed, print_fn=print_fn)
    save_course_model(model, course_model_fingerprint(images, labels, seed, history.plan.epochs))
    return model


@dataclass(frozen=True)
class ScalingComparison:
    """What `compare_scalings` measured: the held-out accuracy of each scaling and seed, and the verdict."""

    accuracy: dict[tuple[str, int], float]  # (scaling, seed) -> accuracy on the held-out images, 0..1
    models: dict[tuple[str, int], keras.Model]  # (scaling, seed) -> the model trained that way
    largest_change: float  # the largest change another scaling makes, same seed, in percentage points
    seed_spread: float  # the largest change between seeds, same scaling, in percentage points
    within_noise: bool  # largest_change <= seed_spread
    verdict: str  # the plain sentence printed last


def compare_scalings(
    images: np.ndarray,
    labels: np.ndarray,
    divide_by: dict[str, float] | None = None,
    seeds: tuple[int, ...] = (0, 1, 2),
    n_train: int = 10_000,
    n_held_out: int = 6_000,
    print_fn: Callable[..., None] = print,
) -> ScalingComparison:
    """Train the course CNN once per scaling and seed: does the scaling change the accuracy? Shown in 03_normalize.

    ``images`` are raw 0..255 pixels (as `load_data` returns them, with or without the channel axis). For
    each name and number of ``divide_by`` (default: ``/255`` and the article's typo ``/225``) and each seed:
    ``set_seed(seed)``, ``compile_model(build_model())``, one epoch of Keras' ``fit`` on the first
    ``n_train`` images divided by that number (batches of the recipe's size, shuffled), then the accuracy
    on the last ``n_held_out`` images divided by 255, as the article divides its test images. It calls
    ``fit`` and not `train`, which refuses pixels above 1.
    The verdict compares the largest change a scaling makes (the first scaling against another, same seed)
    with the seed-to-seed spread (the largest change between seeds, same scaling): no larger, and the
    change is within the noise (08_improve_the_model teaches the rule). Prints a table and the verdict.
    """
    import numpy as np

    from .model import build_model
    from .pipeline import make_dataset
    from .preprocessing import check_labels, reshape_images

    divide_by = divide_by or {"/255": 255.0, "/225 (the article's typo)": 225.0}
    if len(divide_by) < 2 or len(seeds) < 2:
        raise ValueError(
            _(
                "compare_scalings needs at least two scalings (what to compare) and two seeds (to measure the "
                "seed-to-seed spread), but got {scalings} scaling(s) and {seeds} seed(s).",
                scalings=len(divide_by),
                seeds=len(seeds),
            )
        )
    images, labels = reshape_images(images), check_labels(labels)
    if images.dtype.kind == "f" and images.size and float(images.max()) <= 1.0:
        raise ValueError(
            _("compare_scalings divides raw 0..255 pixels itself: pass the images as load_data() returns them.")
        )
    if n_train + n_held_out > len(images) or len(labels) != len(images):
        raise ValueError(
            _(
                "n_train + n_held_out = {wanted:,} images, but there are {images:,} images and "
                "{labels:,} labels: ask for fewer, so that no held-out image is trained on.",
                wanted=n_train + n_held_out,
                images=len(images),
                labels=len(labels),
            )
        )
    batch_size = recipe_for().batch_size
    held_out_images = (images[-n_held_out:] / np.float32(255.0)).astype(np.float32)
    held_out_labels = labels[-n_held_out:]
    accuracy: dict[tuple[str, int], float] = {}
    models: dict[tuple[str, int], keras.Model] = {}
    for name, divisor in divide_by.items():
        pixels = (images[:n_train] / np.float32(divisor)).astype(np.float32)
        for seed in seeds:
            set_seed(seed)
            model = compile_model(build_model())
            model.fit(
                make_dataset(pixels, labels[:n_train], batch_size, shuffle=True, seed=seed),
                epochs=1,
                verbose=0,
                shuffle=False,
            )
            accuracy[name, seed] = float(model.evaluate(held_out_images, held_out_labels, verbose=0)[1])
            models[name, seed] = model
    names = list(divide_by)
    largest_change = max(
        abs(accuracy[other, seed] - accuracy[names[0], seed]) * 100 for other in names[1:] for seed in seeds
    )
    seed_spread = max(
        (max(accuracy[name, seed] for seed in seeds) - min(accuracy[name, seed] for seed in seeds)) * 100
        for name in names
    )
    within_noise = largest_change <= seed_spread
    header = _("pixels divided by")
    width = max(len(header), *(len(name) for name in names))
    print_fn(
        _(
            "1 epoch on {train:,} training images; accuracy on {held_out:,} other images, divided by 255:",
            train=n_train,
            held_out=n_held_out,
        )
    )
    print_fn(f"{header:<{width}}" + "".join(f"  {_('seed {seed}', seed=seed):>8}" for seed in seeds))
    for name in names:
        print_fn(f"{name:<{width}}" + "".join(f"  {accuracy[name, seed]:>8.1%}" for seed in seeds))
    how_much = _(
        "The scaling moves the accuracy by up to {change:.1f} points, another seed by up to {spread:.1f}",
        change=largest_change,
        spread=seed_spread,
    )
    verdict = how_much + (
        _(": within the noise, no measurable difference (notebook 08 shows how to tell).")
        if within_noise
        else _(": more than the seed-to-seed spread, maybe a real difference (notebook 08 shows how to tell).")
    )
    print_fn(verdict)
    return ScalingComparison(accuracy, models, largest_change, seed_spread, within_noise, verdict)
