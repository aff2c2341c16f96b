"""Your own photos (notebook 10_your_own_images): make a photo look like a Fashion-MNIST image.

A model only knows the kind of picture it was trained on. Fashion-MNIST's images were made from
Zalando's product photos like this (the dataset's README): trim the edges that have the colour of
the background, resize the longer side to 28 pixels, extend the shorter side to 28 with the object
in the centre, negate the intensities, make it 8-bit grayscale. So every image is a light object
on a black background that fills the 28 x 28 frame from edge to edge along its longer side.

`photo_to_fashion_mnist` does the same to your photo, step by step::

    grayscale -> invert (if the background is light) -> crop to the object
    -> background to 0 and contrast stretched -> resize the longer side to 28 -> pad to 28 x 28, centred

Each step is a function built on Pillow that a notebook can call on its own; `preprocessing_steps`
returns every intermediate picture. The sample photos to try it on live in `fmnist_helpers.sample_photos`.
"""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np

from .i18n import translate as _

__all__ = [
    "photo_to_fashion_mnist",
    "preprocessing_steps",
    "load_photo",
    "to_grayscale",
    "background_level",
    "invert_if_light_background",
    "object_mask",
    "object_box",
    "crop_to_object",
    "stretch_contrast",
    "resize_longer_side",
    "pad_to_square",
    "SIDE",
    "OBJECT_THRESHOLD",
    "MASK_BLUR_RADIUS",
    "BRIGHT_CUTOFF_PERCENT",
]

#: The side of a Fashion-MNIST image, in pixels.
SIDE = 28
#: A pixel belongs to the object when it is brighter than the background by more than this (of 255),
#: after a light blur that keeps single noisy pixels from counting. A photo's noise and uneven light stay below it.
OBJECT_THRESHOLD = 30
#: How many pixels of blur (box filter radius) the object mask uses against noise.
MASK_BLUR_RADIUS = 1
#: The share of the object's brightest pixels that `stretch_contrast` lets saturate at 255 (1%).
BRIGHT_CUTOFF_PERCENT = 1


def load_photo(image) -> np.ndarray:
    """A photo as a uint8 array: (H, W) for grayscale or (H, W, 3) for colour. Step 0 of 10_your_own_images.

    ``image`` is a file path (PNG, JPEG, ...), a PIL image, or an array of shape (H, W),
    (H, W, 1), (H, W, 3) or (H, W, 4), with pixels 0..255 or floats 0..1 (what
    ``matplotlib.image.imread`` gives for a PNG). A transparent background (the 4th channel) is
    laid on white, as it would look on screen. A phone's rotation tag (EXIF) is applied.
    """
    from PIL import Image, ImageOps

    if isinstance(image, (str, os.PathLike)):
        path = Path(image)
        if not path.is_file():
            raise ValueError(
                _(
                    "No image file at {path!r}. Check the path (on Colab: the name files.upload() printed).",
                    path=str(path),
                )
            )
        try:
            with Image.open(path) as opened:
                image = ImageOps.exif_transpose(opened)
                image.load()
        except OSError as error:
            raise ValueError(
                _("{path!r} is not an image file that Pillow can read ({error}).", path=str(path), error=error)
            ) from None
    if isinstance(image, Image.Image):
        if image.mode not in ("L", "RGB", "RGBA"):
            image = image.convert("RGBA" if image.mode in ("LA", "P", "PA") else "RGB")
        image = np.asarray(image)
    if not isinstance(image, np.ndarray):
        try:
            image = np.asarray(image)
        except Exception:  # noqa: BLE001
            image = None
        if image is None or image.dtype.kind not in "uif":
            raise ValueError(_("photo_to_fashion_mnist takes a file path, a PIL image or a NumPy array of pixels."))
    pixels = _as_uint8_photo(image)
    if pixels.ndim == 3 and pixels.shape[-1] == 4:  # transparent -> white, as on screen
        photo = Image.fromarray(pixels, "RGBA")
        pixels = np.asarray(Image.alpha_composite(Image.new("RGBA", photo.size, "white"), photo).convert("RGB"))
    return pixels


