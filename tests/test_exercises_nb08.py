"""The exercises of 08_improve_the_model: the right answer passes, each typical mistake is named."""

from __future__ import annotations

import keras
import pytest
from conftest import verdict

from fmnist_helpers.exercises import exercises_for, hint

L = keras.layers


def article_with(*middle, after=()):
    """The article's CNN with ``middle`` layers right after Flatten and ``after`` layers at the end."""
    return keras.Sequential(
        [
            keras.Input(shape=(28, 28, 1)),
            L.Conv2D(64, (3, 3), activation="relu"),
            L.MaxPooling2D((2, 2)),
            L.Flatten(),
            *middle,
            L.Dense(128, activation="relu"),
            L.Dense(10, activation="softmax"),
            *after,
        ]
    )


def test_notebook_08_has_its_exercises():
    names = {entry.name for entry in exercises_for("08_improve_the_model")}
    assert names >= {"dropout_after_flatten", "wrong_augmentation", "batch_norm_parameters"}


def test_dropout_after_flatten_accepts_the_right_model(capsys):
    result, out = verdict(capsys, "dropout_after_flatten", article_with(L.Dropout(0.3)))
    assert result.right is True and "✅" in out


@pytest.mark.parametrize(
    "answer, mistake",
    [
        (lambda: article_with(), "no Dropout layer"),
        (lambda: article_with(after=[L.Dropout(0.3)]), "after the softmax"),
        (lambda: article_with(L.Dropout(0.03)), "3%"),
        (lambda: article_with(L.Dropout(0.5)), "the rate is 0.5"),
        (lambda: article_with(L.Dense(64), L.Dropout(0.3)), "right after Flatten is Dense"),
        (lambda: article_with(L.Dropout(0.3), L.Dropout(0.3)), "2 Dropout layers"),
        (
            lambda: keras.Sequential(
                [
                    keras.Input(shape=(28, 28, 1)),
                    L.Conv2D(32, (3, 3), activation="relu"),
                    L.MaxPooling2D((2, 2)),
                    L.Flatten(),
                    L.Dropout(0.3),
                    L.Dense(128, activation="relu"),
                    L.Dense(10, activation="softmax"),
                ]
            ),
            "1,386,506",
        ),
        (lambda: L.Dropout(0.3), "one layer"),
    ],
)
def test_dropout_after_flatten_names_the_mistake(capsys, answer, mistake):
    result, out = verdict(capsys, "dropout_after_flatten", answer())
    assert result.right is False and "❌" in out and mistake in out


def test_the_hint_for_dropout_says_the_rate_is_a_fraction(capsys):
    """Dropout(30) (a percentage) fails in Keras itself, before any check: the hint must say what the rate is."""
    hint("dropout_after_flatten")
    out = capsys.readouterr().out
    assert "fraction" in out and "0.3 drops 30%" in out


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


def test_batch_norm_parameters_accepts_what_keras_counts(capsys):
    layer_count = (
        keras.Sequential([keras.Input(shape=(28, 28, 1)), L.Conv2D(32, 3), L.BatchNormalization()])
        .layers[1]
        .count_params()
    )
    result, out = verdict(capsys, "batch_norm_parameters", layer_count)
    assert result.right is True and "✅" in out


@pytest.mark.parametrize(
    "answer, mistake",
    [(64, "trainable"), (32, "4 per channel"), (4 * 28 * 28 * 32, "per pixel"), (100, "not it"), ("128", "a number")],
)
def test_batch_norm_parameters_names_the_mistake(capsys, answer, mistake):
    result, out = verdict(capsys, "batch_norm_parameters", answer)
    assert result.right is False and "❌" in out and mistake in out


@pytest.mark.parametrize(
    "answer, said",
    [
        (0.905, "Above every seed"),
        (0.85, "Below every seed"),
        (0.881, "no measurable difference"),
    ],
)
def test_my_change_reads_the_result_against_the_seed_spread(capsys, answer, said):
    result, out = verdict(capsys, "my_change", answer, [0.876, 0.884, 0.889])
    assert result.right is True and said in out and "a spread of 1.3 points" in out


def test_my_change_calls_an_exact_tie_with_a_baseline_run_a_tie_not_a_mistake(capsys):
    """Equal accuracies happen by chance on a few thousand validation images."""
    result, out = verdict(capsys, "my_change", 0.884, [0.876, 0.884, 0.889])
    assert result.right is True and "❌" not in out and "a tie" in out and "no measurable difference" in out


@pytest.mark.parametrize(
    "answers, mistake",
    [
        ((88.1, [0.876, 0.884]), "fractions"),
        ((0.881, 0.876), "not one number"),
        ((0.31, [0.876, 0.884]), "is it a loss"),
    ],
)
def test_my_change_names_the_mistake(capsys, answers, mistake):
    result, out = verdict(capsys, "my_change", *answers)
    assert result.right is False and mistake in out
