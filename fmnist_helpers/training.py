"""Steps 5 and 6 of the course: compile (05_compile) and train (06_train).

The course recipe: Adam, sparse categorical cross-entropy, a validation split, a short fixed
budget of epochs whose learning rate glides down to zero (cosine decay), and early stopping that
keeps the best weights, fed by a `tf.data` pipeline (cache + shuffle + batch + prefetch) with a
batch size that suits the hardware.

Why not the article's 50 epochs: trained long enough, this CNN memorises the training images and
its validation loss rises (06_train shows it on a 10,000-image subset). Six epochs whose learning
rate decays to zero reach the article's accuracy in a fraction of its time (benchmarks/).
"""

from __future__ import annotations

import time
from collections.abc import Callable

import keras
import numpy as np

from .preprocessing import check_training_data
from .runtime import gpu_names

#: The course's number of epochs: the learning rate decays to zero over them.
DEFAULT_EPOCHS = 6
#: The course's batch sizes. On a CPU, time per epoch hardly depends on the batch size (measured:
#: 32, 64 and 128 are within noise; 256 and up are slower), and smaller batches mean more weight
#: updates per epoch, so 64. A GPU wants larger batches to keep it busy.
CPU_BATCH_SIZE = 64
GPU_BATCH_SIZE = 512
#: Training steps per call on a GPU (on a CPU each step is long enough that this does not matter).
GPU_STEPS_PER_EXECUTION = 16
#: Batches the input pipeline prepares ahead of the one being trained on.
PREFETCH_BATCHES = 2


def set_seed(seed: int = 42) -> None:
    """Make a run repeatable: seeds Python, NumPy and TensorFlow and asks for deterministic ops.

    After ``set_seed(0)``, building, compiling and training the same model on the same data gives
    the same losses on the same CPU. (GPUs may still differ in the last digits.)
    """
    import tensorflow as tf

    keras.utils.set_random_seed(seed)
    tf.config.experimental.enable_op_determinism()


def compile_model(model: keras.Model, learning_rate: float = 1e-3, jit_compile: bool | str = "auto") -> keras.Model:
    """Compile with Adam, sparse categorical cross-entropy and accuracy. Taught in 05_compile.

    The article writes ``optimizer=tf.train.AdamOptimizer()``: that is TensorFlow 1 and fails on
    TensorFlow 2 (``AttributeError: module 'tensorflow._api.v2.train' has no attribute
    'AdamOptimizer'``). In TensorFlow 2 / Keras 3 it is ``keras.optimizers.Adam()``.
    ``jit_compile="auto"`` lets Keras use XLA on a GPU and not on a CPU (where XLA measured
    slower); on a GPU several steps also run per call (``steps_per_execution``), which cuts the
    per-step overhead that dominates for a model this small.
    Returns the same model, so ``model = compile_model(build_model())`` reads well.
    """
    model.compile(
        optimizer=keras.optimizers.Adam(learning_rate=learning_rate),
        loss="sparse_categorical_crossentropy",
        metrics=["accuracy"],
        jit_compile=jit_compile,
        steps_per_execution=GPU_STEPS_PER_EXECUTION if gpu_names() else 1,
    )
    return model


def default_batch_size() -> int:
    """The course's batch size for this machine: larger on a GPU."""
    return GPU_BATCH_SIZE if gpu_names() else CPU_BATCH_SIZE


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


