"""Steps 5 and 6 of the course: compile (05_compile) and train (06_train).

The course recipe: Adam, sparse categorical cross-entropy, a validation split, a short fixed
budget of epochs whose learning rate glides down to zero (Keras' own cosine decay schedule, after
a warm-up), and early stopping that keeps the best weights, fed by a `tf.data` pipeline (cache +
shuffle + batch + prefetch).

Why not the article's 50 epochs: trained long enough, this CNN memorises the training images and
its validation loss rises (06_train shows it on a 10,000-image subset). A few epochs whose learning
rate decays to zero reach the article's accuracy in a fraction of its time (benchmarks/).

Each model has a `Recipe` per hardware (`recipe`): on a GPU, bigger batches and several steps per
call. ``FMNIST_HARDWARE=gpu`` forces the GPU recipes on any machine, so they are tested on a CPU
too; ``FMNIST_HARDWARE=cpu`` forces the CPU's.
"""

from __future__ import annotations

import dataclasses
import json
import os
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import keras
import numpy as np

from .preprocessing import check_training_data
from .runtime import gpu_names

#: The environment variable that picks the recipe: ``gpu``, ``cpu`` or ``auto`` (the default: GPU if there is one).
HARDWARE_VARIABLE = "FMNIST_HARDWARE"


@dataclass(frozen=True)
class Recipe:
    """How the course trains one model on one kind of hardware (06_train explains each setting)."""

    hardware: str  #: "cpu" or "gpu"
    batch_size: int  #: images per training step
    steps_per_execution: int  #: training steps Keras runs per call (fewer Python round trips on a GPU)
    learning_rate: float  #: Adam's peak learning rate, reached after the warm-up
    warmup_share: float  #: share of the run's steps over which the rate climbs from 0 (0: none), one epoch at most
    epochs: int  #: the planned epochs: the rate decays to 0 over them
    early_stopping: bool = True  #: stop when the validation loss stops falling, and keep the best epoch

    @property
    def warmup_epochs(self) -> float:
        """The warm-up of a run of the planned ``epochs``, in epochs (06_train's table of recipes prints it)."""
        return min(self.warmup_share * self.epochs, 1.0)

    def warmup_steps(self, total_steps: int, steps_per_epoch: int) -> int:
        """Warm-up steps of a run of ``total_steps``: a share of the run, one epoch at most, never the whole run.

        A short run warms up for a short time: one epoch on 2,000 images (8 steps) warms up for 2
        and reaches 0.72 on validation images, where a one-epoch warm-up took 7 of the 8 steps and
        reached 0.54 (3 seeds, benchmarks/choose_warmup.py); the planned runs keep their one epoch.
        """
        return min(round(self.warmup_share * total_steps), steps_per_epoch, total_steps - 1)


#: The article's CNN (04) on a CPU. Larger batches trained faster on this course's 2-core machine
#: (benchmarks/profile_training.py, 2026-11-30: 3,938 images/s at batch 64, 6,417 at 256), and with
#: a higher peak rate after a 1-epoch warm-up, 5 epochs reach the validation accuracy of 6 at batch 64.
CPU_RECIPE = Recipe(hardware="cpu", batch_size=256, steps_per_execution=1, learning_rate=0.004,
                    warmup_share=0.2, epochs=5)
#: The article's CNN on a GPU: large batches keep it busy, 16 steps per call cut the per-step
#: overhead; batch 512 gives fewer weight updates per epoch, so more epochs.
GPU_RECIPE = Recipe(hardware="gpu", batch_size=512, steps_per_execution=16, learning_rate=0.004,
                    warmup_share=0.1, epochs=10)
#: The improved CNN (08) on a CPU. Its epochs hardly got faster with larger batches, so batch 128
#: (twice the updates of 256 for the same time); trained to the end of its schedule, which gave a
#: higher validation accuracy than stopping at the lowest validation loss.
CPU_IMPROVED_RECIPE = Recipe(hardware="cpu", batch_size=128, steps_per_execution=1, learning_rate=0.002,
                             warmup_share=0.0, epochs=20, early_stopping=False)
