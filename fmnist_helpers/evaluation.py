"""Step 7 of the course (notebook 07_evaluate): how good is the model, and where does it fail?

The counting helpers (`confusion_matrix`, `per_class_accuracy`) need only NumPy; Keras is loaded
by `load_model` alone, the others call methods of the model they are given.
"""

from __future__ import annotations

import contextlib
import logging
import math
import os
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from .data import CLASS_NAMES
from .i18n import translate as _
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
    "PairedComparison",
    "compare_on_same_images",
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
        raise ValueError(_("These images are not normalized (pixels above 1): call normalize(images) first."))
    with _no_retracing_warnings():
        probabilities = np.asarray(model.predict(images, batch_size=1024, verbose=0))
        if mirror:
            mirrored = np.ascontiguousarray(images[:, :, ::-1])  # flip the columns: left becomes right
            probabilities = (probabilities + np.asarray(model.predict(mirrored, batch_size=1024, verbose=0))) / 2
    return probabilities


@contextlib.contextmanager
def _no_retracing_warnings() -> Iterator[None]:
    """Hide TensorFlow's "triggered tf.function retracing" warnings while predicting.

    A notebook that asks several new models (08's race, one per variant) gets them from the sixth
    model on; each model's first predict builds its function once, as it should, so they say nothing
    a student can act on. Other warnings, and errors, still show.
    """
    logger = logging.getLogger("tensorflow")

    def not_retracing(record: logging.LogRecord) -> bool:
        return "triggered tf.function retracing" not in record.getMessage()

    logger.addFilter(not_retracing)
    try:
        yield
    finally:
        logger.removeFilter(not_retracing)


def predict_classes(model: keras.Model, images: np.ndarray) -> np.ndarray:
    """The most likely class (0..9) for each image."""
    return predict_probabilities(model, images).argmax(axis=1)


def confusion_matrix(true_labels: np.ndarray, predicted_labels: np.ndarray) -> np.ndarray:
    """A 10x10 count matrix: row = true class, column = predicted class."""
    true_labels, predicted_labels = check_labels(true_labels), check_labels(predicted_labels, "predicted_labels")
    if len(true_labels) != len(predicted_labels):
        raise ValueError(
            _(
                "{labels} true labels but {predictions} predictions.",
                labels=len(true_labels),
                predictions=len(predicted_labels),
            )
        )
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
        raise ValueError(_("Keras 3 saves whole models to files ending in .keras; got {path!r}.", path=path))
    os.makedirs(os.path.dirname(os.path.abspath(path)), exist_ok=True)
    model.save(path)
    return path


def load_model(path: str | os.PathLike) -> keras.Model:
    """Load a model saved with `save_model`; it predicts exactly as it did before saving."""
    if not os.path.exists(path):
        raise FileNotFoundError(
            _(
                "No saved model at {path}. Train one and call save_model(model, {quoted}) first.",
                path=path,
                quoted=repr(str(path)),
            )
        )
    from .runtime import require_keras_3

    require_keras_3()
    import keras

    return keras.saving.load_model(path)


@dataclass(frozen=True)
class PairedComparison:
    """Two models scored on the same images: where they disagree, and whether the split is real.

    ``a_only``: images only model A gets right; ``b_only``: only model B. The images both get right,
    or both wrong, say nothing about which is better. ``difference = a_only - b_only`` (positive:
    A is right more often); ``noise = 2 * sqrt(a_only + b_only)``, how far coin flips would usually
    push it; ``is_real`` when ``abs(difference) > noise``. ``points`` is A's accuracy minus B's, in
    percentage points. Taught in 08_improve_the_model.
    """

    a_only: int
    b_only: int
    images: int

    @property
    def difference(self) -> int:
        """How many more images A alone gets right than B alone (negative: B is ahead)."""
        return self.a_only - self.b_only

    @property
    def noise(self) -> float:
        """2 * sqrt(a_only + b_only): a split of that many coin flips is usually closer than this."""
        return 2 * math.sqrt(self.a_only + self.b_only)

    @property
    def is_real(self) -> bool:
        """True when the split is more lopsided than coin flips give: ``abs(difference) > noise``."""
        return abs(self.difference) > self.noise

    @property
    def points(self) -> float:
        """A's accuracy minus B's on these images, in percentage points."""
        return 100 * self.difference / self.images

    @property
    def verdict(self) -> str:
        """``"real"`` or ``"within the noise"``."""
        return _("real") if self.is_real else _("within the noise")

    def __str__(self) -> str:
        return _(
            "A alone right on {a_only} images, B alone on {b_only}; |a-b| = {difference}, "
            "2*sqrt(a+b) = {noise:.1f}: {verdict}",
            a_only=self.a_only,
            b_only=self.b_only,
            difference=abs(self.difference),
            noise=self.noise,
            verdict=self.verdict,
        )


def compare_on_same_images(labels: np.ndarray, predicted_a: np.ndarray, predicted_b: np.ndarray) -> PairedComparison:
    """Count the images only model A gets right and those only model B gets right. Taught in 08_improve_the_model.

    Both models must be scored on the same images (``predicted_a[i]`` and ``predicted_b[i]`` are
    the two answers about image ``i``). If they were equally good, each image they disagree on
    would be a coin flip between them; a split much more lopsided than coin flips
    (``abs(a - b) > 2 * sqrt(a + b)``) is a real difference.
    """
    labels = check_labels(labels)
    predicted_a, predicted_b = check_labels(predicted_a, "predicted_a"), check_labels(predicted_b, "predicted_b")
    if not len(labels) == len(predicted_a) == len(predicted_b):
        raise ValueError(
            _(
                "{labels} labels, {answers_a} answers of A and {answers_b} of B: score both models "
                "on the same images, e.g. fh.predict_classes(model, images) for each.",
                labels=len(labels),
                answers_a=len(predicted_a),
                answers_b=len(predicted_b),
            )
        )
    if len(labels) == 0:
        raise ValueError(_("No images to compare on: give the labels and both models' answers for at least one image."))
    a_right, b_right = predicted_a == labels, predicted_b == labels
    return PairedComparison(
        a_only=int(np.sum(a_right & ~b_right)), b_only=int(np.sum(b_right & ~a_right)), images=len(labels)
    )
