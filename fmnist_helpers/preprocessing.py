"""Steps 2 and 3 of the course: reshape to (N, 28, 28, 1) (02_reshape), normalize (03_normalize).

Each check here raises a `ValueError` that says what was wrong, what was expected and which
helper to call, because a wrong shape or a wrong scale otherwise shows up only as a cryptic
Keras error or, worse, as a quietly bad accuracy.
"""

from __future__ import annotations

import numpy as np

from .i18n import translate as _

__all__ = [
    "IMAGE_SHAPE",
    "reshape_images",
    "normalize",
    "prepare_images",
    "is_normalized",
    "check_images",
    "check_labels",
    "check_images_and_labels",
]

#: The shape of one image as the model takes it: 28 x 28 pixels, one (grayscale) channel.
IMAGE_SHAPE: tuple[int, int, int] = (28, 28, 1)


def reshape_images(images: np.ndarray) -> np.ndarray:
    """Add the channel axis a CNN expects: (N, 28, 28) -> (N, 28, 28, 1). Taught in 02_reshape.

    Uses ``reshape(-1, 28, 28, 1)``, so it works for any number of images (the article
    hard-codes 60000 and 10000). Images that already have the channel axis are returned as
    they are.
    """
    images = np.asarray(images)
    if images.ndim == 4 and images.shape[1:] == IMAGE_SHAPE:
        return images
    if images.ndim == 3 and images.shape[1:] == IMAGE_SHAPE[:2]:
        return images.reshape(-1, *IMAGE_SHAPE)
    raise ValueError(
        _(
            "reshape_images expects Fashion-MNIST images of shape (N, 28, 28) or (N, 28, 28, 1), but got shape {shape}.",
            shape=images.shape,
        )
        + " "
        + _shape_hint(images.shape)
    )


def _shape_hint(shape: tuple[int, ...]) -> str:
    if len(shape) == 4 and shape[-1] == 3:
        return _(
            "These look like colour (RGB) images with 3 channels; Fashion-MNIST is grayscale with 1 channel. Convert with images.mean(axis=-1) first."
        )
    if len(shape) == 2 and shape == (28, 28):
        return _("This is one image; make it a batch of one with image[None] (shape (1, 28, 28)).")
    if len(shape) in (3, 4) and shape[1:3] != (28, 28):
        return _(
            "Each image is {height}x{width} pixels; the model needs 28x28. For your own photos use fmnist_helpers.photo_to_fashion_mnist().",
            height=shape[1],
            width=shape[2],
        )
    if len(shape) == 2 and shape[1] == 784:
        return _("These are flattened images; reshape_images cannot guess; use images.reshape(-1, 28, 28).")
    return _("Start from the arrays that load_data() returns.")


def check_images(images: np.ndarray, name: str = "images") -> np.ndarray:
    """Raise a `ValueError` unless ``images`` has shape (N, 28, 28, 1); return them as an array."""
    images = np.asarray(images)
    if images.ndim != 4 or images.shape[1:] != IMAGE_SHAPE:
        hint = (
            _("Call reshape_images(images) first to add the channel axis.")
            if images.ndim == 3 and images.shape[1:] == IMAGE_SHAPE[:2]
            else _shape_hint(images.shape)
        )
        raise ValueError(
            _(
                "{name} must have shape (N, 28, 28, 1), but has shape {shape}. {hint}",
                name=name,
                shape=images.shape,
                hint=hint,
            )
        )
    return images


def _check_pixel_range(images: np.ndarray, name: str = "images") -> None:
    """Raise a `ValueError` if any pixel is outside 0..255 (or not a number)."""
    images = np.asarray(images)
    if images.size == 0:
        return
    low, high = float(np.min(images)), float(np.max(images))
    if not (np.isfinite(low) and np.isfinite(high)):
        raise ValueError(_("{name} contain NaN or infinite values; start again from load_data().", name=name))
    if low < 0 or high > 255:
        raise ValueError(
            _(
                "{name} have pixel values from {low:g} to {high:g}, but Fashion-MNIST pixels are 0..255 (or 0..1 after normalize). Start again from the arrays load_data() returns.",
                name=name,
                low=low,
                high=high,
            )
        )


