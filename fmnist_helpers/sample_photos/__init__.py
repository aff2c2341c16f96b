"""The sample "phone photos" shipped with the package (10_your_own_images), and how they were made from test images.

The PNG files lie in this folder, beside this module. Each was made by `make_sample_photo` from one
Fashion-MNIST test image (`SAMPLE_PHOTO_SOURCES`), so a notebook can check that
`fmnist_helpers.photos.photo_to_fashion_mnist` turns it back into that image, and so 10 runs
headless, without a camera. ``tests/make_sample_photos.py`` makes the files.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

import numpy as np

from ..preprocessing import IMAGE_SHAPE

__all__ = ["sample_photo_paths", "SAMPLE_PHOTO_SOURCES", "make_sample_photo"]


def make_sample_photo(
    image: np.ndarray, seed: int, height: int = 240, width: int = 300, object_size: int = 168, noise: float = 5.0
) -> np.ndarray:
    """Turn one Fashion-MNIST image back into a small "phone photo" (how the sample photos were made).

    The 28 x 28 image is enlarged to ``object_size`` pixels, inverted (dark object on a light,
    slightly warm, unevenly lit background), placed off-centre on a ``height`` x ``width`` canvas,
    and given a little noise: an (H, W, 3) uint8 array. ``seed`` fixes the offset, light and noise.
    """
    from PIL import Image

    image = np.asarray(image)
    if image.shape != IMAGE_SHAPE[:2]:
        raise ValueError(f"make_sample_photo takes one Fashion-MNIST image of shape (28, 28), not {image.shape}.")
    if object_size > min(height, width):
        raise ValueError(f"object_size {object_size} does not fit on a {height} x {width} canvas.")
    rng = np.random.default_rng(seed)
    big = (
        np.asarray(
            Image.fromarray(image.astype(np.uint8)).resize((object_size, object_size), Image.Resampling.BICUBIC),
            dtype=np.float64,
        )
        / 255.0
    )
    top = int(rng.integers(0, height - object_size + 1))
    left = int(rng.integers(0, width - object_size + 1))
    ink = np.zeros((height, width))
    ink[top : top + object_size, left : left + object_size] = big
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
    """The sample "photos" shipped with the package (the PNG files in ``fmnist_helpers/sample_photos/``), sorted."""
    return sorted(Path(str(entry)) for entry in resources.files(__name__).iterdir() if entry.name.endswith(".png"))
