"""Step 7 of the course (notebook 07_evaluate): how good is the model, and where does it fail?

The counting helpers (`confusion_matrix`, `per_class_accuracy`) need only NumPy; Keras is loaded
by `load_model` alone, the others call methods of the model they are given.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

import numpy as np

from .data import CLASS_NAMES
from .preprocessing import check_images, check_images_and_labels, check_labels

if TYPE_CHECKING:  # Keras is imported only by the functions that use a model
    import keras

__all__ = [
    "evaluate",
    "predict_probabilities",
    "predict_classes",
    "confusion_matrix",
    "per_class_accuracy",
    "save_model",
    "load_model",
]


def evaluate(model: keras.Model, images: np.ndarray, labels: np.ndarray, mirror: bool = False) -> dict[str, float]:
    """Test loss and accuracy as a dict: ``{"loss": 0.26, "accuracy": 0.91}``. Taught in 07_evaluate.

    Give it the *test* images: accuracy on the training images says how well the model
    memorised them, not how well it works on clothes it has never seen.
    ``mirror=True`` scores the predictions averaged over each image and its left-right mirror
    (see `predict_probabilities`; 08_improve_the_model).
    """
    images, labels = check_images_and_labels(images, labels)
    if not mirror:
        loss, accuracy = model.evaluate(images, labels, batch_size=1024, verbose=0)
        return {"loss": float(loss), "accuracy": float(accuracy)}
    probabilities = predict_probabilities(model, images, mirror=True)
    right_class = np.clip(probabilities[np.arange(len(labels)), labels], 1e-7, 1.0)
    return {
        "loss": float(-np.log(right_class).mean()),
        "accuracy": float((probabilities.argmax(axis=1) == labels).mean()),
    }


def predict_probabilities(model: keras.Model, images: np.ndarray, mirror: bool = False) -> np.ndarray:
    """The model's 10 class probabilities for each image: shape (N, 10), rows sum to 1.

    ``mirror=True`` asks the model twice, about each image and about its left-right mirror, and
    averages the two answers ("test-time augmentation"). It suits a model trained with
    ``RandomFlip("horizontal")``, for which both are equally real images; the model is
    unchanged, the prediction costs twice the time. Taught in 08_improve_the_model.
    """
    images = check_images(images)
    if images.size and float(images.max()) > 1.0:
        raise ValueError("These images are not normalized (pixels above 1): call normalize(images) first.")
    probabilities = np.asarray(model.predict(images, batch_size=1024, verbose=0))
    if mirror:
        mirrored = np.ascontiguousarray(images[:, :, ::-1])  # flip the columns: left becomes right
        probabilities = (probabilities + np.asarray(model.predict(mirrored, batch_size=1024, verbose=0))) / 2
    return probabilities


def predict_classes(model: keras.Model, images: np.ndarray) -> np.ndarray:
    """The most likely class (0..9) for each image."""
    return predict_probabilities(model, images).argmax(axis=1)


def confusion_matrix(true_labels: np.ndarray, predicted_labels: np.ndarray) -> np.ndarray:
    """A 10x10 count matrix: row = true class, column = predicted class."""
    true_labels, predicted_labels = check_labels(true_labels), check_labels(predicted_labels, "predicted_labels")
    if len(true_labels) != len(predicted_labels):
        raise ValueError(f"{len(true_labels)} true labels but {len(predicted_labels)} predictions.")
    matrix = np.zeros((10, 10), dtype=np.int64)
    np.add.at(matrix, (true_labels.astype(int), predicted_labels.astype(int)), 1)
    return matrix


def per_class_accuracy(true_labels: np.ndarray, predicted_labels: np.ndarray) -> dict[str, float]:
    """Accuracy for each class, by name (the share of that class's images predicted right)."""
    matrix = confusion_matrix(true_labels, predicted_labels)
    totals = matrix.sum(axis=1)
    return {name: float(matrix[i, i] / totals[i]) if totals[i] else float("nan") for i, name in enumerate(CLASS_NAMES)}


def save_model(model: keras.Model, path: str | os.PathLike) -> str:
    """Save the whole model (architecture, weights, optimizer) to a ``.keras`` file."""
    path = os.fspath(path)
    if not path.endswith(".keras"):
        raise ValueError(f"Keras 3 saves whole models to files ending in .keras; got {path!r}.")
    os.makedirs(os.path.dirname(os.path.abspath(path)), exist_ok=True)
    model.save(path)
    return path


def load_model(path: str | os.PathLike) -> keras.Model:
    """Load a model saved with `save_model`; it predicts exactly as it did before saving."""
    if not os.path.exists(path):
        raise FileNotFoundError(f"No saved model at {path}. Train one and call save_model(model, {str(path)!r}) first.")
    from .runtime import require_keras_3

    require_keras_3()
    import keras

    return keras.saving.load_model(path)
