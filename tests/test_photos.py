"""10_your_own_images: a photo becomes a 28 x 28 image that looks like Fashion-MNIST."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from conftest import full_data_dir, needs_full_data
from PIL import Image

from fmnist_helpers import sample_photos
from fmnist_helpers.data import CLASS_NAMES, read_idx
from fmnist_helpers.photos import load_photo, pad_to_square, photo_to_fashion_mnist, preprocessing_steps
from fmnist_helpers.sample_photos import SAMPLE_PHOTO_SOURCES, make_sample_photo, sample_photo_paths


def photo_of_a_dark_rectangle(height=300, width=400, top=40, left=220, box_height=150, box_width=90, seed=0):
    """A phone-like photo: a dark 150 x 90 rectangle, off-centre, on a light, noisy, larger canvas (RGB)."""
    rng = np.random.default_rng(seed)
    gray = 225 + rng.normal(0, 6, (height, width))
    gray[top : top + box_height, left : left + box_width] = 40 + rng.normal(0, 6, (box_height, box_width))
    return np.clip(np.stack([gray, gray * 0.98, gray * 0.95], axis=-1), 0, 255).astype(np.uint8)


def centre_of_mass(image):
    image = np.asarray(image, dtype=float)
    rows, columns = np.mgrid[0 : image.shape[0], 0 : image.shape[1]]
    return (rows * image).sum() / image.sum(), (columns * image).sum() / image.sum()


def test_a_photo_becomes_a_28_by_28_uint8_image():
    result = photo_to_fashion_mnist(photo_of_a_dark_rectangle())
    assert result.shape == (28, 28) and result.dtype == np.uint8


def test_the_object_is_bright_on_a_black_background_like_fashion_mnist():
    result = photo_to_fashion_mnist(photo_of_a_dark_rectangle())
    assert result[10:18, 12:16].mean() > 200  # the middle of the (inverted) rectangle
    assert result[:, :3].max() < 30 and result[:, -3:].max() < 30  # the padding on both sides
    assert result.max() >= 230  # contrast stretched: the dataset's images mostly reach 255


def test_the_object_is_centred_and_fills_the_frame_along_its_longer_side():
    result = photo_to_fashion_mnist(photo_of_a_dark_rectangle())
    row, column = centre_of_mass(result)
    assert abs(row - 13.5) < 1 and abs(column - 13.5) < 1
    bright_rows = np.flatnonzero(result.max(axis=1) > 100)
    bright_columns = np.flatnonzero(result.max(axis=0) > 100)
    assert bright_rows[0] <= 1 and bright_rows[-1] >= 26  # 150 px tall: the longer side fills the 28 rows
    width = bright_columns[-1] - bright_columns[0] + 1
    assert abs(width - 28 * 90 / 150) <= 2  # the shape is kept: 90/150 of the height


def test_a_photo_with_a_dark_background_is_not_inverted():
    dark_background = 255 - photo_of_a_dark_rectangle()
    steps = preprocessing_steps(dark_background)
    assert "2 background already dark" in steps
    assert (
        np.abs(
            photo_to_fashion_mnist(dark_background).astype(int)
            - photo_to_fashion_mnist(photo_of_a_dark_rectangle()).astype(int)
        ).mean()
        < 5
    )


def test_preprocessing_steps_are_in_order_and_end_with_the_result():
    photo = photo_of_a_dark_rectangle()
    steps = preprocessing_steps(photo)
    assert list(steps) == [
        "photo",
        "1 grayscale",
        "2 inverted",
        "3 cropped to the object",
        "4 background 0, object bright",
        "5 longer side resized to 28",
        "6 padded to 28 x 28, centred",
    ]
    assert steps["photo"].shape == (300, 400, 3) and steps["1 grayscale"].shape == (300, 400)
    cropped = steps["3 cropped to the object"]
    assert abs(cropped.shape[0] - 150) <= 2 and abs(cropped.shape[1] - 90) <= 2
    assert steps["5 longer side resized to 28"].shape == (28, round(28 * cropped.shape[1] / cropped.shape[0]))
    assert np.array_equal(steps["6 padded to 28 x 28, centred"], photo_to_fashion_mnist(photo))


def test_padding_puts_the_odd_pixel_on_top_and_left_like_the_dataset():
    square = pad_to_square(np.full((15, 27), 9, np.uint8), 28)
    rows, columns = np.flatnonzero(square.any(axis=1)), np.flatnonzero(square.any(axis=0))
    assert (rows[0], rows[-1], columns[0], columns[-1]) == (7, 21, 1, 27)
    with pytest.raises(ValueError, match="does not fit"):
        pad_to_square(np.zeros((30, 10), np.uint8), 28)


@pytest.mark.parametrize(
    "convert",
    [
        lambda photo: photo,  # uint8 RGB array
        lambda photo: photo.astype(np.float32) / 255,  # floats 0..1 (matplotlib.image.imread)
        lambda photo: np.dstack([photo, np.full(photo.shape[:2], 255, np.uint8)]),  # RGBA, opaque
        lambda photo: photo.mean(axis=-1).astype(np.uint8),  # grayscale (H, W)
        lambda photo: Image.fromarray(photo),  # a PIL image
    ],
)
def test_every_kind_of_photo_gives_the_same_result(convert):
    photo = photo_of_a_dark_rectangle()
    expected = photo_to_fashion_mnist(photo).astype(int)
    assert np.abs(photo_to_fashion_mnist(convert(photo)).astype(int) - expected).mean() < 3


def test_a_path_to_a_png_file_works(tmp_path):
    path = tmp_path / "my photo.png"
    Image.fromarray(photo_of_a_dark_rectangle()).save(path)
    assert np.array_equal(photo_to_fashion_mnist(path), photo_to_fashion_mnist(photo_of_a_dark_rectangle()))
    assert np.array_equal(photo_to_fashion_mnist(str(path)), photo_to_fashion_mnist(path))


def test_a_transparent_background_counts_as_white():
    photo = photo_of_a_dark_rectangle()
    rgba = np.dstack([photo, np.full(photo.shape[:2], 255, np.uint8)])
    rgba[rgba[..., 0] > 150] = (0, 0, 0, 0)  # a cut-out: transparent black around the object
    result = photo_to_fashion_mnist(rgba)
    assert result[10:18, 12:16].mean() > 200 and result[:, :3].max() < 30


@pytest.mark.parametrize(
    "bad, message",
    [
        (np.zeros((5, 28, 28), np.uint8), "batch of 5 images"),
        (np.zeros((10, 10, 2), np.uint8), "has shape (10, 10, 2)"),
        (np.zeros(100, np.uint8), "has shape (100,)"),
        (np.full((50, 50), 300.0), "0..255"),
        (np.full((50, 50), np.nan), "NaN"),
        (np.full((50, 50), 200, np.uint8), "Found no object"),
        ("no_such_photo.jpg", "No image file"),
        (["not", "pixels"], "file path, a PIL image or a NumPy array"),
    ],
)
def test_bad_input_gets_a_clear_message(bad, message):
    with pytest.raises(ValueError, match=message.replace("(", r"\(").replace(")", r"\)")):
        photo_to_fashion_mnist(bad)


def test_a_file_that_is_no_image_gets_a_clear_message(tmp_path):
    path = tmp_path / "notes.png"
    path.write_text("not an image")
    with pytest.raises(ValueError, match="not an image file"):
        load_photo(path)


def test_the_sample_photos_ship_with_the_package_and_load():
    paths = sample_photo_paths()
    assert [path.name for path in paths] == sorted(SAMPLE_PHOTO_SOURCES)
    assert {path.parent for path in paths} == {Path(sample_photos.__file__).parent}  # one name: module and folder
    for path in paths:
        assert path.stat().st_size < 60_000, f"{path.name} is too big for the package"
        photo = load_photo(path)
        assert photo.ndim == 3 and photo.shape[0] != photo.shape[1] and min(photo.shape[:2]) >= 200
        assert photo.dtype == np.uint8
        assert photo_to_fashion_mnist(path).shape == (28, 28)


def test_each_sample_photos_name_is_its_class():
    names = {name.removesuffix(".png") for name in SAMPLE_PHOTO_SOURCES}
    class_names = {name.lower().replace("/", "_").replace(" ", "_") for name in CLASS_NAMES}
    assert names <= class_names


def test_a_sample_photo_made_from_a_test_image_preprocesses_back_to_it(sample):
    _, (test_images, _) = sample
    for index in range(0, 40, 4):
        photo = make_sample_photo(test_images[index], seed=index)
        assert photo.shape == (240, 300, 3)
        back = photo_to_fashion_mnist(photo)
        correlation = np.corrcoef(back.ravel().astype(float), test_images[index].ravel().astype(float))[0, 1]
        assert correlation > 0.8, f"test image {index}: correlation {correlation:.2f}"


def test_make_sample_photo_is_reproducible_and_checks_its_input(sample):
    _, (test_images, _) = sample
    assert np.array_equal(make_sample_photo(test_images[0], seed=1), make_sample_photo(test_images[0], seed=1))
    assert not np.array_equal(make_sample_photo(test_images[0], seed=1), make_sample_photo(test_images[0], seed=2))
    with pytest.raises(ValueError, match="shape \\(28, 28\\)"):
        make_sample_photo(test_images[:2], seed=0)


@needs_full_data
def test_the_shipped_sample_photos_are_the_test_images_they_say():
    folder = full_data_dir()
    test_images = read_idx(folder / "t10k-images-idx3-ubyte.gz")
    test_labels = read_idx(folder / "t10k-labels-idx1-ubyte.gz")
    for path in sample_photo_paths():
        index, seed = SAMPLE_PHOTO_SOURCES[path.name]
        assert path.name.startswith(CLASS_NAMES[test_labels[index]].lower().replace("/", "_").replace(" ", "_"))
        assert np.array_equal(load_photo(path), make_sample_photo(test_images[index], seed=seed))
        back = photo_to_fashion_mnist(path)
        assert np.corrcoef(back.ravel().astype(float), test_images[index].ravel().astype(float))[0, 1] > 0.8


def test_each_step_can_be_called_on_its_own_as_notebook_09_shows_them():
    import fmnist_helpers.photos as photos

    photo = photo_of_a_dark_rectangle()
    gray = photos.to_grayscale(photo)
    dark, inverted = photos.invert_if_light_background(gray)
    cropped = photos.crop_to_object(dark)
    stretched = photos.stretch_contrast(cropped, photos.background_level(dark))
    by_steps = photos.pad_to_square(photos.resize_longer_side(stretched), 28)
    assert inverted and dark.mean() < 60 and gray.mean() > 180
    assert stretched.min() == 0 and stretched.max() == 255
    assert np.array_equal(by_steps, photo_to_fashion_mnist(photo))


def test_load_photo_turns_a_phone_photo_as_its_rotation_tag_says(tmp_path):
    """A phone stores a portrait photo sideways with an EXIF tag (Orientation 6: turn 90° clockwise to view)."""
    from PIL import Image

    stored = np.zeros((20, 40), dtype=np.uint8)  # 20 rows, 40 columns, as the sensor stored it
    stored[:, :5] = 255  # a white stripe on the stored left edge
    exif = Image.Exif()
    exif[0x0112] = 6  # Orientation: the viewer turns it 90° clockwise
    path = tmp_path / "phone.jpg"
    Image.fromarray(stored, "L").save(path, exif=exif, quality=100)
    photo = load_photo(path)
    assert photo.shape == (40, 20)  # upright: taller than wide
    assert photo[:5].mean() > 200 and photo[-5:].mean() < 50  # the stored left edge is now the top
