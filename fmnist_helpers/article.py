"""The original article's recipe, reproduced faithfully, mistakes included.

Used only by the benchmark (``benchmarks/compare_recipes.py``), to time and score the article's
recipe beside the course's. What it does, as the article printed it:

- reshape with hard-coded counts: ``reshape(60000, 28, 28, 1)`` and ``reshape(10000, 28, 28, 1)``;
- ``train_images / 225.0`` but ``test_images / 255`` (a typo: the two sets get different scales);
- the same CNN as `build_model()` (the article builds it with ``input_shape=``, Keras 2 style);
- Adam with its default learning rate (the article's ``tf.train.AdamOptimizer()`` is TF1 and
  fails on TF2: ``keras.optimizers.Adam()`` is the same optimizer) and sparse cross-entropy;
- ``model.fit(train_images, train_labels, epochs=50)``: Keras' default batch size of 32, no
  validation data, no early stopping.
"""

from __future__ import annotations

import keras
import numpy as np

from .model import build_model

__all__ = [
    "ARTICLE_BATCH_SIZE",
    "ARTICLE_EPOCHS",
    "article_fit",
    "article_model",
    "article_preprocess",
    "ARTICLE_TEST_SCALE",
    "ARTICLE_TRAIN_SCALE",
]

ARTICLE_EPOCHS = 50
ARTICLE_BATCH_SIZE = 32  # Keras' default, which the article does not change
ARTICLE_TRAIN_SCALE = 225.0  # the typo
ARTICLE_TEST_SCALE = 255.0


def article_preprocess(train_images: np.ndarray, test_images: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Reshape and scale as the article does: training pixels / 225, test pixels / 255."""
    train_images = train_images.reshape(len(train_images), 28, 28, 1)  # the article writes 60000
    test_images = test_images.reshape(len(test_images), 28, 28, 1)  # the article writes 10000
    return train_images / ARTICLE_TRAIN_SCALE, test_images / ARTICLE_TEST_SCALE


def article_model() -> keras.Model:
    """The article's CNN, compiled as the article compiles it (Adam, sparse cross-entropy, accuracy)."""
    model = build_model(name="article_recipe")
    model.compile(optimizer=keras.optimizers.Adam(), loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    return model


def article_fit(
    model: keras.Model,
    train_images: np.ndarray,
    train_labels: np.ndarray,
    epochs: int = ARTICLE_EPOCHS,
    callbacks: list[keras.callbacks.Callback] | None = None,
) -> keras.callbacks.History:
    """``model.fit(train_images, train_labels, epochs=50)``: batch 32, every image, no validation."""
    return model.fit(
        train_images, train_labels, epochs=epochs, batch_size=ARTICLE_BATCH_SIZE, verbose=0, callbacks=callbacks
    )
