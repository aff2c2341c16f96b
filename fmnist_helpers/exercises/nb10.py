"""Exercises of 10_your_own_images: invert a photo's pixels, and spot the missing preprocessing step."""

from __future__ import annotations

import numpy as np

from ..i18n import translate as _
from . import as_array, exercise, require

__all__ = ["invert_photo", "missing_step", "sneaker_photo_in_gray", "STEP_WORDS"]


def sneaker_photo_in_gray() -> np.ndarray:
    """The exercise's photo: the shipped sample "sneaker.png" in grayscale (uint8, light background)."""
    from ..photos import load_photo, to_grayscale
    from ..sample_photos import sample_photo_paths

    path = next(path for path in sample_photo_paths() if path.name == "sneaker.png")
    return to_grayscale(load_photo(path))


@exercise(
    notebook="10_your_own_images",
    question="Invert gray_photo (uint8, 0..255) so that the light background becomes dark and the sneaker light.",
    hint="Pixels are 0..255: black (0) must become white (255) and white black, every gray its mirror in between. "
    "(Beware 1 - x: it is for pixels in 0..1, and on uint8 it wraps around.)",
    solution="my_inverted = 255 - gray_photo",
)
def invert_photo(my_inverted) -> None:
    gray = sneaker_photo_in_gray()
    answer = as_array(my_inverted)
    require(
        answer.shape == gray.shape,
        _(
            "your image has shape {shape}; the photo has shape {shape2}. Inverting changes pixel values, not the shape.",
            shape=answer.shape,
            shape2=gray.shape,
        ),
    )
    require(
        np.issubdtype(answer.dtype, np.number) and answer.dtype != bool,
        _("your image holds {dtype} values, not pixel numbers.", dtype=answer.dtype),
    )
    values = answer.astype(np.float64)
    expected = 255.0 - gray
    require(
        not np.array_equal(values, gray.astype(np.float64)),
        _("this is the photo unchanged: the background is still light."),
    )
    require(
        not np.array_equal(values, (np.uint8(1) - gray).astype(np.float64)),
        _(
            "1 - x is the opposite of a pixel in 0..1, but these pixels are uint8 in 0..255: 1 - 200 wraps around to 57 instead of going negative. Use 255 - x."
        ),
    )
    require(
        not np.allclose(values, 1.0 - gray),
        _(
            "1 - x is the opposite of a pixel in 0..1 (you got negative values); these pixels are 0..255, so use 255 - x."
        ),
    )
    require(
        not np.allclose(values, (0 - gray.astype(np.int64)) % 256),
        _("-x on uint8 wraps around (-200 becomes 56) and does not invert. Use 255 - x."),
    )
    require(
        not np.allclose(values, 1.0 - gray / 255.0, atol=1e-3),
        _(
            "right idea, but you also normalized to 0..1. Keep the photo's 0..255 scale here: 255 - x (normalizing comes later, with fh.prepare_images)."
        ),
    )
    require(
        np.allclose(values, expected),
        _("these are not the pixels of 255 - gray_photo. The darkest pixel should become the brightest: 255 - x."),
    )


#: The steps of photo_to_fashion_mnist, and the words a student may use for each.
STEP_WORDS = {
    "grayscale": ("gray", "grey", "colour", "color"),
    "invert": ("invert", "negat"),
    "crop": ("crop", "trim", "bounding"),
    "pad": ("pad", "square"),
    "resize": ("resiz", "scal", "shrink", "28"),
    "centre": ("cent",),
}


def _step_named(answer: str) -> str | None:
    text = str(answer).strip().lower()
    for step, words in STEP_WORDS.items():
        if any(word in text for word in words):
            return step
    return None


@exercise(
    notebook="10_your_own_images",
    question="The 28 x 28 image shown was made with one step of photo_to_fashion_mnist left out. Which step? "
    '(a string, e.g. "grayscale")',
    hint="Compare it with a Fashion-MNIST image: is the background black? Does the object fill the frame along "
    "its longer side, and is it in the middle?",
    solution='my_step = "crop"   # the object is small and off-centre: the photo was never cut down to the object',
)
def missing_step(my_step) -> None:
    require(
        isinstance(my_step, str),
        _('answer with a string naming a step, e.g. "grayscale", not {type_name}.', type_name=type(my_step).__name__),
    )
    step = _step_named(my_step)
    require(
        step is not None,
        _("{my_step!r} is not one of the steps: grayscale, invert, crop, pad, resize.", my_step=my_step),
    )
    require(
        step != "grayscale",
        _("the image is gray already; a missing grayscale step would not even give one picture of 28 x 28 numbers."),
    )
    require(
        step != "invert",
        _("the background is black and the sneaker light, as in Fashion-MNIST: the inversion happened."),
    )
    require(
        step != "resize", _("the image is 28 x 28, so it was resized. Look at how much of the frame the sneaker fills.")
    )
    require(
        step != "pad",
        _(
            "padding only fills the picture up to 28 x 28 around the resized object; without it the picture would not be square, or the object would be stretched, not small."
        ),
    )
    require(
        step != "centre",
        _(
            "close: the sneaker is off-centre, and small too. Which step cuts the photo down to the object, so that it fills the frame and sits in the middle after padding?"
        ),
    )
    require(step == "crop", _("{my_step!r} is not the missing step.", my_step=my_step))
