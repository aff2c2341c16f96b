"""The exercises of 08_improve_the_model: the right answer passes, each typical mistake is named."""

from __future__ import annotations

import keras
import numpy as np
import pytest
from conftest import verdict

from fmnist_helpers.exercises import check, exercises_for, hint, nb08

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
    assert names >= {"dropout_after_flatten", "batch_norm_parameters", "my_change"}


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


def batch_norm_after_conv32():
    return keras.Sequential([keras.Input(shape=(28, 28, 1)), L.Conv2D(32, 3), L.BatchNormalization()]).layers[1]


def test_08_ex3_accepts_the_64_learned_numbers_of_notebook_04s_definition_and_says_how_keras_counts(capsys):
    layer = batch_norm_after_conv32()
    learned = sum(int(np.prod(weight.shape)) for weight in layer.trainable_weights)
    result, out = verdict(capsys, "batch_norm_parameters", learned)
    assert learned == 64 and result.right is True and "✅" in out
    assert out.index("✅") < out.index("count_params() says 128") and "not learned" in out


def test_08_ex3_128_is_rejected_with_the_difference_explained_when_the_question_asks_for_learned_numbers(capsys):
    result, out = verdict(capsys, "batch_norm_parameters", batch_norm_after_conv32().count_params())
    assert result.right is False and "count_params()" in out and "moving mean" in out and "does not learn" in out


def test_08_ex3_128_is_right_when_the_question_asks_for_every_number_keras_stores(capsys):
    layer_count = batch_norm_after_conv32().count_params()
    result = check.batch_norm_parameters(layer_count, including_moving_statistics=True)
    assert layer_count == 128 and result.right is True and "✅" in capsys.readouterr().out
    result = check.batch_norm_parameters(64, including_moving_statistics=True)
    assert result.right is False and "moving mean" in capsys.readouterr().out


@pytest.mark.parametrize(
    "answer, mistake",
    [(32, "gamma"), (4 * 28 * 28 * 32, "per pixel"), (100, "not it"), ("64", "a number")],
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


def right_per_image(only_mine: int, only_theirs: int, both: int = 4000, neither: int = 600):
    """Two models' right/wrong on the same validation images, with the given split."""
    mine = [True] * only_mine + [False] * only_theirs + [True] * both + [False] * neither
    theirs = [False] * only_mine + [True] * only_theirs + [True] * both + [False] * neither
    return np.array(mine), np.array(theirs)


def my_change_with_images(capsys, accuracy, **images_right):
    """check.my_change against the seeds 0.876, 0.884, 0.889, with which images each model got right."""
    result = check.my_change(accuracy, [0.876, 0.884, 0.889], **images_right)
    return result, capsys.readouterr().out


def test_08_ex4_the_paired_rule_is_the_notebooks_coin_flip_count():
    assert nb08.is_real_difference(130, 80) and not nb08.is_real_difference(110, 90)
    assert nb08.is_real_difference(0, 5) and not nb08.is_real_difference(0, 4)  # |a-b| > 2*sqrt(a+b)


def test_08_ex4_a_split_that_coin_flips_give_is_a_tie_even_above_every_seed(capsys):
    mine, theirs = right_per_image(110, 90)
    result, out = my_change_with_images(capsys, 0.905, my_right=mine, baseline_right=theirs)
    assert result.right is True and "alone is right on 110" in out and "on 90" in out
    assert "no measurable difference" in out and "Above every seed" not in out


def test_08_ex4_a_lopsided_split_above_every_seed_is_reported_with_the_counts(capsys):
    mine, theirs = right_per_image(160, 80)
    result, out = my_change_with_images(capsys, 0.905, my_right=mine, baseline_right=theirs)
    assert result.right is True and "a real difference on these images" in out and "Above every seed" in out


def test_08_ex4_a_lopsided_split_inside_the_seed_spread_is_not_yet_a_difference_between_the_models(capsys):
    mine, theirs = right_per_image(160, 80)
    result, out = my_change_with_images(capsys, 0.881, my_right=mine, baseline_right=theirs)
    assert result.right is True and "Real on these images, but inside the baseline's seed-to-seed spread" in out


@pytest.mark.parametrize(
    "options, mistake",
    [
        ({"my_right": np.ones(10, bool)}, "or neither"),
        ({"my_right": np.ones(10, bool), "baseline_right": np.ones(12, bool)}, "same validation images"),
        ({"my_right": np.full(10, 0.9), "baseline_right": np.ones(10, bool)}, "one True/False per validation image"),
    ],
)
def test_08_ex4_names_the_mistake_in_the_images_right(capsys, options, mistake):
    result, out = my_change_with_images(capsys, 0.881, **options)
    assert result.right is False and mistake in out


def test_my_change_reads_the_rows_measure_returns_with_the_paired_count(capsys):
    """08 gives the rows of measure(): the accuracies, and which images each model got right (seed 42's baseline)."""
    theirs = np.array([True] * 900 + [False] * 100)
    mine = theirs.copy()
    mine[900:960] = True  # 60 images only mine gets right, none only theirs: real
    baseline_rows = [{"val accuracy": value, "right": theirs} for value in (0.876, 0.884, 0.889)]
    result, out = verdict(capsys, "my_change", {"val accuracy": 0.905, "right": mine}, baseline_rows)
    assert result and "your model alone is right on 60, the article's CNN alone on 0" in out


def test_my_change_with_a_row_wants_the_baseline_rows_too(capsys):
    result, out = verdict(capsys, "my_change", {"val accuracy": 0.905, "right": [True]}, [0.876, 0.884, 0.889])
    assert not result and "baseline_rows" in out
