"""Your own photos (notebook 09_your_own_images): make a photo look like a Fashion-MNIST image.

A model only knows the kind of picture it was trained on. Fashion-MNIST's images were made from
Zalando's product photos like this (the dataset's README): trim the edges that have the colour of
the background, resize the longer side to 28 pixels, extend the shorter side to 28 with the object
in the centre, negate the intensities, make it 8-bit grayscale. So every image is a light object
on a black background that fills the 28 x 28 frame from edge to edge along its longer side.

`photo_to_fashion_mnist` does the same to your photo, step by step:

    grayscale -> invert (if the background is light) -> crop to the object
    -> background to 0 and contrast stretched -> resize the longer side to 28 -> pad to 28 x 28, centred

`preprocessing_steps` returns every intermediate picture (notebook 09 shows them), and
`make_sample_photo` turns a test image back into a "phone photo" (how the sample photos shipped in
``fmnist_helpers/sample_photos`` were made).
"""

from __future__ import annotations

import os
from importlib import resources
from pathlib import Path

import numpy as np

#: The side of a Fashion-MNIST image, in pixels.
SIDE = 28
#: A pixel belongs to the object when it is brighter than the background by more than this (of 255),
#: after a light blur that keeps single noisy pixels from counting. A photo's noise and uneven light stay below it.
OBJECT_THRESHOLD = 30
#: How many pixels of blur (box filter radius) the object mask uses against noise.
MASK_BLUR_RADIUS = 1

PhotoLike = "str | os.PathLike | PIL.Image.Image | np.ndarray"


def load_photo(image) -> np.ndarray:
    """A photo as a uint8 array: (H, W) for grayscale or (H, W, 3) for colour.

    ``image`` is a file path (PNG, JPEG, ...), a PIL image, or an array of shape (H, W),
    (H, W, 1), (H, W, 3) or (H, W, 4), with pixels 0..255 or floats 0..1 (what
    ``matplotlib.image.imread`` gives for a PNG). A transparent background (the 4th channel) is
    laid on white, as it would look on screen. A phone's rotation tag (EXIF) is applied.
    """
    from PIL import Image, ImageOps

    if isinstance(image, (str, os.PathLike)):
        path = Path(image)
        if not path.is_file():
            raise ValueError(f"No image file at {str(path)!r}. Check the path (on Colab: the name files.upload() printed).")
        try:
            with Image.open(path) as opened:
                image = ImageOps.exif_transpose(opened)
                image.load()
        except OSError as error:
            raise ValueError(f"{str(path)!r} is not an image file that Pillow can read ({error}).") from None
    if isinstance(image, Image.Image):
        if image.mode in ("RGBA", "LA", "P", "PA"):
            image = image.convert("RGBA")
        elif image.mode not in ("L", "RGB"):
            image = image.convert("RGB")
        image = np.asarray(image)
    if not isinstance(image, np.ndarray):
        try:
            image = np.asarray(image)
        except Exception:  # noqa: BLE001
            image = None
        if image is None or image.dtype.kind not in "uif":
            raise ValueError("photo_to_fashion_mnist takes a file path, a PIL image or a NumPy array of pixels.")
    return _as_uint8_photo(image)


def _as_uint8_photo(pixels: np.ndarray) -> np.ndarray:
    """Check an array photo's shape and scale, and return it as uint8 (H, W) or (H, W, 3)."""
    pixels = np.asarray(pixels)
    if pixels.ndim == 3 and pixels.shape[-1] == 1:
        pixels = pixels[..., 0]
    if pixels.ndim == 4 or (pixels.ndim == 3 and pixels.shape[-1] not in (3, 4)):
        if pixels.ndim == 3 and pixels.shape[1:] == (SIDE, SIDE):
            raise ValueError(f"This looks like a batch of {pixels.shape[0]} images (shape {pixels.shape}). "
                             "Give one photo at a time, e.g. images[0].")
        raise ValueError(f"A photo has shape (height, width) or (height, width, 3 or 4 colour channels); "
                         f"this array has shape {pixels.shape}.")
    if pixels.ndim != 2 and pixels.ndim != 3:
        raise ValueError(f"A photo has shape (height, width) or (height, width, 3 or 4 colour channels); "
                         f"this array has shape {pixels.shape}.")
    if min(pixels.shape[:2]) < 2:
        raise ValueError(f"This photo is {pixels.shape[0]} x {pixels.shape[1]} pixels: too small to find an object in.")
    if pixels.dtype == bool or not (np.issubdtype(pixels.dtype, np.integer) or np.issubdtype(pixels.dtype, np.floating)):
        raise ValueError(f"Pixels must be numbers (uint8 0..255 or floats 0..1), not {pixels.dtype}.")
    values = pixels.astype(np.float64)
    if not np.all(np.isfinite(values)):
        raise ValueError("This photo has NaN or infinite pixels.")
    low, high = values.min(), values.max()
    if low < 0 or high > 255:
        raise ValueError(f"Pixels go from {low:g} to {high:g}; a photo's pixels are 0..255 (or 0..1).")
    if np.issubdtype(pixels.dtype, np.floating) and high <= 1.0:
        values = values * 255.0  # floats 0..1, as matplotlib.image.imread reads a PNG
    if values.ndim == 3 and values.shape[-1] == 4:
        alpha = values[..., 3:] / 255.0
        values = values[..., :3] * alpha + 255.0 * (1.0 - alpha)  # transparent -> white, as on screen
    return np.clip(np.round(values), 0, 255).astype(np.uint8)


