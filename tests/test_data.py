"""01_load_data: load_data finds the data anywhere, checks every file, or says exactly why not."""

from __future__ import annotations

import time

import numpy as np
import pytest
from conftest import SAMPLE_DIR, copy_files, flip_one_byte, full_data_dir, needs_full_data, truncate

from fmnist_helpers import CLASS_NAMES, ChecksumError, DataNotFoundError, data, load_data


def test_class_names_are_the_ten_labels_in_label_order():
    assert CLASS_NAMES == ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
                           "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"]


def test_sample_loads_with_the_shapes_and_dtypes_of_keras(sample):
    (train_images, train_labels), (test_images, test_labels) = sample
    assert train_images.shape == (300, 28, 28) and train_labels.shape == (300,)
    assert test_images.shape == (100, 28, 28) and test_labels.shape == (100,)
    assert {a.dtype for a in (train_images, train_labels, test_images, test_labels)} == {np.dtype(np.uint8)}
    assert set(np.unique(train_labels)) <= set(range(10))
    assert train_images.max() == 255 and train_images.min() == 0


def test_load_data_prefers_the_data_dir_argument(sample_as_published, nowhere, sample):
    (train_images, _), _ = load_data(sample_as_published)
    np.testing.assert_array_equal(train_images, sample[0][0])


def test_load_data_uses_fmnist_data_dir(sample_as_published, nowhere, monkeypatch):
    monkeypatch.setenv("FMNIST_DATA_DIR", str(sample_as_published))
    (train_images, _), _ = load_data()
    assert train_images.shape == (300, 28, 28)


def test_load_data_uses_the_keras_cache(sample_as_published, nowhere):
    copy_files(sample_as_published, data.keras_cache_dir())
    assert data.keras_cache_dir().is_relative_to(nowhere)
    (train_images, _), _ = load_data()
    assert train_images.shape == (300, 28, 28)


def test_load_data_uses_the_debian_package_folder(sample_as_published, nowhere, monkeypatch):
    monkeypatch.setattr(data, "SYSTEM_DATA_DIR", SAMPLE_DIR)
    (train_images, _), (test_images, _) = load_data()
    assert train_images.shape == (300, 28, 28) and test_images.shape == (100, 28, 28)


def test_data_dir_without_the_files_is_an_error_that_names_them(nowhere):
    with pytest.raises(DataNotFoundError, match="train-images-idx3-ubyte.gz") as error:
        load_data(nowhere / "empty")
    assert "FMNIST_DATA_DIR" in str(error.value)


def test_no_data_and_no_network_fails_fast_with_every_way_to_get_the_data(nowhere):
    start = time.perf_counter()
    with pytest.raises(DataNotFoundError) as error:
        load_data()
    assert time.perf_counter() - start < 30  # a refused connection, not a hang
    message = str(error.value)
    for way in ("FMNIST_DATA_DIR", "dataset-fashion-mnist", "apt-get install", "download failed"):
        assert way in message


@pytest.mark.parametrize("damage", [truncate, flip_one_byte], ids=["truncated", "one_byte_changed"])
def test_a_damaged_file_is_an_error_naming_the_file_both_hashes_and_the_repair(damage, sample_as_published, tmp_path, nowhere):
    folder = copy_files(sample_as_published, tmp_path / "copy")
    damage(folder / "train-images-idx3-ubyte.gz")
    with pytest.raises(ChecksumError) as error:
        load_data(folder)
    message = str(error.value)
    assert "train-images-idx3-ubyte.gz" in message
    assert data.FILE_SHA256["train-images-idx3-ubyte.gz"] in message
    assert data.sha256_of(folder / "train-images-idx3-ubyte.gz") in message
    assert "delete" in message and "reinstall" in message


def test_loading_writes_nowhere(sample_as_published, nowhere, tmp_path):
    folder = copy_files(sample_as_published, tmp_path / "copy")
    before = sorted(p for p in tmp_path.rglob("*"))
    load_data(folder)
    assert sorted(p for p in tmp_path.rglob("*")) == before


def test_the_real_file_hashes_are_sha256_hex():
    assert set(data.FILE_SHA256) == {"train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz",
                                     "t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz"}
    assert all(len(h) == 64 and int(h, 16) >= 0 for h in data.FILE_SHA256.values())


@needs_full_data
def test_full_data_is_exactly_what_keras_loads(tmp_path, monkeypatch):
    import keras

    ours = load_data()
    # Give Keras a cache that already holds the files, so it reads them instead of downloading.
    # (Keras reads $KERAS_HOME once, at import, so the test points its setting there directly.)
    monkeypatch.setattr(keras.src.backend.config, "_KERAS_DIR", str(tmp_path))
    copy_files(full_data_dir(), tmp_path / "datasets" / "fashion-mnist")
    theirs = keras.datasets.fashion_mnist.load_data()
    for our_split, their_split in zip(ours, theirs):
        for our_array, their_array in zip(our_split, their_split):
            assert our_array.dtype == their_array.dtype == np.uint8
            np.testing.assert_array_equal(our_array, their_array)
    assert ours[0][0].shape == (60000, 28, 28) and ours[1][0].shape == (10000, 28, 28)
    assert np.bincount(ours[0][1]).tolist() == [6000] * 10


@needs_full_data
def test_a_truncated_copy_of_the_real_data_is_refused(tmp_path):
    folder = copy_files(full_data_dir(), tmp_path / "copy")
    truncate(folder / "t10k-labels-idx1-ubyte.gz")
    with pytest.raises(ChecksumError, match="t10k-labels-idx1-ubyte.gz"):
        load_data(folder)
