"""The exercises of 10_your_own_images: the right answer passes, each typical mistake is named."""

from __future__ import annotations

import numpy as np
import pytest
from conftest import verdict

from fmnist_helpers import photos, sample_photos
from fmnist_helpers.exercises import exercises_for
from fmnist_helpers.exercises.nb10 import mystery_image, sneaker_photo_in_gray


def test_notebook_10_has_its_exercises():
    assert {entry.name for entry in exercises_for("10_your_own_images")} >= {"invert_photo", "missing_step"}


@pytest.fixture(scope="module")
def gray_photo():
    return sneaker_photo_in_gray()


def test_the_exercises_photo_is_a_light_gray_sneaker_photo(gray_photo):
    assert gray_photo.dtype == np.uint8 and gray_photo.ndim == 2
    assert np.median(gray_photo) > 150


@pytest.mark.parametrize(
    "invert",
    [
        lambda gray: 255 - gray,
        lambda gray: np.invert(gray),  # ~x on uint8 is 255 - x
        lambda gray: 255.0 - gray,  # floats on the same scale are fine
        lambda gray: 255 - gray.astype(np.int64),
    ],
)
def test_invert_photo_accepts_255_minus_x(capsys, gray_photo, invert):
    result, out = verdict(capsys, "invert_photo", invert(gray_photo))
    assert result.right is True and "✅" in out


@pytest.mark.parametrize(
    "wrong, mistake",
    [
        (lambda gray: 1 - gray, "wraps around"),  # uint8: 1 - 200 = 57
        (lambda gray: 1 - gray.astype(np.int64), "negative values"),
        (lambda gray: -gray, "-x on uint8 wraps around"),
        (lambda gray: 1 - gray / 255, "normalized"),
        (lambda gray: gray, "unchanged"),
        (lambda gray: (255 - gray)[:, ::-1], "not the pixels of 255 - gray_photo"),
        (lambda gray: (255 - gray)[:28, :28], "shape (28, 28)"),
    ],
)
def test_invert_photo_names_the_mistake(capsys, gray_photo, wrong, mistake):
    result, out = verdict(capsys, "invert_photo", wrong(gray_photo))
    assert result.right is False and "❌" in out and mistake in out


def test_the_mystery_image_has_every_step_but_the_padding():
    mystery = mystery_image()
    assert mystery.dtype == np.uint8 and max(mystery.shape) == 28 and min(mystery.shape) < 28  # resized, not padded
    sneaker = next(path for path in sample_photos.sample_photo_paths() if path.name == "sneaker.png")
    assert np.array_equal(photos.pad_to_square(mystery, 28), photos.photo_to_fashion_mnist(sneaker))


def test_the_mystery_image_is_not_the_uncropped_pitfall_shown_above_it():
    mystery = mystery_image()
    assert mystery[0].max() > 0 and mystery[-1].max() > 0  # the sneaker touches the frame: it was cropped


@pytest.mark.parametrize("answer", ["pad", "Pad to 28 x 28", "padding", "make it square", "centre it"])
def test_missing_step_accepts_pad(capsys, answer):
    result, out = verdict(capsys, "missing_step", answer)
    assert result.right is True and "✅" in out


@pytest.mark.parametrize(
    "answer, mistake",
    [
        ("crop", "cropped to it"),  # the step the pitfall above this exercise leaves out
        ("invert", "inversion happened"),
        ("grayscale", "gray already"),
        ("resize to 28 x 28", "it was resized"),
        ("resize to a square", "names several steps"),
        ("normalize", "not one of the steps"),
        (3, "a string"),
    ],
)
def test_missing_step_names_the_mistake(capsys, answer, mistake):
    result, out = verdict(capsys, "missing_step", answer)
    assert result.right is False and "❌" in out and mistake in out