def to_grayscale(photo: np.ndarray) -> np.ndarray:
    """Colour (H, W, 3) to gray (H, W), with the usual luminance weights (ITU-R 601, like Pillow's "L")."""
    photo = np.asarray(photo)
    if photo.ndim == 2:
        return photo.astype(np.uint8)
    gray = photo[..., :3].astype(np.float64) @ np.array([0.299, 0.587, 0.114])
    return np.clip(np.round(gray), 0, 255).astype(np.uint8)


def background_level(gray: np.ndarray) -> float:
    """The background's brightness: the median of the pixels on the photo's border."""
    gray = np.asarray(gray)
    border = np.concatenate([gray[0], gray[-1], gray[:, 0], gray[:, -1]])
    return float(np.median(border))


def invert_if_light_background(gray: np.ndarray) -> tuple[np.ndarray, bool]:
    """Make the background dark, as in Fashion-MNIST: ``255 - gray`` when the border is light.

    Returns the image and whether it was inverted. Photos of clothes are usually taken on a light
    background; Fashion-MNIST has light objects on black.
    """
    gray = np.asarray(gray, dtype=np.uint8)
    if background_level(gray) > 127:
        return (255 - gray).astype(np.uint8), True  # 255 - x on uint8 never wraps around
    return gray, False


def object_mask(dark_background: np.ndarray, threshold: float = OBJECT_THRESHOLD) -> np.ndarray:
    """True where the object is: pixels brighter than the background by more than ``threshold``.

    The difference is blurred a little first (a 3 x 3 average), so that single noisy pixels do not count.
    """
    from PIL import Image, ImageFilter

    dark_background = np.asarray(dark_background, dtype=np.uint8)
    lifted = np.clip(dark_background.astype(np.float64) - background_level(dark_background), 0, 255).astype(np.uint8)
    blurred = np.asarray(Image.fromarray(lifted).filter(ImageFilter.BoxBlur(MASK_BLUR_RADIUS)))
    return (blurred > threshold) & (lifted > threshold / 2)  # the blur must not widen the object either


def bounding_box(mask: np.ndarray) -> tuple[int, int, int, int]:
    """(top, bottom, left, right) of the True pixels, bottom and right excluded (slice bounds)."""
    rows, columns = np.flatnonzero(mask.any(axis=1)), np.flatnonzero(mask.any(axis=0))
    if len(rows) == 0:
        raise ValueError(
            "Found no object in this photo: no pixel stands out from the background by more than "
            f"{OBJECT_THRESHOLD} (of 255). Use a photo of one piece of clothing on a plain background "
            "that differs from it, or lower the threshold."
        )
    return int(rows[0]), int(rows[-1]) + 1, int(columns[0]), int(columns[-1]) + 1


def crop_to_object(dark_background: np.ndarray, threshold: float = OBJECT_THRESHOLD) -> np.ndarray:
    """Cut the photo down to the object's bounding box (the dataset trims the background the same way)."""
    top, bottom, left, right = bounding_box(object_mask(dark_background, threshold))
    return np.asarray(dark_background)[top:bottom, left:right]


def stretch_contrast(cropped: np.ndarray, background: float) -> np.ndarray:
    """Background to 0 and the object's bright parts to 255, as in Fashion-MNIST.

    Subtracts the ``background`` level, then scales so that the 99th percentile of the cropped
    pixels becomes 255 (a percentile, not the maximum, so that one noisy pixel does not decide).
    """
    lifted = np.clip(np.asarray(cropped, dtype=np.float64) - background, 0, None)
    top = float(np.percentile(lifted, 99))
    if top <= 0:
        top = float(lifted.max()) or 1.0
    return np.clip(np.round(lifted * (255.0 / top)), 0, 255).astype(np.uint8)


def resize_longer_side(image: np.ndarray, side: int = SIDE) -> np.ndarray:
    """Resize so that the longer side is ``side`` pixels (28), keeping the shape (as the dataset did).

    Pillow's Lanczos filter averages the many photo pixels that fall into each new pixel, so edges
    stay smooth instead of jagged.
    """
    from PIL import Image

    image = np.asarray(image, dtype=np.uint8)
    height, width = image.shape
    scale = side / max(height, width)
    new_height, new_width = max(1, round(height * scale)), max(1, round(width * scale))
    resized = Image.fromarray(image).resize((new_width, new_height), Image.Resampling.LANCZOS)
    return np.asarray(resized, dtype=np.uint8)


