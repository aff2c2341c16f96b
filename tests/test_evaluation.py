"""07_evaluate: scores, confusion matrix, per-class accuracy, save and load."""

from __future__ import annotations

import logging

import numpy as np
import pytest

from fmnist_helpers import (
    CLASS_NAMES,
    compare_on_same_images,
    confusion_matrix,
    evaluate,
    load_model,
    per_class_accuracy,
    predict_classes,
    predict_probabilities,
    save_model,
)


def test_evaluate_returns_loss_and_accuracy_as_floats(trained_model, prepared):
    _, (images, labels) = prepared
    scores = evaluate(trained_model, images, labels)
    assert set(scores) == {"loss", "accuracy"}
    assert all(isinstance(v, float) for v in scores.values())
    assert 0 <= scores["accuracy"] <= 1
    predicted = predict_classes(trained_model, images)
    assert scores["accuracy"] == pytest.approx(np.mean(predicted == labels), abs=1e-6)


def test_evaluate_rejects_raw_pixels(trained_model, sample):
    _, (images, labels) = sample
    with pytest.raises(ValueError, match="reshape_images|normalize"):
        evaluate(trained_model, images, labels)


def test_probabilities_are_ten_per_image_and_sum_to_one(trained_model, prepared):
    _, (images, _) = prepared
    probabilities = predict_probabilities(trained_model, images[:7])
    assert probabilities.shape == (7, 10)
    np.testing.assert_allclose(probabilities.sum(axis=1), 1, rtol=1e-5)


def test_confusion_matrix_counts_true_rows_and_predicted_columns():
    matrix = confusion_matrix(np.array([0, 0, 6, 6, 9]), np.array([0, 6, 6, 0, 9]))
    assert matrix.shape == (10, 10) and matrix.sum() == 5
    assert matrix[0, 0] == 1 and matrix[0, 6] == 1 and matrix[6, 0] == 1 and matrix[6, 6] == 1 and matrix[9, 9] == 1


def test_per_class_accuracy_by_class_name():
    accuracy = per_class_accuracy(np.array([0, 0, 6, 6]), np.array([0, 6, 6, 6]))
    assert list(accuracy) == CLASS_NAMES
    assert accuracy["T-shirt/top"] == 0.5 and accuracy["Shirt"] == 1.0 and np.isnan(accuracy["Bag"])


def test_a_saved_model_loads_back_and_predicts_identically(trained_model, prepared, tmp_path):
    _, (images, _) = prepared
    path = save_model(trained_model, tmp_path / "models" / "cnn.keras")
    loaded = load_model(path)
    np.testing.assert_array_equal(predict_probabilities(loaded, images), predict_probabilities(trained_model, images))


def test_save_model_wants_a_keras_file(trained_model, tmp_path):
    with pytest.raises(ValueError, match=".keras"):
        save_model(trained_model, tmp_path / "cnn.h5")


def test_load_model_says_what_to_do_when_the_file_is_missing(tmp_path):
    with pytest.raises(FileNotFoundError, match="save_model"):
        load_model(tmp_path / "missing.keras")


def test_mirror_averages_each_image_and_its_mirror(trained_model, prepared):
    (images, labels), _ = prepared
    images, labels = images[:50], labels[:50]
    plain = predict_probabilities(trained_model, images)
    mirrored = predict_probabilities(trained_model, images[:, :, ::-1])
    averaged = predict_probabilities(trained_model, images, mirror=True)
    np.testing.assert_allclose(averaged, (plain + mirrored) / 2, rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(averaged.sum(axis=1), 1.0, rtol=1e-5)
    assert not np.allclose(plain, mirrored)  # the mirror really is another question for the model
    scores = evaluate(trained_model, images, labels, mirror=True)
    assert scores["accuracy"] == np.mean(averaged.argmax(axis=1) == labels)
    expected_loss = -np.mean(np.log(averaged[np.arange(len(labels)), labels]))
    assert abs(scores["loss"] - expected_loss) < 1e-5


def test_evaluate_without_mirror_matches_keras(trained_model, prepared):
    (images, labels), _ = prepared
    keras_loss, keras_accuracy = trained_model.evaluate(images, labels, verbose=0)
    scores = evaluate(trained_model, images, labels)
    assert abs(scores["accuracy"] - keras_accuracy) < 1e-6 and abs(scores["loss"] - keras_loss) < 1e-5


def test_compare_on_same_images_counts_only_the_images_the_models_disagree_on():
    labels = np.array([0, 1, 2, 3, 4, 5])
    a = np.array([0, 1, 2, 9, 9, 9])  # right on 0, 1, 2
    b = np.array([0, 9, 9, 3, 4, 9])  # right on 0, 3, 4
    comparison = compare_on_same_images(labels, a, b)
    assert (comparison.a_only, comparison.b_only, comparison.difference) == (2, 2, 0)
    assert comparison.noise == pytest.approx(4.0)
    assert comparison.points == pytest.approx(0.0)


def test_compare_on_same_images_calls_a_split_like_coin_flips_within_the_noise():
    labels = np.zeros(1_000, dtype=int)
    a = np.where(np.arange(1_000) < 60, 0, 1)  # images 0-59: only A right
    b = np.where((np.arange(1_000) >= 60) & (np.arange(1_000) < 100), 0, 1)  # images 60-99: only B right
    comparison = compare_on_same_images(labels, a, b)
    assert (comparison.a_only, comparison.b_only) == (60, 40)
    assert comparison.noise == pytest.approx(20.0)  # |60 - 40| = 20 is not more than 2 * sqrt(100)
    assert not comparison.is_real
    assert "within the noise" in str(comparison)


def test_compare_on_same_images_calls_a_lopsided_split_real_and_gives_the_lead_in_points():
    labels = np.zeros(1_000, dtype=int)
    a = np.zeros(1_000, dtype=int)  # A right on every image
    b = np.where(np.arange(1_000) < 30, 1, 0)  # B wrong on 30 of them, and right on no image A gets wrong
    comparison = compare_on_same_images(labels, a, b)
    assert (comparison.a_only, comparison.b_only, comparison.difference) == (30, 0, 30)
    assert comparison.is_real  # 30 > 2 * sqrt(30) = 11
    assert comparison.points == pytest.approx(3.0)
    assert str(comparison).endswith(": real")
    reversed_comparison = compare_on_same_images(labels, b, a)
    assert reversed_comparison.is_real and reversed_comparison.difference == -30


def test_compare_on_same_images_rejects_answers_about_other_images():
    with pytest.raises(ValueError, match="same images"):
        compare_on_same_images(np.array([0, 1, 2]), np.array([0, 1, 2]), np.array([0, 1]))


def test_compare_on_same_images_rejects_probabilities_instead_of_classes():
    with pytest.raises(ValueError, match="one-hot"):
        compare_on_same_images(np.array([0, 1]), np.eye(10)[[0, 1]], np.array([0, 1]))


def test_predicting_hides_tensorflows_retracing_warnings_and_nothing_else(caplog):
    from fmnist_helpers.evaluation import _no_retracing_warnings

    logger = logging.getLogger("tensorflow")
    with caplog.at_level(logging.WARNING, logger="tensorflow"), _no_retracing_warnings():
        logger.warning(
            "5 out of the last 5 calls to <function f> triggered tf.function retracing. Tracing is expensive"
        )
        logger.warning("something a student should see")
    assert [record.getMessage() for record in caplog.records] == ["something a student should see"]
    logger.warning("after: triggered tf.function retracing")  # the filter is gone again
    assert len(caplog.records) == 2
