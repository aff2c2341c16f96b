"""02_reshape and 03_normalize: the right shape and scale, or a clear error."""

from __future__ import annotations

import numpy as np
import pytest

from fmnist_helpers import is_normalized, normalize, prepare_images, reshape_images
from fmnist_helpers.preprocessing import check_images_and_labels, check_labels


def test_reshape_images_adds_the_channel_axis(sample):
    (train_images, _), (test_images, _) = sample
    assert reshape_images(train_images).shape == (300, 28, 28, 1)
    assert reshape_images(test_images).shape == (100, 28, 28, 1)
    np.testing.assert_array_equal(reshape_images(train_images)[..., 0], train_images)


def test_reshape_images_accepts_images_that_already_have_a_channel_axis(sample):
    images = reshape_images(sample[0][0])
    assert reshape_images(images) is images


@pytest.mark.parametrize(
    "shape, hint",
    [((5, 28, 28, 3), "colour"), ((5, 32, 32), "32x32"), ((28, 28), "batch of one"), ((5, 784), "flattened")],
)
def test_reshape_images_rejects_wrong_shapes_with_a_hint(shape, hint):
    with pytest.raises(ValueError, match=hint) as error:
        reshape_images(np.zeros(shape, np.uint8))
    assert str(shape) in str(error.value)


def test_normalize_divides_by_255_into_float32(sample):
    images = sample[0][0]
    normalized = normalize(images)
    assert normalized.dtype == np.float32
    assert normalized.min() == 0.0 and normalized.max() == 1.0
    np.testing.assert_allclose(normalized, images / 255.0, rtol=1e-6)


def test_normalize_rejects_already_normalized_images(sample):
    once = normalize(sample[0][0])
    with pytest.raises(ValueError, match="already normalized"):
        normalize(once)


@pytest.mark.parametrize("bad", [np.full((2, 28, 28), 300.0), np.full((2, 28, 28), -1.0), np.full((2, 28, 28), np.nan)])
def test_normalize_rejects_pixels_outside_0_to_255(bad):
    with pytest.raises(ValueError, match="0..255|NaN"):
        normalize(bad)


def test_is_normalized_tells_raw_from_normalized(sample):
    images = sample[0][0]
    assert not is_normalized(images)
    assert is_normalized(normalize(images))


def test_prepare_images_is_reshape_then_normalize(sample):
    prepared = prepare_images(sample[1][0])
    assert prepared.shape == (100, 28, 28, 1) and prepared.dtype == np.float32 and prepared.max() <= 1


def test_image_and_label_checks_reject_raw_pixels_of_training_and_test_images(sample):
    for images, labels in sample:
        with pytest.raises(ValueError, match="normalize"):
            check_images_and_labels(reshape_images(images), labels)


def test_image_and_label_checks_reject_missing_channel_axis(prepared):
    (images, labels), _ = prepared
    with pytest.raises(ValueError, match="reshape_images"):
        check_images_and_labels(images[..., 0], labels)


@pytest.mark.parametrize(
    "labels, message",
    [
        (np.array([0, 10]), "0..9"),
        (np.array([-1, 3]), "0..9"),
        (np.eye(10)[[1, 2]], "one-hot"),
        (np.array([0.5, 1.0]), "whole numbers"),
    ],
)
def test_labels_must_be_classes_0_to_9(labels, message):
    with pytest.raises(ValueError, match=message):
        check_labels(labels)


def test_images_and_labels_must_have_the_same_length(prepared):
    (images, labels), _ = prepared
    with pytest.raises(ValueError, match="300 images but 299 labels"):
        check_images_and_labels(images, labels[:-1])