#: The improved CNN on a GPU: the same training (batch 128 keeps a GPU busy enough for a model this
#: small when 16 steps run per call), so the same accuracy, faster.
GPU_IMPROVED_RECIPE = dataclasses.replace(CPU_IMPROVED_RECIPE, hardware="gpu", steps_per_execution=16)

#: Every recipe, by (hardware, model): all chosen on validation data by benchmarks/choose_recipe.py.
RECIPES = {("cpu", "article"): "CPU_RECIPE", ("gpu", "article"): "GPU_RECIPE",
           ("cpu", "improved"): "CPU_IMPROVED_RECIPE", ("gpu", "improved"): "GPU_IMPROVED_RECIPE"}

#: Batches the input pipeline prepares ahead of the one being trained on.
PREFETCH_BATCHES = 2


def hardware() -> str:
    """``"gpu"`` or ``"cpu"``: which recipe the helpers use here.

    ``FMNIST_HARDWARE=gpu`` (or ``cpu``) forces it; unset or ``auto``, it is ``"gpu"`` exactly
    when TensorFlow sees a GPU.
    """
    choice = os.environ.get(HARDWARE_VARIABLE, "").strip().lower() or "auto"
    if choice not in ("auto", "cpu", "gpu"):
        raise ValueError(f"{HARDWARE_VARIABLE} must be gpu, cpu or auto, not {choice!r}.")
    if choice == "auto":
        return "gpu" if gpu_names() else "cpu"
    return choice


def recipe(model: str = "article", hardware_name: str | None = None) -> Recipe:
    """How the course trains ``model`` ("article" or "improved") here (or on ``hardware_name``, see `hardware`)."""
    hardware_name = hardware_name or hardware()
    if (hardware_name, model) not in RECIPES:
        raise ValueError(f"No recipe for model {model!r} on {hardware_name!r}: the models are 'article' and "
                         "'improved', the hardware 'cpu' or 'gpu'.")
    return globals()[RECIPES[hardware_name, model]]


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
    settings = settings or recipe()
    model.compile(
        optimizer=keras.optimizers.Adam(learning_rate=settings.learning_rate if learning_rate is None else learning_rate),
        loss="sparse_categorical_crossentropy",
        metrics=["accuracy"],
        jit_compile=jit_compile,
        steps_per_execution=settings.steps_per_execution,
    )
    return model


def make_dataset(images: np.ndarray, labels: np.ndarray, batch_size: int, shuffle: bool, seed: int | None = None):
    """A `tf.data` pipeline: cached in memory, shuffled each epoch (training only), batched, prefetched.

    tf.data's autotuning is switched off: with it (TensorFlow 2.21, 2-core CPU) the first batch of
    an epoch often waited several seconds with the CPU idle, costing up to a third of the
    epoch's time (measured in benchmarks/pipeline_stall.py). Two batches of prefetch keep the
    CPU busy without it.
    """
    import tensorflow as tf

    dataset = tf.data.Dataset.from_tensor_slices((images, labels)).cache()
    if shuffle:
        dataset = dataset.shuffle(len(images), seed=seed, reshuffle_each_iteration=True)
    options = tf.data.Options()
    options.autotune.enabled = False
    return dataset.batch(batch_size).prefetch(PREFETCH_BATCHES).with_options(options)


def cosine_schedule(
    peak_rate: float, total_steps: int, warmup_steps: int = 0
) -> keras.optimizers.schedules.CosineDecay:
    """Keras' cosine decay: a linear warm-up from 0 to ``peak_rate``, then half a cosine down to 0.

    ``rate = peak_rate * 0.5 * (1 + cos(pi * step / decay_steps))`` after the warm-up. The
    optimizer asks the schedule for the rate of its own step counter at every step, so it is
    right for any batch size and any number of steps per call. Taught in 06_train.
    """
    if total_steps < 1 or not 0 <= warmup_steps < total_steps:
        raise ValueError(f"Need total_steps >= 1 and 0 <= warmup_steps < total_steps, got {total_steps} and {warmup_steps}.")
    if warmup_steps:
        return keras.optimizers.schedules.CosineDecay(
            initial_learning_rate=0.0, decay_steps=total_steps - warmup_steps,
            warmup_target=peak_rate, warmup_steps=warmup_steps,
        )
    return keras.optimizers.schedules.CosineDecay(initial_learning_rate=peak_rate, decay_steps=total_steps)