class CosineDecay(keras.callbacks.Callback):
    """Lowers the learning rate after every batch along a half cosine, from its start value to 0.

    Big steps early (fast progress), tiny steps at the end (the weights settle instead of
    bouncing around), all within the planned epochs.
    """

    def __init__(self, total_steps: int) -> None:
        super().__init__()
        self.total_steps = max(1, total_steps)
        self.step = 0
        self.start_rate: float | None = None

    def on_train_begin(self, logs=None) -> None:
        self.start_rate = float(keras.ops.convert_to_numpy(self.model.optimizer.learning_rate))

    def on_train_batch_begin(self, batch: int, logs=None) -> None:
        progress = min(self.step / self.total_steps, 1.0)
        self.model.optimizer.learning_rate.assign(self.start_rate * 0.5 * (1.0 + np.cos(np.pi * progress)))
        self.step += 1

    def on_train_end(self, logs=None) -> None:
        self.model.optimizer.learning_rate.assign(self.start_rate)  # the model can be trained again


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
    epochs: int = DEFAULT_EPOCHS,
    batch_size: int | None = None,
    validation_split: float = 0.1,
    patience: int = 2,
    early_stopping: bool = True,
    cosine_decay: bool = True,
    verbose: bool = True,
    seed: int | None = None,
    callbacks: list[keras.callbacks.Callback] | None = None,
    print_fn: Callable[..., None] = print,
) -> keras.callbacks.History:
    """Train with the course recipe and return the Keras `History`. Taught in 06_train.

    The last ``validation_split`` of the images is held out (as Keras' own ``validation_split``
    does) to watch for overfitting. With ``cosine_decay`` the learning rate glides from the
    compiled value to zero over the ``epochs``. With ``early_stopping`` training stops once the
    validation loss has not improved for ``patience`` epochs, and the best epoch's weights are
    restored.
    The returned history also has ``best_epoch`` (1-based), ``epoch_seconds`` and
    ``train_seconds``.
    """
    images, labels = check_training_data(images, labels)
    if not 0.0 <= validation_split < 1.0:
        raise ValueError(f"validation_split is a fraction from 0 to below 1 (0.1 = 10%), not {validation_split}.")
    if epochs < 1:
        raise ValueError(f"epochs must be at least 1, not {epochs}.")
    if getattr(model, "optimizer", None) is None or not getattr(model, "compiled", False):
        raise ValueError("This model is not compiled yet: call compile_model(model) first.")
    batch_size = batch_size or default_batch_size()
    n_validation = int(len(images) * validation_split)
    n_train = len(images) - n_validation
    if n_train < 1:
        raise ValueError("No images left to train on: use more images or a smaller validation_split.")
    train_data = make_dataset(images[:n_train], labels[:n_train], batch_size, shuffle=True, seed=seed)
    validation_data = (
        make_dataset(images[n_train:], labels[n_train:], 1024, shuffle=False) if n_validation else None
    )
    say = print_fn if verbose else (lambda *_: None)
    log = EpochLog(epochs, print_fn=say)
    all_callbacks: list[keras.callbacks.Callback] = [log, *(callbacks or [])]
    if cosine_decay:
        all_callbacks.append(CosineDecay(epochs * -(-n_train // batch_size)))
    stopper = None
    if early_stopping and validation_data is not None:
        stopper = keras.callbacks.EarlyStopping(monitor="val_loss", patience=patience, restore_best_weights=True)
        all_callbacks.append(stopper)
    say(
        f"Training on {n_train:,} images, validating on {n_validation:,}, batch size {batch_size}, "
        f"{epochs} epoch{'s' if epochs > 1 else ''}" + (", learning rate decaying to 0" if cosine_decay else "")
        + (f", early stopping (patience {patience})" if stopper else "")
    )
    start = time.perf_counter()
    history = model.fit(train_data, validation_data=validation_data, epochs=epochs, verbose=0,
                        callbacks=all_callbacks, shuffle=False)  # the pipeline shuffles
    history.train_seconds = time.perf_counter() - start
    history.epoch_seconds = log.epoch_seconds
    losses = history.history.get("val_loss") or history.history["loss"]
    history.best_epoch = int(np.argmin(losses)) + 1
    history.batch_size = batch_size
    say(
        f"Done in {history.train_seconds:.1f} s: {len(history.epoch)} epoch{'s' if len(history.epoch) > 1 else ''}"
        + (f"; kept the weights of epoch {history.best_epoch} (lowest validation loss)" if stopper else "")
    )
    return history
