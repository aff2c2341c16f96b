"""01_load_data's exercises: a right answer is praised, each typical wrong answer is named."""

from __future__ import annotations

import numpy as np
import pytest
from conftest import full_data_dir, needs_full_data

from fmnist_helpers import CLASS_NAMES
from fmnist_helpers.data import read_idx
from fmnist_helpers.exercises import check, exercises_for, nb01


def test_notebook_01_has_its_exercises():
    assert {entry.name for entry in exercises_for("01_load_data")} == {
        "count_sneakers_in_test",
        "class_name_of_train_image_42",
        "shape_of_one_image",
    }


def test_count_sneakers_accepts_1000(capsys):
    labels = np.repeat(np.arange(10), 1000)  # stands in for test_labels: 1000 per class
    assert check.count_sneakers_in_test((labels == 7).sum()).right is True
    assert "✅" in capsys.readouterr().out


@pytest.mark.parametrize(
    "answer, mistake",
    [
        (6000, "training set"),
        (7, "label number"),
        (10000, "every image of the test set"),
        (np.full(10, 1000), "one per class"),
        (np.repeat(np.arange(10), 1000) == 7, ".sum()"),
        ("Sneaker", "a number"),
        (999, "(test_labels == 7).sum()"),
    ],
)
def test_count_sneakers_names_the_mistake(capsys, answer, mistake):
    assert check.count_sneakers_in_test(answer).right is False
    out = capsys.readouterr().out
    assert "❌" in out and mistake in out


def test_class_name_of_train_image_42_accepts_ankle_boot(capsys):
    assert check.class_name_of_train_image_42(CLASS_NAMES[9]).right is True
    assert "✅" in capsys.readouterr().out
    assert check.class_name_of_train_image_42("ankle boot ").right is True


@pytest.mark.parametrize(
    "answer, mistake",
    [
        (9, "label number"),
        (np.uint8(9), "label number"),
        (42, "position"),
        ("Bag", "labels start at 0"),
        ("Sneaker", "train image 41"),
        ("Sandal", "train image 43"),
        ("Shirt", "train_labels[42]"),
        ("Boot", "none of the 10 class names"),
        (["Ankle boot"], "string"),
    ],
)
def test_class_name_of_train_image_42_names_the_mistake(capsys, answer, mistake):
    assert check.class_name_of_train_image_42(answer).right is False
    out = capsys.readouterr().out
    assert "❌" in out and mistake in out


def test_01_ex2_a_wrong_class_name_is_sent_to_the_label_number_and_class_names_not_to_positions(capsys):
    assert check.class_name_of_train_image_42("Pullover").right is False
    out = capsys.readouterr().out
    assert "❌" in out and "label number" in out and "train_labels[42]" in out and "fh.CLASS_NAMES" in out
    assert "position 42" not in out


def test_01_ex3_a_shape_in_quotes_is_told_to_drop_the_quotes(capsys):
    for answer in ("(28, 28)", "28x28"):
        assert check.shape_of_one_image(answer).right is False
        out = capsys.readouterr().out
        assert "give a tuple, e.g. (28, 28) without quotes" in out.lower() and "ValueError" not in out


def test_01_ex3_a_tuple_of_non_numbers_asks_for_whole_numbers(capsys):
    assert check.shape_of_one_image(("a", "b")).right is False
    out = capsys.readouterr().out
    assert "tuple of whole numbers" in out and "could not be checked" not in out


def test_shape_of_one_image_accepts_28_by_28(capsys, sample):
    (train_images, _), _ = sample
    assert check.shape_of_one_image(train_images[0].shape).right is True
    assert "✅" in capsys.readouterr().out
    assert check.shape_of_one_image([28, 28]).right is True


@pytest.mark.parametrize(
    "answer, mistake",
    [
        ((60000, 28, 28), "all the training images"),
        ((10000, 28, 28), "all the test images"),
        ((28, 28, 1), "channel axis"),
        ((28,), "one row"),
        (784, "number of pixels"),
        (2, "number of axes"),
        (np.zeros((28, 28), np.uint8), "Add .shape"),
        ((32, 32), "not the shape of one Fashion-MNIST image"),
    ],
)
def test_shape_of_one_image_names_the_mistake(capsys, answer, mistake):
    assert check.shape_of_one_image(answer).right is False
    out = capsys.readouterr().out
    assert "❌" in out and mistake in out


@needs_full_data
def test_the_facts_the_checkers_know_match_the_published_data():
    folder = full_data_dir()
    train_labels = read_idx(folder / "train-labels-idx1-ubyte.gz")
    test_labels = read_idx(folder / "t10k-labels-idx1-ubyte.gz")
    assert tuple(train_labels[41:44]) == nb01.TRAIN_LABELS_41_TO_43
    assert np.bincount(test_labels)[nb01.SNEAKER_LABEL] == nb01.TEST_IMAGES_PER_CLASS
    assert np.bincount(train_labels)[nb01.SNEAKER_LABEL] == nb01.TRAIN_IMAGES_PER_CLASS
    assert len(test_labels) == nb01.TEST_SET_SIZE
    assert CLASS_NAMES[nb01.SNEAKER_LABEL] == "Sneaker"
