"""Exercises of 02_reshape: reshape with -1, and a batch of one image (also the example of how each notebook's exercises are written)."""

from __future__ import annotations

import numpy as np

from ..i18n import translate as _
from ..preprocessing import IMAGE_SHAPE
from . import as_array, exercise, require

__all__ = [
    "batch_of_one",
    "require_the_test_images",
    "reshape_with_minus_one",
    "TEST_IMAGE_0_PIXEL_SUM",
    "TEST_IMAGE_LAST_PIXEL_SUM",
    "TEST_IMAGES_PIXEL_SUM",
    "TEST_SET_SIZE",
    "TRAIN_IMAGE_0_PIXEL_SUM",
]


@exercise(
    notebook="02_reshape",
    question="Reshape the test images to (10000, 28, 28, 1) without typing 10000.",
    hint="Use the array's .reshape with the shape you want, but let NumPy work out the number of images: "
    "-1 in one place of a shape means 'however many it takes'.",
    solution="my_test_images = test_images.reshape(-1, 28, 28, 1)",
)
def reshape_with_minus_one(my_test_images) -> None:
    images = as_array(my_test_images)
    require(
        images.ndim != 3,
        _(
            "your array has shape {shape}: the channel axis is missing. A CNN wants (N, 28, 28, 1): add the 1 at the end.",
            shape=images.shape,
        ),
    )
    require(
        not (images.ndim == 4 and images.shape[1] == 1),
        _(
            "shape {shape} puts the channel first (channels-first). Keras wants it last: (N, 28, 28, 1).",
            shape=images.shape,
        ),
    )
    require(images.shape[1:] == IMAGE_SHAPE, _("shape {shape} is not (N, 28, 28, 1).", shape=images.shape))
    require(
        images.shape[0] == TEST_SET_SIZE,
        _(
            "you have {count} images; the test set has {TEST_SET_SIZE}. Did you reshape the training images?",
            count=images.shape[0],
            TEST_SET_SIZE=TEST_SET_SIZE,
        ),
    )
    require_the_test_images(images)


#: The sum of all the pixels of the 10,000 test images, and of test_images[-1], in the published data
#: (checked against the full data by tests/test_exercises_nb02.py): an array of the right shape holds
#: the test images only if these match.
TEST_IMAGES_PIXEL_SUM = 573469082
TEST_IMAGE_LAST_PIXEL_SUM = 24390
TEST_SET_SIZE = 10000


def _pixel_sum(pixels) -> int:
    """The sum of raw 0..255 pixels, also from normalized (0..1 float) pixels."""
    total = float(np.sum(pixels, dtype=np.float64))
    if pixels.dtype.kind == "f" and pixels.size and float(pixels.max()) <= 1.0:
        total *= 255
    return round(total)


def require_the_test_images(images: np.ndarray) -> None:
    """Raise a `Mistake` unless ``images`` (10000 images of any shape) hold the pixels of the test images, in order."""
    require(
        np.issubdtype(images.dtype, np.number) and not np.issubdtype(images.dtype, np.complexfloating),
        _("your array holds {dtype} values, not pixels. Start from test_images.", dtype=images.dtype),
    )
    require(
        bool(np.any(images)),
        _(
            "every pixel of yours is 0: that is an array of the right shape, but not the test images. Start from test_images."
        ),
    )
    require(
        abs(_pixel_sum(images) - TEST_IMAGES_PIXEL_SUM) <= TEST_IMAGES_PIXEL_SUM * 1e-5,
        _(
            "the shape is right, but these are not the pixels of the test images. Start from test_images (and only change its shape)."
        ),
    )
    require(
        abs(_pixel_sum(images[0]) - TEST_IMAGE_0_PIXEL_SUM) <= 1
        and abs(_pixel_sum(images[-1]) - TEST_IMAGE_LAST_PIXEL_SUM) <= 1,
        _(
            "these are the test images' pixels, but not in their order. Keep test_images as it is and only change its shape."
        ),
    )


#: The sum of the pixels of test_images[0] and of train_images[0] in the published data (checked
#: against the full data by tests/test_exercises_nb02.py): enough to tell which image an answer holds.
TEST_IMAGE_0_PIXEL_SUM = 33456
TRAIN_IMAGE_0_PIXEL_SUM = 76247


@exercise(
    notebook="02_reshape",
    question="Make test image 0 a batch of one, ready for the model: shape (1, 28, 28, 1).",
    hint="Take test image 0 out first: it has shape (28, 28). A model takes a batch, so it needs one more axis in "
    "front (how many images: 1) and the channel axis at the end. .reshape can add both.",
    solution="my_batch = test_images[0].reshape(1, 28, 28, 1)   # or test_images[0][None, :, :, None]",
)
def batch_of_one(my_batch) -> None:
    batch = as_array(my_batch)
    require(
        batch.shape != (28, 28),
        _("shape (28, 28) is the image as it is: add a batch axis in front and a channel axis at the end."),
    )
    require(
        batch.shape != (28, 28, 1),
        _(
            "shape (28, 28, 1) has the channel axis but no batch axis. A model always takes a batch, even of one image: (1, 28, 28, 1)."
        ),
    )
    require(
        batch.shape != (1, 28, 28),
        _(
            "shape (1, 28, 28) is a batch of one, but the channel axis is missing: add the 1 at the end, (1, 28, 28, 1)."
        ),
    )
    require(
        batch.shape != (1, 1, 28, 28),
        _("shape (1, 1, 28, 28) puts the channel first (channels-first). Keras wants it last: (1, 28, 28, 1)."),
    )
    require(
        not (batch.ndim == 4 and batch.shape[1:] == IMAGE_SHAPE and batch.shape[0] > 1),
        _(
            "you have {count} images; the batch should hold only test image 0. Take it out first with test_images[0].",
            count=batch.shape[0],
        ),
    )
    require(batch.shape == (1, *IMAGE_SHAPE), _("shape {shape} is not (1, 28, 28, 1).", shape=batch.shape))
    pixel_sum = _pixel_sum(batch)  # normalized pixels are fine too
    require(
        round(pixel_sum) != TRAIN_IMAGE_0_PIXEL_SUM,
        _("the shape is right, but that is training image 0. The exercise asks for test_images[0]."),
    )
    require(
        round(pixel_sum) == TEST_IMAGE_0_PIXEL_SUM,
        _("the shape is right, but these are not the pixels of test_images[0]. Start from test_images[0]."),
    )
