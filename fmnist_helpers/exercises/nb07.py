"""Exercises of 07_evaluate: the test accuracy by hand, and reading a confusion matrix."""

from __future__ import annotations

import numpy as np

from ..data import CLASS_NAMES
from ..i18n import translate as _
from . import as_array, exercise, require

__all__ = ["most_confused_with_shirt", "SHIRT", "test_accuracy_by_hand"]

SHIRT = CLASS_NAMES.index("Shirt")


def _close(value: float, target: float, tolerance: float = 1e-4) -> bool:
    return abs(value - target) <= tolerance


@exercise(
    notebook="07_evaluate",
    question=(
        "From test_probabilities (the model's 10 probabilities for each test image), compute the "
        "test accuracy by hand: a fraction from 0 to 1."
    ),
    hint=(
        "The predicted class is the one with the largest of the 10 probabilities (argmax, along the classes' axis). "
        "Compare the predictions with test_labels and take the mean of the True/False array."
    ),
    solution=("predicted = test_probabilities.argmax(axis=1)\nmy_test_accuracy = np.mean(predicted == test_labels)"),
)
def test_accuracy_by_hand(my_test_accuracy, test_probabilities, test_labels) -> None:
    probabilities = as_array(test_probabilities)
    labels = as_array(test_labels).astype(int)
    answer = as_array(my_test_accuracy)
    require(
        answer.size != 2,
        _(
            "that looks like the [loss, accuracy] pair model.evaluate returns. Compute the accuracy by hand: argmax of the probabilities, compared with test_labels."
        ),
    )
    require(
        answer.size == 1,
        _(
            "your answer has {size} numbers (shape {shape}); the accuracy is one number. Take the mean: np.mean(predicted == test_labels).",
            size=answer.size,
            shape=answer.shape,
        ),
    )
    value = float(answer)
    right = float(np.mean(probabilities.argmax(axis=1) == labels))
    if _close(value, right):
        return
    require(
        not _close(value, 100 * right, 0.01),
        _("{value:g} is a percentage; give the accuracy as a fraction from 0 to 1 (divide by 100).", value=value),
    )
    require(
        not _close(value, right * len(labels), 0.5),
        _(
            "{value:g} is the number of right predictions; divide by the number of test images ({count}), or use np.mean.",
            value=value,
            count=len(labels),
        ),
    )
    require(
        not _close(value, 1 - right),
        _(
            "that is the error rate (the share of wrong predictions): accuracy counts the right ones, predicted == test_labels."
        ),
    )
    require(
        not _close(value, float(probabilities.max(axis=1).mean())),
        _(
            "that is the average of the highest probability, i.e. how sure the model is, not how often it is right. Take argmax(axis=1) to get the predicted class, then compare it with test_labels."
        ),
    )
    require(
        not _close(value, float(probabilities[np.arange(len(labels)), labels].mean())),
        _(
            "that is the average probability the model gave the true class; accuracy asks whether the most probable class (argmax) is the true one."
        ),
    )
    require(
        value > 0.2,
        _(
            "{value:g} is far too low: were the probabilities compared with the labels directly? Compare the predicted class, test_probabilities.argmax(axis=1), with test_labels (argmax over axis=1, one per image).",
            value=value,
        ),
    )
    require(
        value < right,
        _(
            "{value:g} is higher than these test predictions allow. Did you predict on train_images (or compare with train_labels)? Accuracy on the training data is higher because the model has seen those images: use the test set.",
            value=value,
        ),
    )
    require(
        False,
        _(
            "{value:g} is not the accuracy of these predictions. Hint: argmax(axis=1), compare with test_labels, mean.",
            value=value,
        ),
    )


def _class_index(answer: object) -> int:
    """A class name (any case) or a class number 0..9, as a class number."""
    if isinstance(answer, str):
        names = [name.lower() for name in CLASS_NAMES]
        require(
            answer.strip().lower() in names,
            _("{answer!r} is not a class name. The names are: {names}.", answer=answer, names=", ".join(CLASS_NAMES)),
        )
        return names.index(answer.strip().lower())
    index = int(as_array(answer))
    require(0 <= index <= 9, _("{index} is not a class number (0..9).", index=index))
    return index


@exercise(
    notebook="07_evaluate",
    question=(
        "In the confusion matrix, which class does the model most often predict for a Shirt it gets wrong? "
        "Answer with the class name."
    ),
    hint=(
        "Row 6 (Shirt) of the confusion matrix counts the test shirts by predicted class. Leave out the "
        "diagonal (the shirts predicted right), find the largest of the rest and name it with fh.CLASS_NAMES."
    ),
    solution=(
        'shirt = fh.CLASS_NAMES.index("Shirt")\n'
        "shirt_row = confusion[shirt].copy()\n"
        "shirt_row[shirt] = 0   # leave out the shirts predicted right\n"
        "my_class_name = fh.CLASS_NAMES[shirt_row.argmax()]"
    ),
)
def most_confused_with_shirt(my_class_name, confusion) -> None:
    matrix = as_array(confusion)
    require(
        matrix.shape == (10, 10),
        _(
            "the confusion matrix should be 10x10, not {shape}: use confusion = fh.confusion_matrix(test_labels, predicted_labels).",
            shape=matrix.shape,
        ),
    )
    index = _class_index(my_class_name)
    row = matrix[SHIRT].copy()
    row[SHIRT] = -1
    right = int(row.argmax())
    if index == right or row[index] == row[right]:
        return
    require(
        index != SHIRT,
        _(
            "Shirt is the diagonal of that row: it counts the shirts predicted right. Leave it out (set it to 0) and take the largest of the rest of the row."
        ),
    )
    column = matrix[:, SHIRT].copy()
    column[SHIRT] = -1
    require(
        index != int(column.argmax()),
        _(
            "that is the class most often *predicted as* Shirt (the Shirt column). The question is about true shirts: read row {SHIRT} (row = true class, column = predicted class).",
            SHIRT=SHIRT,
        ),
    )
    require(
        False,
        _(
            "{name} gets {count} of the wrong shirt predictions, but another class gets more. Look along row {SHIRT}, leaving out the diagonal.",
            name=CLASS_NAMES[index],
            count=int(row[index]),
            SHIRT=SHIRT,
        ),
    )
