"""02_reshape's exercises: a right answer is praised, each typical wrong answer is named."""

from __future__ import annotations

import numpy as np
import pytest
from conftest import full_data_dir, needs_full_data

from fmnist_helpers.data import read_idx
from fmnist_helpers.exercises import check, exercises_for, nb02


def test_notebook_02_has_its_exercises():
    assert {entry.name for entry in exercises_for("02_reshape")} >= {"reshape_with_minus_one", "batch_of_one"}


def stand_in_test_images() -> np.ndarray:
    """10000 images (uint8, 28x28) with the pixel sums the checker knows of the published test images."""
    first, last = nb02.TEST_IMAGE_0_PIXEL_SUM, nb02.TEST_IMAGE_LAST_PIXEL_SUM
    middle, extra = divmod(nb02.TEST_IMAGES_PIXEL_SUM - first - last, 9998)
    images = np.empty((10000, 28, 28), np.uint8)
    images[0], images[-1] = image_with_pixel_sum(first), image_with_pixel_sum(last)
    images[1 : 1 + extra] = image_with_pixel_sum(middle + 1)
    images[1 + extra : -1] = image_with_pixel_sum(middle)
    return images


def test_reshape_with_minus_one_accepts_the_test_images_with_a_channel_axis(capsys):
    test_images = stand_in_test_images()
    assert check.reshape_with_minus_one(test_images.reshape(-1, 28, 28, 1)).right is True
    assert "✅" in capsys.readouterr().out
    assert check.reshape_with_minus_one((test_images / np.float32(255)).reshape(-1, 28, 28, 1)).right is True


def test_02_ex1_an_array_of_zeros_is_not_the_answer(capsys):
    assert check.reshape_with_minus_one(np.zeros((10000, 28, 28, 1), np.uint8)).right is False
    out = capsys.readouterr().out
    assert "❌" in out and "not the test images" in out


def test_02_ex1_other_pixels_of_the_right_shape_are_not_the_answer(capsys):
    other = np.random.default_rng(0).integers(0, 256, (10000, 28, 28, 1), dtype=np.uint8)
    assert check.reshape_with_minus_one(other).right is False
    assert "not the pixels of the test images" in capsys.readouterr().out


def test_02_ex1_the_test_images_out_of_order_are_not_the_answer(capsys):
    shuffled = stand_in_test_images()[::-1].reshape(-1, 28, 28, 1)
    assert check.reshape_with_minus_one(shuffled).right is False
    assert "not in their order" in capsys.readouterr().out


@pytest.mark.parametrize(
    "shape, mistake",
    [
        ((10000, 28, 28), "channel axis is missing"),
        ((10000, 1, 28, 28), "channels-first"),
        ((60000, 28, 28, 1), "training images"),
        ((10000, 784), "not (N, 28, 28, 1)"),
    ],
)
def test_reshape_with_minus_one_names_the_mistake(capsys, shape, mistake):
    assert check.reshape_with_minus_one(np.zeros(shape, np.uint8)).right is False
    out = capsys.readouterr().out
    assert "❌" in out and mistake in out


def image_with_pixel_sum(total: int) -> np.ndarray:
    """A stand-in for a Fashion-MNIST image (28x28 uint8) whose pixels add up to ``total``."""
    pixels = np.zeros(28 * 28, np.int64)
    pixels[: total // 255] = 255
    pixels[total // 255] = total % 255
    return pixels.reshape(28, 28).astype(np.uint8)


@pytest.fixture
def test_image_0():
    return image_with_pixel_sum(nb02.TEST_IMAGE_0_PIXEL_SUM)


def test_batch_of_one_accepts_test_image_0_with_both_new_axes(capsys, test_image_0):
    assert check.batch_of_one(test_image_0.reshape(1, 28, 28, 1)).right is True
    assert "✅" in capsys.readouterr().out
    assert check.batch_of_one(test_image_0[None, :, :, None]).right is True


def test_batch_of_one_accepts_normalized_pixels(test_image_0):
    assert check.batch_of_one((test_image_0 / np.float32(255)).reshape(1, 28, 28, 1)).right is True


@pytest.mark.parametrize(
    "reshape, mistake",
    [
        (lambda image: image, "add a batch axis"),
        (lambda image: image.reshape(28, 28, 1), "no batch axis"),
        (lambda image: image.reshape(1, 28, 28), "channel axis is missing"),
        (lambda image: image.reshape(1, 1, 28, 28), "channels-first"),
        (lambda image: np.stack([image] * 10).reshape(-1, 28, 28, 1), "you have 10 images"),
        (lambda image: image.reshape(1, 784), "not (1, 28, 28, 1)"),
    ],
)
def test_batch_of_one_names_the_wrong_shape(capsys, test_image_0, reshape, mistake):
    assert check.batch_of_one(reshape(test_image_0)).right is False
    out = capsys.readouterr().out
    assert "❌" in out and mistake in out


def test_batch_of_one_notices_training_image_0(capsys):
    train_image_0 = image_with_pixel_sum(nb02.TRAIN_IMAGE_0_PIXEL_SUM)
    assert check.batch_of_one(train_image_0.reshape(1, 28, 28, 1)).right is False
    assert "training image 0" in capsys.readouterr().out


def test_batch_of_one_notices_other_pixels(capsys):
    assert check.batch_of_one(np.zeros((1, 28, 28, 1), np.uint8)).right is False
    assert "not the pixels of test_images[0]" in capsys.readouterr().out


@needs_full_data
def test_the_pixel_sums_the_checker_knows_match_the_published_data():
    folder = full_data_dir()
    test_images = read_idx(folder / "t10k-images-idx3-ubyte.gz")
    train_images = read_idx(folder / "train-images-idx3-ubyte.gz")
    assert int(test_images[0].sum()) == nb02.TEST_IMAGE_0_PIXEL_SUM
    assert int(train_images[0].sum()) == nb02.TRAIN_IMAGE_0_PIXEL_SUM
    assert int(test_images.sum()) == nb02.TEST_IMAGES_PIXEL_SUM
    assert int(test_images[-1].sum()) == nb02.TEST_IMAGE_LAST_PIXEL_SUM


@needs_full_data
def test_02_ex1_the_real_test_images_reshaped_pass_and_the_real_training_images_do_not(capsys):
    folder = full_data_dir()
    test_images = read_idx(folder / "t10k-images-idx3-ubyte.gz")
    train_images = read_idx(folder / "train-images-idx3-ubyte.gz")
    assert check.reshape_with_minus_one(test_images.reshape(-1, 28, 28, 1)).right is True
    assert check.reshape_with_minus_one(train_images[:10000].reshape(-1, 28, 28, 1)).right is False
    assert "not the pixels of the test images" in capsys.readouterr().out
