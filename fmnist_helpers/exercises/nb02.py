"""Exercises of 02_reshape: reshape with -1, and a batch of one image (also the example of how each notebook's exercises are written)."""

from __future__ import annotations

from ..preprocessing import IMAGE_SHAPE
from . import as_array, exercise, require

__all__ = ["batch_of_one", "reshape_with_minus_one", "TEST_IMAGE_0_PIXEL_SUM", "TRAIN_IMAGE_0_PIXEL_SUM"]


@exercise(
    notebook="02_reshape",
    question="Reshape the test images to (10000, 28, 28, 1) without typing 10000.",
    hint="reshape(-1, 28, 28, 1): -1 means 'however many images there are'.",
    solution="my_test_images = test_images.reshape(-1, 28, 28, 1)",
)
def reshape_with_minus_one(my_test_images) -> None:
    images = as_array(my_test_images)
    require(
        images.ndim != 3,
        f"your array has shape {images.shape}: the channel axis is missing. "
        "A CNN wants (N, 28, 28, 1): add the 1 at the end.",
    )
    require(
        not (images.ndim == 4 and images.shape[1] == 1),
        f"shape {images.shape} puts the channel first (channels-first). Keras wants it last: (N, 28, 28, 1).",
    )
    require(images.shape[1:] == IMAGE_SHAPE, f"shape {images.shape} is not (N, 28, 28, 1).")
    require(
        images.shape[0] == 10000,
        f"you have {images.shape[0]} images; the test set has 10000. Did you reshape the training images?",
    )


#: The sum of the pixels of test_images[0] and of train_images[0] in the published data (checked
#: against the full data by tests/test_exercises_nb02.py): enough to tell which image an answer holds.
TEST_IMAGE_0_PIXEL_SUM = 33456
TRAIN_IMAGE_0_PIXEL_SUM = 76247


@exercise(
    notebook="02_reshape",
    question="Make test image 0 a batch of one, ready for the model: shape (1, 28, 28, 1).",
    hint="One image has shape (28, 28). A model takes a batch (an axis in front) of images with a channel "
    "axis (an axis at the end): test_images[0].reshape(1, 28, 28, 1).",
    solution="my_batch = test_images[0].reshape(1, 28, 28, 1)   # or test_images[0][None, :, :, None]",
)
def batch_of_one(my_batch) -> None:
    batch = as_array(my_batch)
    require(
        batch.shape != (28, 28),
        "shape (28, 28) is the image as it is: add a batch axis in front and a channel axis at the end.",
    )
    require(
        batch.shape != (28, 28, 1),
        "shape (28, 28, 1) has the channel axis but no batch axis. A model "
        "always takes a batch, even of one image: (1, 28, 28, 1).",
    )
    require(
        batch.shape != (1, 28, 28),
        "shape (1, 28, 28) is a batch of one, but the channel axis is missing: add the 1 at the end, (1, 28, 28, 1).",
    )
    require(
        batch.shape != (1, 1, 28, 28),
        "shape (1, 1, 28, 28) puts the channel first (channels-first). Keras wants it last: (1, 28, 28, 1).",
    )
    require(
        not (batch.ndim == 4 and batch.shape[1:] == IMAGE_SHAPE and batch.shape[0] > 1),
        f"you have {batch.shape[0]} images; the batch should hold only test image 0. "
        "Take it out first with test_images[0].",
    )
    require(batch.shape == (1, *IMAGE_SHAPE), f"shape {batch.shape} is not (1, 28, 28, 1).")
    pixel_sum = float(batch.sum())
    if batch.dtype.kind == "f" and batch.max() <= 1.0:
        pixel_sum *= 255  # normalized pixels are fine too
    require(
        round(pixel_sum) != TRAIN_IMAGE_0_PIXEL_SUM,
        "the shape is right, but that is training image 0. The exercise asks for test_images[0].",
    )
    require(
        round(pixel_sum) == TEST_IMAGE_0_PIXEL_SUM,
        "the shape is right, but these are not the pixels of test_images[0]. Start from test_images[0].",
    )
