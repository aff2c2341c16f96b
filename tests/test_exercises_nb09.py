"""The exercises of 09_the_improved_cnn: the right answer passes, each typical mistake is named."""

from __future__ import annotations

import keras
import pytest
from conftest import verdict

from fmnist_helpers.exercises import exercises_for

L = keras.layers


def test_notebook_09_has_its_exercises():
    assert {entry.name for entry in exercises_for("09_the_improved_cnn")} == {"wrong_augmentation"}


@pytest.mark.parametrize(
    "answer",
    [
        "C",
        "c",
        " C ",
        "vertical flip",
        "upside down",
        L.RandomFlip("vertical"),
        L.RandomFlip("horizontal_and_vertical"),
    ],
)
def test_wrong_augmentation_accepts_vertical_flips(capsys, answer):
    result, out = verdict(capsys, "wrong_augmentation", answer)
    assert result.right is True and "✅" in out


@pytest.mark.parametrize(
    "answer, mistake",
    [
        ("A", "horizontal flips are fine"),
        (L.RandomFlip("horizontal"), "horizontal flips are fine"),
        ("B", "small shifts"),
        (L.RandomTranslation(0.1, 0.1), "small shifts"),
        ("D", "zoom is fine"),
        ("E", "none of the choices"),
    ],
)
def test_wrong_augmentation_names_the_mistake(capsys, answer, mistake):
    result, out = verdict(capsys, "wrong_augmentation", answer)
    assert result.right is False and "❌" in out and mistake in out
