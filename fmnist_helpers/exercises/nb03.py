"""Exercises of 03_normalize: scale the pixels from 0..255 to [0, 1], with the same 255 for every set."""

from __future__ import annotations

import numpy as np

from ..i18n import translate as _
from ..preprocessing import IMAGE_SHAPE
from . import Mistake, as_array, exercise, require
from .nb02 import TEST_SET_SIZE, require_the_test_images

__all__ = ["largest_pixel_after_225", "LARGEST_PIXEL_AFTER_225", "normalize_test_images", "one_number"]

#: What the article's typo makes of the brightest training pixel: 255 / 225.
LARGEST_PIXEL_AFTER_225 = 255 / 225


@exercise(
    notebook="03_normalize",
    question="Normalize the test images: float pixels from 0 to 1, divided by the same 255 as the training images.",
    hint="Start from the raw 0..255 test_images, all of them, and divide once by the same number as the training "
    "images, with true division (/), not floor division (//). fh.normalize does it for you too.",
    solution="my_test_images = test_images / 255.0   # or: fh.normalize(test_images)",
)
def normalize_test_images(my_test_images) -> None:
    images = as_array(my_test_images)
    require(images.size > 0, _("your array is empty. Start from test_images, the raw 0..255 test images."))
    require(
        images.shape not in ((28, 28), (28, 28, 1), (1, 28, 28), (1, 28, 28, 1)),
        _(
            "that is one image (shape {shape}). The exercise asks for all the test images: normalize test_images, all 10000.",
            shape=images.shape,
        ),
    )
    require(
        len(images) != 60000,
        _(
            "you have {count} images: those are the training images. Normalize test_images (10000 images).",
            count=len(images),
        ),
    )
    require(
        images.shape[1:] in ((28, 28), IMAGE_SHAPE),
        _(
            "your array has shape {shape}; the test images are (10000, 28, 28, 1) here. Divide test_images as it is, without reshaping it.",
            shape=images.shape,
        ),
    )
    require(
        len(images) == TEST_SET_SIZE,
        _(
            "you have {count} images; the test set has {TEST_SET_SIZE}. Normalize all of test_images.",
            count=len(images),
            TEST_SET_SIZE=TEST_SET_SIZE,
        ),
    )
    require(
        np.issubdtype(images.dtype, np.integer) or np.issubdtype(images.dtype, np.floating),
        _("your array holds {dtype} values, not pixel numbers. Divide test_images by 255.0.", dtype=images.dtype),
    )
    low, high = float(np.min(images)), float(np.max(images))
    whole_numbers = np.issubdtype(images.dtype, np.integer)
    require(
        not (whole_numbers and high > 1),
        _(
            "your pixels are still whole numbers ({dtype}) from {low:g} to {high:g}: you forgot to normalize. Divide by 255.0.",
            dtype=images.dtype,
            low=low,
            high=high,
        ),
    )
    require(
        not (whole_numbers or np.all((images == 0) | (images == 1))),
        _(
            "every pixel of yours is 0 or 1: that is integer (floor) division, // 255 rounds every pixel down to 0 (only pure white stays 1). Use / 255.0, which keeps the grays: 0.0, 0.0039, ..., 1.0."
        ),
    )
    require(
        np.isfinite(low) and np.isfinite(high),
        _("your pixels contain NaN or infinite values. Start again from test_images / 255.0."),
    )
    require(
        low >= 0,
        _(
            "your smallest pixel is {low:.3g}, below 0: did you subtract the mean (standardize)? This course only scales: divide by 255.0 so the pixels go from 0 to 1.",
            low=low,
        ),
    )
    require(
        not np.isclose(high, 255 / 225, rtol=1e-3),
        _(
            "your largest pixel is {high:.4f} = 255/225: you divided by 225, the article's typo. Divide by 255, the largest pixel value, so white becomes exactly 1.0.",
            high=high,
        ),
    )
    require(
        high <= 1.0 + 1e-6,
        _(
            "your largest pixel is {high:g}, above 1: these are not normalized (raw pixels go up to 255). Divide the raw test images by 255.0, once.",
            high=high,
        ),
    )
    require(
        not (0 < high < 0.004),
        _(
            "your largest pixel is {high:.5f}, below 0.004 (= 1/255): you normalized twice (divided by 255 two times). Divide the raw 0..255 images once.",
            high=high,
        ),
    )
    require(
        np.isclose(high, 1.0, rtol=1e-3),
        _(
            "your largest pixel is {high:.4f}, but the brightest test pixel (255) should become exactly 1.0. Divide by 255, not another number.",
            high=high,
        ),
    )
    require_the_test_images(images)


@exercise(
    notebook="03_normalize",
    question="The article divides the training images by 225. What is the largest training pixel after that "
    "(a number, 4 decimals)?",
    hint="The brightest raw pixel is 255: what does the article's division by 225 make of it? (Or divide "
    "train_images by 225.0 and ask for the largest value.)",
    solution="my_largest_pixel = 255 / 225   # 1.1333: 13% above the 1.0 of the test images",
)
def largest_pixel_after_225(my_largest_pixel) -> None:
    value = one_number(my_largest_pixel)
    require(
        not np.isclose(value, 1.0),
        _(
            "1.0 is what dividing by 255 gives (the right scale, used on the test images). The article divided the training images by 225."
        ),
    )
    require(
        not np.isclose(value, 225 / 255, atol=5e-4),
        _("{value:.4f} is 225/255, upside down: the largest pixel 255 divided by 225 is 255/225.", value=value),
    )
    require(
        value not in (255.0, 225.0), _("{value:g} is a raw number; divide the largest pixel (255) by 225.", value=value)
    )
    require(
        not np.isclose(value, 1 / 225, rtol=1e-3),
        _(
            "{value:.5f} is 1/225: you divided images that were already normalized. Start from the raw 255.",
            value=value,
        ),
    )
    require(
        np.isclose(value, LARGEST_PIXEL_AFTER_225, atol=5e-3),
        _("{value:g} is not it. The largest raw pixel is 255; what is 255 / 225?", value=value),
    )


def one_number(answer: object) -> float:
    """The answer as one float, or a `Mistake` that says a single number was expected."""
    array = as_array(answer)
    try:
        require(array.size == 1, "")
        return float(array.reshape(-1)[0])
    except (Mistake, TypeError, ValueError):
        raise Mistake(
            _("give one number (like 0.5), not {type_name} {answer!r}.", type_name=type(answer).__name__, answer=answer)
        ) from None
