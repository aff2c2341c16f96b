"""Exercises of 10_your_own_images: invert a photo's pixels, and spot the missing preprocessing step."""

from __future__ import annotations

import numpy as np

from ..i18n import translate as _
from . import as_array, exercise, require

__all__ = ["invert_photo", "missing_step", "mystery_image", "sneaker_photo_in_gray", "STEP_WORDS"]


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


def mystery_image() -> np.ndarray:
    """Exercise 2's picture: the sneaker photo with every step of photo_to_fashion_mnist but the padding (12 x 28)."""
    from .. import photos

    dark, _ = photos.invert_if_light_background(sneaker_photo_in_gray())
    return photos.resize_longer_side(
        photos.stretch_contrast(photos.crop_to_object(dark), photos.background_level(dark))
    )


#: The steps of photo_to_fashion_mnist, and the words a student may use for each ("centre" and "square" are
#: what the padding step does).
STEP_WORDS = {
    "grayscale": ("gray", "grey", "colour", "color"),
    "invert": ("invert", "negat"),
    "crop": ("crop", "trim", "bounding"),
    "resize": ("resiz", "rescal", "shrink", "longer side"),  # not "scal": "grayscale" holds it
    "pad": ("pad", "square", "cent"),
}


def _steps_named(answer: str) -> set[str]:
    text = str(answer).strip().lower()
    return {step for step, words in STEP_WORDS.items() if any(word in text for word in words)}


@exercise(
    notebook="10_your_own_images",
    question="The image shown was made from the sneaker photo with one step of photo_to_fashion_mnist left out. "
    'Which step? (a string, e.g. "grayscale")',
    hint="Compare it with a Fashion-MNIST image, and read its size in the title: is the background black, does the "
    "sneaker fill the frame, is the picture 28 x 28?",
    solution='my_step = "pad"   # the picture is 12 x 28, not square: nothing padded it to 28 x 28',
)
def missing_step(my_step) -> None:
    require(
        isinstance(my_step, str),
        _('answer with a string naming a step, e.g. "grayscale", not {type_name}.', type_name=type(my_step).__name__),
    )
    steps = _steps_named(my_step)
    require(
        bool(steps), _("{my_step!r} is not one of the steps: grayscale, invert, crop, resize, pad.", my_step=my_step)
    )
    require(
        len(steps) == 1,
        _("{my_step!r} names several steps ({steps}); name one.", my_step=my_step, steps=", ".join(sorted(steps))),
    )
    (step,) = steps
    require(
        step != "grayscale",
        _("the image is gray already; without the grayscale step it would still have 3 colour channels."),
    )
    require(
        step != "invert",
        _("the background is black and the sneaker light, as in Fashion-MNIST: the inversion happened."),
    )
    require(
        step != "crop",
        _("the sneaker fills the picture from edge to edge, so the photo was cropped to it. Read the picture's size."),
    )
    require(
        step != "resize",
        _("the longer side is 28 pixels, so it was resized. Is the picture 28 x 28? Read its size in the title."),
    )
    require(step == "pad", _("{my_step!r} is not the missing step.", my_step=my_step))
