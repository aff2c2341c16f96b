"""06_train's exercises: a right answer is praised, each typical wrong answer is named."""

from __future__ import annotations

import math
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from fmnist_helpers.exercises import check, exercises_for, nb06
from fmnist_helpers.recipes import recipe_for

#: fh.train's default batch size on a CPU, read from the recipe (the course changed it once: 64, then 256).
CPU_BATCH = recipe_for("article", "cpu").batch_size


def test_notebook_06_has_its_exercises():
    assert {entry.name for entry in exercises_for("06_train")} >= {
        "steps_per_epoch",
        "early_stopping_epoch",
        "cosine_rate",
    }


def test_steps_per_epoch_accepts_the_rounded_up_batches_of_the_training_part(capsys):
    assert check.steps_per_epoch(math.ceil(27_000 / 128)).right is True
    assert "✅" in capsys.readouterr().out
    assert check.steps_per_epoch(np.int64(211)).right is True


@pytest.mark.parametrize(
    "answer, mistake",
    [
        (210, "round up"),  # floor: forgot the last, smaller batch
        (27_000 / 128, "not a whole number"),
        (235, "holds 3,000 of them out"),  # forgot the validation split (rounded up)
        (234, "holds 3,000 of them out"),  # forgot the validation split (rounded down)
        (24, "validation images"),  # counted the validation part
        (
            math.ceil(27_000 / CPU_BATCH),
            f"batch size {CPU_BATCH} (fh.train's default with the CPU recipe)",
        ),  # forgot batch_size=128
        (500, "not the number of batches"),
    ],
)
def test_steps_per_epoch_names_the_mistake(capsys, answer, mistake):
    assert check.steps_per_epoch(answer).right is False
    out = capsys.readouterr().out
    assert "❌" in out and mistake in out


def test_early_stopping_epoch_accepts_the_best_epoch_before_the_stop(capsys):
    assert check.early_stopping_epoch(6).right is True
    assert "✅" in capsys.readouterr().out


@pytest.mark.parametrize(
    "answer, mistake",
    [
        (5, "0-based"),  # np.argmin without + 1
        (8, "where training stops"),  # the epoch it stopped at, not the one it keeps
        (7, "counted from 0"),  # the stopping epoch, 0-based
        (10, "last of the list"),  # the last epoch
        (4, "one worse epoch does not stop"),  # the first dip, as if patience were 1
        (0.35, "is a validation loss"),  # the loss instead of the epoch
        (2.5, "not an epoch number"),
        (3, "not the one kept"),
    ],
)
def test_early_stopping_epoch_names_the_mistake(capsys, answer, mistake):
    assert check.early_stopping_epoch(answer).right is False
    out = capsys.readouterr().out
    assert "❌" in out and mistake in out


def test_the_checker_stops_where_keras_early_stopping_stops():
    import keras

    model = keras.Sequential([keras.Input(shape=(1,)), keras.layers.Dense(1)])
    stopper = keras.callbacks.EarlyStopping(monitor="val_loss", patience=nb06.PATIENCE, restore_best_weights=True)
    stopper.set_model(model)
    stopper.on_train_begin()
    for epoch, loss in enumerate(nb06.VALIDATION_LOSSES):
        stopper.on_epoch_end(epoch, {"val_loss": loss})
        if getattr(model, "stop_training", False):
            break
    best_epoch, stop_epoch = nb06._early_stopping(nb06.VALIDATION_LOSSES, nb06.PATIENCE)
    assert (stopper.best_epoch + 1, stopper.stopped_epoch + 1) == (best_epoch, stop_epoch) == (6, 8)


def test_cosine_rate_accepts_the_half_cosine(capsys):
    assert check.cosine_rate(0.001 * 0.5 * (1 + np.cos(np.pi * 0.25))).right is True
    assert "✅" in capsys.readouterr().out
    assert check.cosine_rate(0.000854).right is True


@pytest.mark.parametrize(
    "answer, mistake",
    [
        (0.001 * (1 - 0.25), "straight line"),
        (0.001 * np.cos(np.pi * 0.25), "negative rate"),
        (0.001 * 0.5 * (1 - np.cos(np.pi * 0.25)), "rising curve"),
        (0.001 * 0.5 * (1 + np.cos(180 * 0.25)), "radians"),
        (0.001 * 0.5 * (1 + np.cos(0.25)), "forgets the pi"),
        (0.0005, "halfway"),
        (0.0009, "not start * 0.5"),
    ],
)
def test_cosine_rate_names_the_mistake(capsys, answer, mistake):
    assert check.cosine_rate(answer).right is False
    out = capsys.readouterr().out
    assert "❌" in out and mistake in out


def test_the_cosine_the_checker_wants_is_the_one_fh_train_uses():
    """fh.train's Keras schedule gives start * 0.5 * (1 + cos(pi * step / total_steps)) without a warm-up."""
    from fmnist_helpers.schedule import cosine_schedule

    schedule = cosine_schedule(nb06.START_RATE, total_steps=100)
    expected = nb06.START_RATE * 0.5 * (1 + math.cos(math.pi * nb06.COSINE_PROGRESS))
    assert math.isclose(float(schedule(int(100 * nb06.COSINE_PROGRESS))), expected, rel_tol=1e-5)


def test_schedule_experiment_explains_a_small_difference_as_no_measurable_difference(capsys):
    assert check.schedule_experiment(0.874, 0.869).right is True
    out = capsys.readouterr().out
    assert "+0.5 points" in out and "no measurable difference" in out


def test_schedule_experiment_reports_a_difference_larger_than_chance(capsys):
    assert check.schedule_experiment(0.90, 0.85).right is True
    assert "more than chance" in capsys.readouterr().out


@pytest.mark.parametrize(
    "answers, mistake",
    [
        ((87.4, 86.9), "fractions"),
        ((0.31, 0.33), "loss instead"),
        ((0.99, 0.97), "training accuracy"),
    ],
)
def test_schedule_experiment_names_the_mistake(capsys, answers, mistake):
    assert check.schedule_experiment(*answers).right is False
    assert mistake in capsys.readouterr().out


def test_schedule_experiment_calls_an_exact_tie_a_tie_not_a_mistake(capsys):
    """Equal accuracies happen by chance on 1,000 images (one image is 0.1 point)."""
    assert check.schedule_experiment(0.874, 0.874).right is True
    out = capsys.readouterr().out
    assert "❌" not in out and "a tie" in out and "no measurable difference" in out


def test_schedule_experiment_judges_a_difference_against_the_noise_of_two_runs(capsys):
    """2.5 points is beyond two standard errors of one accuracy (2.1) but within those of a difference (2.9)."""
    assert check.schedule_experiment(0.895, 0.870).right is True
    assert "no measurable difference" in capsys.readouterr().out


def test_checking_06s_answers_loads_no_tensorflow_or_keras():
    """A student's answer is checked with plain arithmetic and the recipes: no TensorFlow, no Keras, no training."""
    code = (
        "import sys\nfrom fmnist_helpers.exercises import check, nb06\n"
        "check.steps_per_epoch(211); check.early_stopping_epoch(6); check.cosine_rate(0.000854)\n"
        "check.schedule_experiment(0.88, 0.87)\n"
        "print(sorted({m.split('.')[0] for m in sys.modules} & {'tensorflow', 'keras'}))\n"
        "print(sorted(m for m in sys.modules if m.startswith('fmnist_helpers.training')))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=Path(__file__).resolve().parents[1],
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip().splitlines()[-2:] == ["[]", "[]"]
