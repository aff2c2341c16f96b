"""The benchmark's faithful article recipe: its model, batch size 32, and the /225 vs /255 scaling."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import keras
import numpy as np
import pytest

from fmnist_helpers import ARTICLE_PARAMETER_COUNT, build_model
from fmnist_helpers.article import (ARTICLE_BATCH_SIZE, ARTICLE_EPOCHS, article_fit, article_model,
                                    article_preprocess)

ROOT = Path(__file__).resolve().parents[1]


def load_benchmark():
    spec = importlib.util.spec_from_file_location("compare_recipes", ROOT / "benchmarks" / "compare_recipes.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_article_scales_training_pixels_by_225_and_test_pixels_by_255(sample):
    (train_images, _), (test_images, _) = sample
    train_scaled, test_scaled = article_preprocess(train_images, test_images)
    assert train_scaled.shape == (300, 28, 28, 1) and test_scaled.shape == (100, 28, 28, 1)
    assert train_scaled.max() == pytest.approx(255 / 225) and test_scaled.max() == pytest.approx(1.0)
    np.testing.assert_allclose(train_scaled[..., 0], train_images / 225.0)
    np.testing.assert_allclose(test_scaled[..., 0], test_images / 255.0)


def test_article_model_is_the_course_cnn_compiled_with_default_adam():
    model = article_model()
    assert model.count_params() == ARTICLE_PARAMETER_COUNT
    assert [type(a).__name__ for a in model.layers] == [type(b).__name__ for b in build_model().layers]
    assert isinstance(model.optimizer, keras.optimizers.Adam)
    assert float(model.optimizer.learning_rate.numpy()) == pytest.approx(0.001)
    assert model.loss == "sparse_categorical_crossentropy"


def test_article_fit_uses_batch_32_every_image_and_no_validation(sample):
    (train_images, train_labels), (test_images, _) = sample
    train_scaled, _ = article_preprocess(train_images, test_images)

    class CountBatches(keras.callbacks.Callback):
        batches = 0

        def on_train_batch_end(self, batch, logs=None):
            CountBatches.batches += 1

    history = article_fit(article_model(), train_scaled, train_labels, epochs=1, callbacks=[CountBatches()])
    assert ARTICLE_BATCH_SIZE == 32 and ARTICLE_EPOCHS == 50
    assert CountBatches.batches == int(np.ceil(300 / 32))  # 10 steps of 32 images: all 300, none held out
    assert "val_loss" not in history.history


def test_benchmark_table_reports_the_time_ratio():
    benchmark = load_benchmark()
    rows = [
        {"label": "article", "wall": 800.0, "epochs": 5, "epochs_shown": "50 (scaled)", "train_seconds": 75.0,
         "train_images": 60000, "test_accuracy": 0.91, "test_loss": 0.3},
        {"label": "course", "wall": 100.0, "epochs": 8, "epochs_shown": "8", "train_seconds": 80.0,
         "train_images": 54000, "test_accuracy": 0.92, "test_loss": 0.25},
    ]
    text = benchmark.table(rows)
    assert "| 1.0x |" in text and "| 8.0x |" in text
    assert "15.0" in text and "4,000" in text  # 75 s / 5 epochs; 60000 * 5 / 75 images per second
