"""Make the sample "phone photos" shipped in fmnist_helpers/sample_photos from Fashion-MNIST test images.

    python tests/make_sample_photos.py

Each photo is one test image turned back into something a phone could have taken: enlarged, dark
object on a light, unevenly lit background, off-centre, a little noise
(`fmnist_helpers.sample_photos.make_sample_photo`). Which test image, by a fixed rule: for each class, the
first one in the test set whose photo converts back to it (`photo_to_fashion_mnist` gives a
correlation above 0.8 with the test image). The classes: six easy to photograph, and the three the
model confuses most, coat, pullover and shirt. Reproducible: same images, same seeds, same files.
10_your_own_images predicts them; tests/test_photos.py checks the round trip.
"""

from pathlib import Path

import numpy as np
from PIL import Image

import fmnist_helpers as fh
from fmnist_helpers.photos import photo_to_fashion_mnist
from fmnist_helpers.sample_photos import SAMPLE_PHOTO_SOURCES, make_sample_photo

FOLDER = Path(__file__).resolve().parents[1] / "fmnist_helpers" / "sample_photos"
#: A photo "converts back" when the preprocessing recovers its test image this well.
ROUND_TRIP_CORRELATION = 0.8


def converts_back(image: np.ndarray, seed: int) -> bool:
    back = photo_to_fashion_mnist(make_sample_photo(image, seed=seed))
    return np.corrcoef(back.ravel().astype(float), image.ravel().astype(float))[0, 1] > ROUND_TRIP_CORRELATION


def first_that_converts_back(test_images: np.ndarray, test_labels: np.ndarray, label: int, seed: int) -> int:
    """The rule: the first test image of class ``label`` whose photo (made with ``seed``) converts back."""
    return next(int(index) for index in np.flatnonzero(test_labels == label) if converts_back(test_images[index], seed))


def main() -> None:
    _, (test_images, test_labels) = fh.load_data()
    FOLDER.mkdir(exist_ok=True)
    for name, (test_index, seed) in SAMPLE_PHOTO_SOURCES.items():
        label = int(test_labels[test_index])
        label_name = fh.CLASS_NAMES[label].lower().replace("/", "_").replace(" ", "_")
        assert name.endswith(f"{label_name}.png"), f"{name} is not a {label_name}"
        chosen = first_that_converts_back(test_images, test_labels, label, seed)
        assert test_index == chosen, f"{name}: the rule picks test image {chosen}, not {test_index}"
        photo = make_sample_photo(test_images[test_index], seed=seed)
        Image.fromarray(photo).save(FOLDER / name, optimize=True)
        print(f"{name}: test image {test_index}, {photo.shape}, {(FOLDER / name).stat().st_size:,} bytes")


if __name__ == "__main__":
    main()