def pad_to_square(image: np.ndarray, side: int | None = None) -> np.ndarray:
    """Extend the shorter side with black, the object in the centre: a (side, side) image.

    ``side`` defaults to the longer side. When the padding is odd, the extra pixel goes on top
    (or on the left), which is what Fashion-MNIST's images show.
    """
    image = np.asarray(image, dtype=np.uint8)
    height, width = image.shape
    side = max(height, width) if side is None else side
    if height > side or width > side:
        raise ValueError(f"A {height} x {width} image does not fit in a {side} x {side} square.")
    top, left = (side - height + 1) // 2, (side - width + 1) // 2
    square = np.zeros((side, side), np.uint8)
    square[top:top + height, left:left + width] = image
    return square


def preprocessing_steps(image, threshold: float = OBJECT_THRESHOLD) -> dict[str, np.ndarray]:
    """Every step from a photo to a Fashion-MNIST-like image, in order, as {step name: picture}.

    The last entry is the (28, 28) uint8 result of `photo_to_fashion_mnist`. Notebook
    09_your_own_images shows one picture per step.
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
    ``fh.prepare_images(result[None])``. Taught in 09_your_own_images.
    """
    return list(preprocessing_steps(image, threshold).values())[-1]


def make_sample_photo(image: np.ndarray, seed: int, height: int = 240, width: int = 300,
                      object_size: int = 168, noise: float = 5.0) -> np.ndarray:
    """Turn one Fashion-MNIST image back into a small "phone photo" (how the sample photos were made).

    The 28 x 28 image is enlarged to ``object_size`` pixels, inverted (dark object on a light,
    slightly warm, unevenly lit background), placed off-centre on a ``height`` x ``width`` canvas,
    and given a little noise: an (H, W, 3) uint8 array. ``seed`` fixes the offset, light and noise.
    """
    from PIL import Image

    image = np.asarray(image)
    if image.shape != (SIDE, SIDE):
        raise ValueError(f"make_sample_photo takes one Fashion-MNIST image of shape (28, 28), not {image.shape}.")
    if object_size > min(height, width):
        raise ValueError(f"object_size {object_size} does not fit on a {height} x {width} canvas.")
    rng = np.random.default_rng(seed)
    big = np.asarray(Image.fromarray(image.astype(np.uint8)).resize((object_size, object_size), Image.Resampling.BICUBIC),
                     dtype=np.float64) / 255.0
    top = int(rng.integers(0, height - object_size + 1))
    left = int(rng.integers(0, width - object_size + 1))
    ink = np.zeros((height, width))
    ink[top:top + object_size, left:left + object_size] = big
    rows, columns = np.mgrid[0:height, 0:width]
    light = 232 + 14 * (columns / width - 0.5) * rng.choice([-1, 1]) + 8 * (rows / height - 0.5)
    tint = np.array([1.0, 0.98, 0.93]) + rng.uniform(-0.02, 0.02, 3)  # a warm, slightly coloured light
    object_colour = rng.uniform(20, 50)
    grain = rng.normal(0, noise, (-(-height // 2), -(-width // 2))).repeat(2, axis=0).repeat(2, axis=1)
    gray = light * (1 - ink) + object_colour * ink + grain[:height, :width]  # 2x2 grain: small PNG files
    photo = gray[..., None] * tint
    return np.clip(np.round(photo), 0, 255).astype(np.uint8)


#: Where each sample photo came from: file name -> (index in the test set, seed). For each class, the
#: first test image whose photo converts back to it (correlation above 0.8; the first coat, test image
#: 6, does not): six easy-to-photograph classes and the three the model confuses most (coat, pullover,
#: shirt). tests/make_sample_photos.py checks that rule and makes the files.
SAMPLE_PHOTO_SOURCES: dict[str, tuple[int, int]] = {
    "ankle_boot.png": (0, 1),
    "bag.png": (18, 2),
    "dress.png": (13, 3),
    "sneaker.png": (9, 4),
    "t-shirt_top.png": (19, 5),
    "trouser.png": (2, 6),
    "coat.png": (10, 7),
    "pullover.png": (1, 8),
    "shirt.png": (4, 9),
}


def sample_photo_paths() -> list[Path]:
    """The sample "photos" shipped with the package (PNG files in ``fmnist_helpers/sample_photos``), sorted."""
    folder = resources.files("fmnist_helpers") / "sample_photos"
    return sorted(Path(str(entry)) for entry in folder.iterdir() if entry.name.endswith(".png"))