def peak_learning_rate(optimizer: keras.optimizers.Optimizer) -> float:
    """The rate a schedule should climb to: the compiled rate, or the peak of a cosine schedule from `train`."""
    rate = optimizer.get_config()["learning_rate"]  # a number, or a schedule's configuration
    if not isinstance(rate, dict):
        return float(rate)
    if rate.get("class_name") == "CosineDecay":
        return float(rate["config"]["warmup_target"] or rate["config"]["initial_learning_rate"])
    raise ValueError("This model's optimizer already has a learning-rate schedule: train with cosine_decay=False "
                     "to keep it, or compile the model again with a plain learning rate.")


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


class EpochLog(keras.callbacks.Callback):
    """Prints one short line per epoch (instead of Keras' progress bar): metrics and seconds."""

    def __init__(self, epochs: int, print_fn=print) -> None:
        super().__init__()
        self.epochs = epochs
        self.print_fn = print_fn
        self.epoch_seconds: list[float] = []

    def on_epoch_begin(self, epoch: int, logs=None) -> None:
        self._start = time.perf_counter()

    def on_epoch_end(self, epoch: int, logs=None) -> None:
        seconds = time.perf_counter() - self._start
        self.epoch_seconds.append(seconds)
        logs = logs or {}
        parts = [f"{key} {logs[key]:.4f}" for key in ("loss", "accuracy", "val_loss", "val_accuracy") if key in logs]
        self.print_fn(f"epoch {epoch + 1:>2}/{self.epochs}  " + "  ".join(parts) + f"  ({seconds:.1f} s)")


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
    The returned history also has ``best_epoch`` (1-based: the epoch whose weights the model keeps),
    ``epoch_seconds``, ``train_seconds``,
    ``batch_size``, ``steps_per_epoch`` and ``schedule`` (the Keras schedule, or None).
    """
    images, labels = check_training_data(images, labels)
    settings = settings or recipe()
    epochs = settings.epochs if epochs is None else epochs
    early_stopping = settings.early_stopping if early_stopping is None else early_stopping
    if not 0.0 <= validation_split < 1.0:
        raise ValueError(f"validation_split is a fraction from 0 to below 1 (0.1 = 10%), not {validation_split}.")
    if epochs < 1:
        raise ValueError(f"epochs must be at least 1, not {epochs}.")
    if getattr(model, "optimizer", None) is None or not getattr(model, "compiled", False):
        raise ValueError("This model is not compiled yet: call compile_model(model) first.")
    batch_size = batch_size or settings.batch_size
    patience = max(2, epochs // 4) if patience is None else patience
    n_validation = int(len(images) * validation_split)
    n_train = len(images) - n_validation
    if n_train < 1:
        raise ValueError("No images left to train on: use more images or a smaller validation_split.")
    train_data = make_dataset(images[:n_train], labels[:n_train], batch_size, shuffle=True, seed=seed)
    validation_data = (
        make_dataset(images[n_train:], labels[n_train:], 1024, shuffle=False) if n_validation else None
    )
    steps_per_epoch = -(-n_train // batch_size)  # rounded up: the last, smaller batch is a step too
    schedule = None
    if cosine_decay:
        peak = peak_learning_rate(model.optimizer)
        total_steps = epochs * steps_per_epoch
        schedule = cosine_schedule(peak, total_steps, settings.warmup_steps(total_steps, steps_per_epoch))
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
        rate_plan = f", learning rate {peak:g}{warmup} decaying to 0"
    say(
        f"Training on {n_train:,} images, validating on {n_validation:,}, batch size {batch_size}, "
        f"{epochs} epoch{'s' if epochs > 1 else ''}" + rate_plan
        + (f", early stopping (patience {patience})" if stopper else "")
    )
    start = time.perf_counter()
    history = model.fit(train_data, validation_data=validation_data, epochs=epochs, verbose=0,
                        callbacks=all_callbacks, shuffle=False)  # the pipeline shuffles
    history.train_seconds = time.perf_counter() - start
    history.epoch_seconds = log.epoch_seconds
    losses = history.history.get("val_loss") or history.history["loss"]
    # the epoch whose weights the model keeps: the lowest validation loss with early stopping, else the last
    history.best_epoch = int(np.argmin(losses)) + 1 if stopper else len(history.epoch)
    history.batch_size = batch_size
    history.steps_per_epoch = steps_per_epoch
    history.schedule = schedule
    say(
        f"Done in {history.train_seconds:.1f} s: {len(history.epoch)} epoch{'s' if len(history.epoch) > 1 else ''}"
        + (f"; kept the weights of epoch {history.best_epoch} (lowest validation loss)" if stopper
           else "; kept the weights of the last epoch")
    )
    return history


def course_model_fingerprint(images: np.ndarray, labels: np.ndarray, seed: int, epochs: int) -> dict[str, object]:
    """What made a course model: recipe, epochs, seed, helper and library versions, and the exact training data.

    Two runs with the same fingerprint train the same model, so 07 and 09 can reuse the one 06 saved.
    """
    import hashlib

    import tensorflow as tf

    from . import __version__

    digest = hashlib.sha256(np.ascontiguousarray(images).tobytes())
    digest.update(np.ascontiguousarray(labels).tobytes())
    return {"model": "article_cnn", "recipe": dataclasses.asdict(recipe("article")), "epochs": epochs, "seed": seed,
            "helpers": __version__, "tensorflow": tf.__version__, "keras": keras.__version__, "images": len(images),
            "data_sha256": digest.hexdigest()}


def course_model_dir() -> Path:
    """Where 06_train leaves its trained model for 07 and 09: ``$KERAS_HOME/fmnist-course`` (default ``~/.keras``)."""
    keras_home = os.environ.get("KERAS_HOME") or os.path.join(os.path.expanduser("~"), ".keras")
    return Path(keras_home) / "fmnist-course"


def save_course_model(model: keras.Model, history: keras.callbacks.History, images: np.ndarray,
                      labels: np.ndarray, seed: int) -> Path:
    """Save the model 06_train trained with `train` (and its ``history``), with how it was made, for `course_model`."""
    from .evaluation import save_model

    folder = course_model_dir()
    path = folder / "course_model.keras"
    save_model(model, path)
    fingerprint = course_model_fingerprint(images, labels, seed, epochs=history.params["epochs"])
    (folder / "course_model.json").write_text(json.dumps(fingerprint, indent=1))
    return path


def course_model(images: np.ndarray, labels: np.ndarray, seed: int = 42, print_fn: Callable[..., None] = print) -> keras.Model:
    """The course model of 06_train, trained on ``images``: loaded if 06 saved it, otherwise trained here.

    The saved model is used only when its fingerprint (recipe, seed, helper and library versions,
    the very same images and labels) matches this call's: checked, not assumed. Otherwise this
    trains it as 06 does, ``set_seed(seed)``, ``compile_model(build_model())``, ``train(...)``,
    and saves it for next time.
    """
    from .evaluation import load_model
    from .model import build_model

    wanted = course_model_fingerprint(images, labels, seed, epochs=recipe().epochs)
    folder = course_model_dir()
    try:
        saved = json.loads((folder / "course_model.json").read_text())
    except (OSError, ValueError):
        saved = None
    if saved == wanted and (folder / "course_model.keras").is_file():
        print_fn(f"Loaded the model 06_train saved in {folder} (same recipe, seed {seed}, helpers "
                 f"{wanted['helpers']} and the same {len(images):,} images): no need to train it again.")
        return load_model(folder / "course_model.keras")
    print_fn("No model from 06_train with this recipe, seed and data here: training it now (notebook 06 explains every step).")
    set_seed(seed)
    model = compile_model(build_model())
    history = train(model, images, labels, seed=seed, print_fn=print_fn)
    save_course_model(model, history, images, labels, seed)
    return model
