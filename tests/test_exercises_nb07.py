"""The exercises of 07_evaluate: right answers pass, the usual mistakes are named."""

from __future__ import annotations

import numpy as np
import pytest
from conftest import verdict

from fmnist_helpers import CLASS_NAMES, confusion_matrix

SHIRT = CLASS_NAMES.index("Shirt")


def made_up_predictions(count: int = 200, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """Made-up test probabilities (rows sum to 1) that are right for about 80% of the labels."""
    rng = np.random.default_rng(seed)
    labels = rng.integers(0, 10, count)
    probabilities = rng.dirichlet(np.ones(10), count)
    right = rng.random(count) < 0.8
    probabilities[right, labels[right]] += 2.0
    return (probabilities / probabilities.sum(axis=1, keepdims=True)).astype("float32"), labels


@pytest.fixture
def predictions():
    return made_up_predictions()


def right_accuracy(probabilities, labels) -> float:
    return float(np.mean(probabilities.argmax(axis=1) == labels))


# test_accuracy_by_hand --------------------------------------------------------------------


def test_test_accuracy_by_hand_accepts_argmax_compare_mean(capsys, predictions):
    probabilities, labels = predictions
    answer = np.mean(probabilities.argmax(axis=1) == labels)
    result, printed = verdict(capsys, "test_accuracy_by_hand", answer, probabilities, labels)
    assert result.right is True and "✅" in printed


@pytest.mark.parametrize(
    "mistake, named",
    [
        (lambda p, y: 100 * right_accuracy(p, y), "percentage"),
        (lambda p, y: np.sum(p.argmax(axis=1) == y), "number of right predictions"),
        (lambda p, y: 1 - right_accuracy(p, y), "error rate"),
        (lambda p, y: p.max(axis=1).mean(), "how sure the model is"),
        (lambda p, y: p[np.arange(len(y)), y].mean(), "probability the model gave the true class"),
        (lambda p, y: np.mean(p.max(axis=1) == y), "compared with the labels directly"),
        (lambda p, y: min(1.0, right_accuracy(p, y) + 0.06), "train_images"),
        (lambda p, y: [0.3, right_accuracy(p, y)], "[loss, accuracy]"),
        (lambda p, y: p.argmax(axis=1) == y, "one number"),
    ],
    ids=[
        "percent",
        "count",
        "error-rate",
        "confidence",
        "true-class-probability",
        "probabilities-vs-labels",
        "training-data",
        "evaluate-pair",
        "not-averaged",
    ],
)
def test_test_accuracy_by_hand_names_the_mistake(capsys, predictions, mistake, named):
    probabilities, labels = predictions
    answer = mistake(probabilities, labels)
    result, printed = verdict(capsys, "test_accuracy_by_hand", answer, probabilities, labels)
    assert result.right is False and "❌" in printed and named in printed


# most_confused_with_shirt -----------------------------------------------------------------


@pytest.fixture
def confusion():
    """Shirts are most often taken for T-shirt/top; Pullovers are most often taken for Shirt."""
    true_labels = [SHIRT] * 60 + [0] * 20 + [4] * 10 + [2] * 5
    predicted = [SHIRT] * 30 + [0] * 20 + [4] * 10 + [SHIRT] * 5 + [0] * 15 + [SHIRT] * 2 + [4] * 8 + [2] * 5
    true_labels += [2] * 30
    predicted += [SHIRT] * 30  # the Shirt column's largest mistake: Pullover
    return confusion_matrix(np.array(true_labels), np.array(predicted))


@pytest.mark.parametrize("answer", ["T-shirt/top", "t-shirt/top", 0, np.int64(0)])
def test_most_confused_with_shirt_accepts_the_name_or_number(capsys, confusion, answer):
    result, printed = verdict(capsys, "most_confused_with_shirt", answer, confusion)
    assert result.right is True and "✅" in printed


@pytest.mark.parametrize(
    "answer, named",
    [
        ("Shirt", "diagonal"),
        ("Pullover", "predicted as* Shirt"),
        ("Coat", "another class gets more"),
        ("Shirts", "not a class name"),
        (12, "not a class number"),
    ],
    ids=["diagonal", "column", "smaller", "typo", "number"],
)
def test_most_confused_with_shirt_names_the_mistake(capsys, confusion, answer, named):
    result, printed = verdict(capsys, "most_confused_with_shirt", answer, confusion)
    assert result.right is False and "❌" in printed and named in printed


def test_most_confused_with_shirt_wants_a_10_by_10_matrix(capsys):
    result, printed = verdict(capsys, "most_confused_with_shirt", "T-shirt/top", np.zeros((3, 3)))
    assert result.right is False and "10x10" in printed
