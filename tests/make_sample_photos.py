"""Make the sample "phone photos" shipped in fmnist_helpers/sample_photos from Fashion-MNIST test images.

    python tests/make_sample_photos.py

Each photo is one test image (the first of its class in the test set) turned back into something a
phone could have taken: enlarged, dark object on a light, unevenly lit background, off-centre, a
little noise (`fmnist_helpers.photos.make_sample_photo`). Reproducible: same images, same seeds,
same files. 09_your_own_images predicts them; tests/test_photos.py checks the round trip.
"""

from pathlib import Path

import numpy as np
from PIL import Image

import fmnist_helpers as fh
from fmnist_helpers.photos import SAMPLE_PHOTO_SOURCES, make_sample_photo

FOLDER = Path(__file__).resolve().parents[1] / "fmnist_helpers" / "sample_photos"


def main() -> None:
    _, (test_images, test_labels) = fh.load_data()
    FOLDER.mkdir(exist_ok=True)
    for name, (test_index, seed) in SAMPLE_PHOTO_SOURCES.items():
        label_name = fh.CLASS_NAMES[int(test_labels[test_index])].lower().replace("/", "_").replace(" ", "_")
        assert name.endswith(f"{label_name}.png"), f"{name} is not a {label_name}"
        photo = make_sample_photo(test_images[test_index], seed=seed)
        Image.fromarray(photo).save(FOLDER / name, optimize=True)
        print(f"{name}: test image {test_index}, {photo.shape}, {(FOLDER / name).stat().st_size:,} bytes")


if __name__ == "__main__":
    main()