def _as_uint8_photo(pixels: np.ndarray) -> np.ndarray:
    """Check an array photo's shape and scale, and return it as uint8 (H, W), (H, W, 3) or (H, W, 4)."""
    pixels = np.asarray(pixels)
    if pixels.ndim == 3 and pixels.shape[-1] == 1:
        pixels = pixels[..., 0]
    if pixels.ndim not in (2, 3) or (pixels.ndim == 3 and pixels.shape[-1] not in (3, 4)):
        if pixels.ndim == 3 and pixels.shape[1:] == (SIDE, SIDE):
            raise ValueError(
                _(
                    "This looks like a batch of {count} images (shape {shape}). "
                    "Give one photo at a time, e.g. images[0].",
                    count=pixels.shape[0],
                    shape=pixels.shape,
                )
            )
        raise ValueError(
            _(
                "A photo has shape (height, width) or (height, width, 3 or 4 colour channels); "
                "this array has shape {shape}.",
                shape=pixels.shape,
            )
        )
    if min(pixels.shape[:2]) < 2:
        raise ValueError(
            _(
                "This photo is {height} x {width} pixels: too small to find an object in.",
                height=pixels.shape[0],
                width=pixels.shape[1],
            )
        )
    if pixels.dtype.kind not in "uif":
        raise ValueError(_("Pixels must be numbers (uint8 0..255 or floats 0..1), not {dtype}.", dtype=pixels.dtype))
    values = pixels.astype(np.float64)
    if not np.all(np.isfinite(values)):
        raise ValueError(_("This photo has NaN or infinite pixels."))
    low, high = values.min(), values.max()
    if low < 0 or high > 255:
        raise ValueError(
            _("Pixels go from {low:g} to {high:g}; a photo's pixels are 0..255 (or 0..1).", low=low, high=high)
        )
    if np.issubdtype(pixels.dtype, np.floating) and high <= 1.0:
        values = values * 255.0  # floats 0..1, as matplotlib.image.imread reads a PNG
    return np.clip(np.round(values), 0, 255).astype(np.uint8)


def _image(pixels: np.ndarray):
    """A uint8 (H, W) array as a grayscale PIL image."""
    from PIL import Image

    return Image.fromarray(np.asarray(pixels, dtype=np.uint8), "L")


def to_grayscale(photo: np.ndarray) -> np.ndarray:
    """Step 1: colour (H, W, 3) to gray (H, W), with Pillow's ``convert("L")`` (ITU-R 601 luminance weights)."""
    from PIL import Image

    photo = np.asarray(photo, dtype=np.uint8)
    if photo.ndim == 2:
        return photo
    return np.asarray(Image.fromarray(photo[..., :3], "RGB").convert("L"))


def background_level(gray: np.ndarray) -> float:
    """The background's brightness: the median of the pixels on the photo's border."""
    gray = np.asarray(gray)
    border = np.concatenate([gray[0], gray[-1], gray[:, 0], gray[:, -1]])
    return float(np.median(border))


def invert_if_light_background(gray: np.ndarray) -> tuple[np.ndarray, bool]:
    """Step 2: make the background dark, as in Fashion-MNIST: Pillow's ``ImageOps.invert`` when the border is light.

    Returns the image and whether it was inverted. Photos of clothes are usually taken on a light
    background; Fashion-MNIST has light objects on black.
    """
    from PIL import ImageOps

    gray = np.asarray(gray, dtype=np.uint8)
    if background_level(gray) > 127:
        return np.asarray(ImageOps.invert(_image(gray))), True
    return gray, False


def object_mask(dark_background: np.ndarray, threshold: float = OBJECT_THRESHOLD) -> np.ndarray:
    """True where the object is: pixels brighter than the background by more than ``threshold``.

    The difference is blurred a little first (Pillow's 3 x 3 ``BoxBlur``), so that single noisy
    pixels do not count.
    """
    from PIL import ImageFilter

    dark_background = np.asarray(dark_background, dtype=np.uint8)
    lifted = np.clip(dark_background.astype(np.float64) - background_level(dark_background), 0, 255).astype(np.uint8)
    blurred = np.asarray(_image(lifted).filter(ImageFilter.BoxBlur(MASK_BLUR_RADIUS)))
    return (blurred > threshold) & (lifted > threshold / 2)  # the blur must not widen the object either


def object_box(mask: np.ndarray) -> tuple[int, int, int, int]:
    """(left, top, right, bottom) of the True pixels, right and bottom excluded: Pillow's ``getbbox``."""
    box = _image(np.asarray(mask, dtype=np.uint8) * 255).getbbox()
    if box is None:
        raise ValueError(
            _(
                "Found no object in this photo: no pixel stands out from the background by more than "
                "{threshold} (of 255). Use a photo of one piece of clothing on a plain background "
                "that differs from it, or lower the threshold.",
                threshold=OBJECT_THRESHOLD,
            )
        )
    return box