def is_normalized(images: np.ndarray) -> bool:
    """True when the pixels are already floats in [0, 1] (what `normalize` returns)."""
    images = np.asarray(images)
    return bool(
        images.size
        and np.issubdtype(images.dtype, np.floating)
        and float(np.min(images)) >= 0.0
        and float(np.max(images)) <= 1.0
    )


def normalize(images: np.ndarray) -> np.ndarray:
    """Scale pixels from 0..255 to float32 in [0, 1]: ``images / 255``. Taught in 03_normalize.

    Both the training and the test images must be divided by the same 255 (the article divides
    the training images by 225 by mistake). Calling it twice is refused: a second division by 255
    would squeeze every pixel below 0.004 and quietly ruin the accuracy.
    """
    images = np.asarray(images)
    _check_pixel_range(images)
    if is_normalized(images) and images.max() > 0:
        raise ValueError(
            _(
                "These images are already normalized (float pixels from {low:g} to {high:g}). Dividing by 255 again would make every pixel almost 0 and ruin the accuracy. Use them as they are, or start again from load_data().",
                low=images.min(),
                high=images.max(),
            )
        )
    return (images / np.float32(255.0)).astype(np.float32)


def check_labels(labels: np.ndarray, name: str = "labels") -> np.ndarray:
    """Raise a `ValueError` unless ``labels`` is a 1-D array of integers 0..9; return it."""
    labels = np.asarray(labels)
    if labels.ndim == 2 and labels.shape[1] == 10:
        raise ValueError(
            _(
                "{name} look one-hot encoded (shape {shape}). The course uses sparse categorical cross-entropy, which wants one integer 0..9 per image: use labels.argmax(axis=1), or keep the labels load_data() returns.",
                name=name,
                shape=labels.shape,
            )
        )
    if labels.ndim != 1:
        raise ValueError(
            _(
                "{name} must be a 1-D array with one label per image, but has shape {shape}.",
                name=name,
                shape=labels.shape,
            )
        )
    if labels.size and not np.all(np.equal(np.mod(labels, 1), 0)):
        raise ValueError(_("{name} must be whole numbers 0..9 (one class per image), not fractions.", name=name))
    if labels.size and (labels.min() < 0 or labels.max() > 9):
        raise ValueError(
            _(
                "{name} must be class numbers 0..9 (see CLASS_NAMES), but they go from {low} to {high}.",
                name=name,
                low=labels.min(),
                high=labels.max(),
            )
        )
    return labels


def check_images_and_labels(images: np.ndarray, labels: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """All the checks `train` and `evaluate` make before any work starts; returns both as arrays.

    The images must be reshaped and normalized (`prepare_images`), the labels integers 0..9, one
    per image: training, validation and test data alike.
    """
    images = check_images(images)
    labels = check_labels(labels)
    if len(images) != len(labels):
        raise ValueError(
            _(
                "There are {images} images but {labels} labels; each image needs exactly one label. Did you pair train_images with test_labels?",
                images=len(images),
                labels=len(labels),
            )
        )
    _check_pixel_range(images)
    if images.size and float(images.max()) > 1.0:
        raise ValueError(
            _(
                "The pixels go up to {high:g}: these images are not normalized. Call normalize(images) first (the model learns badly from raw 0..255 pixels).",
                high=float(images.max()),
            )
        )
    return images, labels


def prepare_images(images: np.ndarray) -> np.ndarray:
    """Steps 2 and 3 in one call: reshape to (N, 28, 28, 1), then normalize to [0, 1]."""
    return normalize(reshape_images(images))
