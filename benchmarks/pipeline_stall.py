"""Why the course switches tf.data's autotuning off: the first batch of an epoch can stall.

    python benchmarks/pipeline_stall.py            # ~2 minutes

Trains the improved CNN for a few short epochs fed by the same `tf.data` pipeline twice: with
tf.data's autotuning (the default) and without it (the course's ``make_dataset``). For each
epoch it prints the wall time, the process's CPU time and the slowest step. On this machine
(TensorFlow 2.21, 2-core CPU) the autotuned pipeline often spends seconds on an epoch's first
step with the CPU idle; without autotuning that step takes as long as any other. Random pixels
stand in for the data: the stall does not depend on the values.
"""

from __future__ import annotations

import argparse
import os
import time

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

import keras  # noqa: E402  (after the log level is set)


class StepTimer(keras.callbacks.Callback):
    """Records each training step's wall time and prints one table row per epoch."""

    def __init__(self, label: str) -> None:
        super().__init__()
        self.label = label

    def on_epoch_begin(self, epoch, logs=None):
        self.steps, self.cpu, self.last = [], time.process_time(), time.perf_counter()

    def on_train_batch_end(self, batch, logs=None):
        now = time.perf_counter()
        self.steps.append(now - self.last)
        self.last = now

    def on_epoch_end(self, epoch, logs=None):
        wall, cpu = sum(self.steps), time.process_time() - self.cpu
        median = sorted(self.steps)[len(self.steps) // 2]
        print(
            f"| {self.label} | {epoch + 1} | {wall:.1f} | {cpu:.1f} | {max(self.steps) * 1000:.0f} "
            f"| {median * 1000:.0f} |",
            flush=True,
        )


def run(label: str, autotune: bool, images: int, epochs: int, batch_size: int) -> None:
    import numpy as np
    import tensorflow as tf

    import fmnist_helpers as fh
    from fmnist_helpers.model import build_improved_model
    from fmnist_helpers.pipeline import make_dataset

    pixels = np.random.rand(images, 28, 28, 1).astype("float32")
    labels = np.random.randint(0, 10, images)
    if autotune:  # the same pipeline as make_dataset, with tf.data's default autotuned prefetch
        data = tf.data.Dataset.from_tensor_slices((pixels, labels)).cache().shuffle(images, seed=0)
        data = data.batch(batch_size).prefetch(tf.data.AUTOTUNE)
    else:
        data = make_dataset(pixels, labels, batch_size, shuffle=True, seed=0)
    fh.set_seed(0)
    model = fh.compile_model(build_improved_model())
    model.fit(data, epochs=epochs, verbose=0, callbacks=[StepTimer(label)], shuffle=False)  # the pipeline shuffles


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--images", type=int, default=6400, help="images per epoch (default: %(default)s)")
    parser.add_argument("--epochs", type=int, default=8, help="epochs per pipeline (default: %(default)s)")
    parser.add_argument(
        "--batch-size", type=int, default=64, help="images per step (default: %(default)s, where the stall was seen)"
    )
    args = parser.parse_args()
    print("| pipeline | epoch | wall s | CPU s | slowest step ms | median step ms |\n|---|---:|---:|---:|---:|---:|")
    run("autotune on (tf.data default)", True, args.images, args.epochs, args.batch_size)
    run("autotune off (the course)", False, args.images, args.epochs, args.batch_size)
    print(
        "(Epoch 1 includes building the training step. A slowest step far above the median, with"
        " CPU time not rising to match, is the stall.)"
    )


if __name__ == "__main__":
    main()
