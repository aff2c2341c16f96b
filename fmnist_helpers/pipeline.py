"""The input pipeline `train` feeds a model with (06_train): a `tf.data` dataset, cached and prefetched."""

from __future__ import annotations

import numpy as np

__all__ = ["PREFETCH_BATCHES", "make_dataset"]

#: Batches the input pipeline prepares ahead of the one being trained on.
PREFETCH_BATCHES = 2


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