def crop_to_object(dark_background: np.ndarray, threshold: float = OBJECT_THRESHOLD) -> np.ndarray:
    """Step 3: cut the photo down to the object's box (`object_mask`, `object_box`), as the dataset trims its background."""
    left, top, right, bottom = object_box(object_mask(dark_background, threshold))
    return np.asarray(dark_background)[top:bottom, left:right]


def stretch_contrast(cropped: np.ndarray, background: float) -> np.ndarray:
    """Step 4: background to 0 and the object's bright parts to 255, as in Fashion-MNIST.

    Subtracts the ``background`` level, then scales so that the 99th percentile of the cropped
    pixels becomes 255 (a percentile, not the maximum, so that one noisy pixel does not decide).
    Not Pillow's ``ImageOps.autocontrast``: it stretches from the darkest pixel up, and in a photo
    cropped tightly to a bright object that pixel is part of the object, which would turn gray.
    """
    lifted = np.clip(np.asarray(cropped, dtype=np.float64) - background, 0, None)
    top = float(np.percentile(lifted, 100 - BRIGHT_CUTOFF_PERCENT))
    if top <= 0:
        top = float(lifted.max()) or 1.0
    return np.clip(np.round(lifted * (255.0 / top)), 0, 255).astype(np.uint8)


def resize_longer_side(image: np.ndarray, side: int = SIDE) -> np.ndarray:
    """Step 5: resize so that the longer side is ``side`` pixels (28), keeping the shape: Pillow's ``ImageOps.contain``.

    Its Lanczos filter averages the many photo pixels that fall into each new pixel, so edges
    stay smooth instead of jagged.
    """
    from PIL import Image, ImageOps

    return np.asarray(ImageOps.contain(_image(image), (side, side), Image.Resampling.LANCZOS))


def pad_to_square(image: np.ndarray, side: int | None = None) -> np.ndarray:
    """Step 6: extend the shorter side with black, the object in the centre: a (side, side) image.

    ``side`` defaults to the longer side. When the padding is odd, the extra pixel goes on top
    (or on the left), which is what Fashion-MNIST's images show (Pillow's ``ImageOps.pad`` would
    put it at the bottom or right half of the time, so the image is pasted by hand here).
    """
    from PIL import Image

    image = np.asarray(image, dtype=np.uint8)
    height, width = image.shape
    side = max(height, width) if side is None else side
    if height > side or width > side:
        raise ValueError(
            _(
                "A {height} x {width} image does not fit in a {side} x {side} square.",
                height=height,
                width=width,
                side=side,
            )
        )
    square = Image.new("L", (side, side), 0)
    square.paste(_image(image), ((side - width + 1) // 2, (side - height + 1) // 2))
    return np.asarray(square)


def preprocessing_steps(image, threshold: float = OBJECT_THRESHOLD) -> dict[str, np.ndarray]:
    """Every step from a photo to a Fashion-MNIST-like image, in order, as {step name: picture}.

    The last entry is the (28, 28) uint8 result of `photo_to_fashion_mnist`. Notebook
    10_your_own_images shows one picture per step; each step is also a function of its own
    (`to_grayscale`, `invert_if_light_background`, `crop_to_object`, `stretch_contrast`,
    `resize_longer_side`, `pad_to_square`) that a notebook can call one at a time.
    """
    photo = load_photo(image)
    steps: dict[str, np.ndarray] = {"photo": photo}
    gray = to_grayscale(photo)
    steps["1 grayscale"] = gray
    dark, inverted = invert_if_light_background(gray)
    steps["2 inverted" if inverted else "2 background already dark"] = dark
    cropped = crop_to_object(dark, threshold)
    steps["3 cropped to the object"] = cropped
    stretched = stretch_contrast(cropped, background_level(dark))
    steps["4 background 0, object bright"] = stretched
    resized = resize_longer_side(stretched)
    steps["5 longer side resized to 28"] = resized
    steps["6 padded to 28 x 28, centred"] = pad_to_square(resized, SIDE)
    return steps


def photo_to_fashion_mnist(image, threshold: float = OBJECT_THRESHOLD) -> np.ndarray:
    """Turn a photo of one piece of clothing into a (28, 28) uint8 image like Fashion-MNIST's.

    ``image``: a file path, a PIL image, or an array (H, W), (H, W, 3) or (H, W, 4). Steps:
    grayscale, invert a light background, crop to the object, background to 0 and contrast
    stretched, resize the longer side to 28, pad to 28 x 28 with the object in the centre. Feed the result to the model like a test image:
    ``fh.prepare_images(result[None])``. Taught in 10_your_own_images.
    """
    return list(preprocessing_steps(image, threshold).values())[-1]
