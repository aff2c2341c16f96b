"""The benchmark's faithful article recipe: its model, batch size 32, and the /225 vs /255 scaling."""

from __future__ import annotations

import importlib
from pathlib import Path

import keras
import numpy as np
import pytest

from fmnist_helpers import ARTICLE_PARAMETER_COUNT, build_model
from fmnist_helpers.article import article_fit, article_model, article_preprocess

ROOT = Path(__file__).resolve().parents[1]


def load_benchmark(monkeypatch):
    """benchmarks/compare_recipes.py, imported as the script finds its neighbours: from its own folder."""
    monkeypatch.syspath_prepend(str(ROOT / "benchmarks"))
    return importlib.import_module("compare_recipes")


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
    assert CountBatches.batches == int(np.ceil(300 / 32))  # 10 steps of 32 images: all 300, none held out
    assert "val_loss" not in history.history


def test_benchmark_scales_only_the_articles_per_epoch_time_and_reports_mean_range_and_ratio(monkeypatch):
    benchmark = load_benchmark(monkeypatch)
    ran = {"epochs": 5, "epoch_seconds": [30.0, 18.0, 17.0, 19.0, 18.0]}  # epoch 1 also builds the step
    total, per_epoch = benchmark.whole_run(ran, 120.0, planned_epochs=50)
    assert per_epoch == 18.0 and total == 120.0 + 45 * 18.0  # start-up and epoch 1 counted once, not 50 times
    rows = [
        benchmark.summarize(
            "article",
            "50 (ran 5)",
            [
                ({"per_epoch": 18.0, "test_accuracy": 0.9085}, 930.0),
                ({"per_epoch": 18.0, "test_accuracy": 0.9085}, 950.0),
            ],
        ),
        benchmark.summarize(
            "course",
            "5",
            [({"per_epoch": 8.0, "test_accuracy": 0.9145}, 50.0), ({"per_epoch": 8.0, "test_accuracy": 0.9145}, 52.0)],
        ),
    ]
    text = benchmark.table(rows)
    assert "| article | 940 | 930-950 |" in text and "| course | 51 | 50-52 |" in text
    assert "| 1.0x |" in text and "| 18.4x |" in text and "0.9145, 0.9145" in text
