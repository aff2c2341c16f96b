"""The exercises of 03_normalize: the right answer passes, each typical mistake is named."""

from __future__ import annotations

import numpy as np
import pytest
from conftest import verdict
from test_exercises_nb02 import stand_in_test_images


@pytest.fixture
def test_images():
    """Raw 0..255 test images, (10000, 28, 28, 1) as in the notebook, with the pixel sums of the published ones."""
    images = stand_in_test_images().reshape(-1, 28, 28, 1)
    assert images.max() == 255
    return images


def test_normalize_test_images_accepts_division_by_255(capsys, test_images):
    for answer in (test_images / 255.0, (test_images / 255).astype(np.float32), test_images.astype("float32") / 255):
        result, out = verdict(capsys, "normalize_test_images", answer)
        assert result.right is True and "✅" in out


def test_normalize_test_images_accepts_the_helper(capsys, test_images):
    from fmnist_helpers import normalize

    result, out = verdict(capsys, "normalize_test_images", normalize(test_images))
    assert result.right is True and "✅" in out


@pytest.mark.parametrize(
    "mistake, words",
    [
        (lambda images: images / 225.0, "225"),
        (lambda images: images, "forgot to normalize"),
        (lambda images: images.astype(np.float32), "not normalized"),
        (lambda images: images / 255.0 / 255.0, "twice"),
        (lambda images: images // 255, "integer"),
        (lambda images: images // 255.0, "integer"),
        (lambda images: (images - images.mean()) / images.std(), "standardize"),
        (lambda images: images / 300.0, "exactly 1.0"),
        (lambda images: images * 255.0, "not normalized"),
    ],
    ids=[
        "divided by 225",
        "raw",
        "raw floats",
        "twice",
        "floor division",
        "floor division by float",
        "standardized",
        "divided by 300",
        "multiplied",
    ],
)
def test_normalize_test_images_names_the_mistake(capsys, test_images, mistake, words):
    result, out = verdict(capsys, "normalize_test_images", mistake(test_images))
    assert result.right is False
    assert "❌" in out and words in out


def test_03_ex1_one_normalized_image_is_not_the_answer(capsys, test_images):
    for one_image in (test_images[0] / 255.0, test_images[:1] / 255.0, test_images[0, :, :, 0] / 255.0):
        result, out = verdict(capsys, "normalize_test_images", one_image)
        assert result.right is False and "one image" in out and "all 10000" in out


def test_03_ex1_normalized_training_images_are_not_the_answer(capsys, test_images):
    other = np.random.default_rng(0).integers(0, 256, test_images.shape, dtype=np.uint8)
    other[:, 0, 0, 0] = 255  # a white pixel, as in the real images
    result, out = verdict(capsys, "normalize_test_images", other / 255.0)  # e.g. 10000 held-out training images
    assert result.right is False and "not the pixels of the test images" in out
    result, out = verdict(capsys, "normalize_test_images", test_images[:100] / 255.0)
    assert result.right is False and "all of test_images" in out


def test_03_ex1_the_test_images_without_their_channel_axis_pass_too(capsys, test_images):
    result, out = verdict(capsys, "normalize_test_images", test_images[..., 0] / 255.0)
    assert result.right is True and "✅" in out


def test_normalize_test_images_notices_the_training_images(capsys):
    training_sized = np.zeros((60000, 1), dtype=np.float32)
    result, out = verdict(capsys, "normalize_test_images", training_sized)
    assert result.right is False and "training images" in out


@pytest.mark.parametrize("answer", [255 / 225, 1.1333, 1.13, np.float32(255) / np.float32(225), np.array(1.1333)])
def test_largest_pixel_after_225_accepts_255_over_225(capsys, answer):
    result, out = verdict(capsys, "largest_pixel_after_225", answer)
    assert result.right is True and "✅" in out


@pytest.mark.parametrize(
    "answer, words",
    [
        (1.0, "dividing by 255"),
        (225 / 255, "upside down"),
        (255, "raw number"),
        (1 / 225, "already normalized"),
        (1.2, "255 / 225"),
        ([1.1, 1.2], "one number"),
        ("about one", "one number"),
    ],
)
def test_largest_pixel_after_225_names_the_mistake(capsys, answer, words):
    result, out = verdict(capsys, "largest_pixel_after_225", answer)
    assert result.right is False and words in out
