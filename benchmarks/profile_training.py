"""Where does a training epoch's time go, and which settings change it?

    python benchmarks/profile_training.py            # op by op, then settings, ~3 minutes

Part 1 times the heavy operations of one training step of the article's CNN (forward and
backward of each layer) for one batch. Part 2 trains the same model for a fixed number of
steps under different settings (batch size, NumPy arrays vs `tf.data`, XLA, thread counts) and
reports training images per second. Random pixels stand in for the data: the speed of these
operations does not depend on the values.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")


def time_call(function, repeats: int) -> float:
    function()  # trace and warm up
    start = time.perf_counter()
    for _ in range(repeats):
        result = function()
    _ = result.numpy()
    return (time.perf_counter() - start) / repeats


def profile_ops(batch_size: int, repeats: int) -> None:
    import tensorflow as tf

    images = tf.random.uniform((batch_size, 28, 28, 1))
    kernel = tf.random.normal((3, 3, 1, 64))
    conv_out = tf.random.uniform((batch_size, 26, 26, 64))
    flat = tf.random.uniform((batch_size, 10816))
    dense_kernel = tf.random.normal((10816, 128))
    dense_grad = tf.random.normal((batch_size, 128))

    def pool_grad():
        with tf.GradientTape() as tape:
            tape.watch(conv_out)
            pooled = tf.nn.max_pool2d(conv_out, 2, 2, "VALID")
        return tape.gradient(pooled, conv_out)

    ops = {
        "Conv2D forward (3x3, 1->64 channels)": lambda: tf.nn.conv2d(images, kernel, 1, "VALID"),
        "Conv2D backward (kernel gradient)": lambda: tf.raw_ops.Conv2DBackpropFilter(
            input=images, filter_sizes=[3, 3, 1, 64], out_backprop=conv_out, strides=[1, 1, 1, 1], padding="VALID"
        ),
        "ReLU + MaxPooling2D forward": lambda: tf.nn.max_pool2d(tf.nn.relu(conv_out), 2, 2, "VALID"),
        "MaxPooling2D backward": pool_grad,
        "Dense 10816->128 forward": lambda: tf.matmul(flat, dense_kernel),
        "Dense backward (kernel gradient)": lambda: tf.matmul(flat, dense_grad, transpose_a=True),
        "Dense backward (input gradient)": lambda: tf.matmul(dense_grad, dense_kernel, transpose_b=True),
    }
    timings = {name: time_call(tf.function(op), repeats) for name, op in ops.items()}
    total = sum(timings.values())
    print(f"\nPart 1: one training step, batch {batch_size}: the heavy operations")
    print("| operation | ms per batch | share |\n|---|---:|---:|")
    for name, seconds in sorted(timings.items(), key=lambda item: -item[1]):
        print(f"| {name} | {seconds * 1000:.1f} | {seconds / total:.0%} |")


def measure_setting(batch_size: int, pipeline: str, jit: bool, steps: int) -> float:
    """Training images per second of the article's CNN under one setting."""
    import keras
    import numpy as np

    import fmnist_helpers as fh

    images = np.random.rand(batch_size * steps, 28, 28, 1).astype("float32")
    labels = np.random.randint(0, 10, len(images))
    model = fh.build_model()
    model.compile(
        optimizer=keras.optimizers.Adam(), loss="sparse_categorical_crossentropy", metrics=["accuracy"], jit_compile=jit
    )
    if pipeline == "tf.data":
        data = fh.pipeline.make_dataset(images, labels, batch_size, shuffle=True, seed=0)
        model.fit(data.take(3), verbose=0)
        start = time.perf_counter()
        model.fit(data, verbose=0)
    else:
        model.fit(images[: batch_size * 3], labels[: batch_size * 3], batch_size=batch_size, verbose=0)
        start = time.perf_counter()
        model.fit(images, labels, batch_size=batch_size, verbose=0)
    return len(images) / (time.perf_counter() - start)


SETTINGS = [
    ("batch 32, NumPy arrays (the article)", ["--batch", "32", "--pipeline", "numpy"]),
    ("batch 64, tf.data", ["--batch", "64", "--pipeline", "tf.data"]),
    ("batch 128, tf.data", ["--batch", "128", "--pipeline", "tf.data"]),
    ("batch 256, tf.data (the course's CPU recipe)", ["--batch", "256", "--pipeline", "tf.data"]),
    ("batch 256, NumPy arrays", ["--batch", "256", "--pipeline", "numpy"]),
    ("batch 512, tf.data (the GPU recipe's batch)", ["--batch", "512", "--pipeline", "tf.data"]),
    ("batch 256, tf.data, XLA (jit_compile=True)", ["--batch", "256", "--pipeline", "tf.data", "--jit"]),
    ("batch 256, tf.data, 1 inter-op thread", ["--batch", "256", "--pipeline", "tf.data", "--inter-op", "1"]),
]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--images", type=int, default=12800, help="images per setting in part 2 (default: %(default)s)")
    parser.add_argument("--batch", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--pipeline", help=argparse.SUPPRESS)
    parser.add_argument("--jit", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--inter-op", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.batch:  # worker: one setting in a fresh process, so settings cannot leak into each other
        import tensorflow as tf

        if args.inter_op:
            tf.config.threading.set_inter_op_parallelism_threads(args.inter_op)
        print(measure_setting(args.batch, args.pipeline, args.jit, max(1, args.images // args.batch)))
        return
    profile_ops(batch_size=256, repeats=10)
    print(f"\nPart 2: training speed of the article's CNN, {args.images} images per setting, each in its own process")
    print("| setting | training images/s |\n|---|---:|")
    for label, options in SETTINGS:
        done = subprocess.run(
            [sys.executable, __file__, "--images", str(args.images), *options],
            capture_output=True,
            text=True,
            check=True,
        )
        print(f"| {label} | {float(done.stdout.strip().splitlines()[-1]):,.0f} |", flush=True)


if __name__ == "__main__":
    main()
