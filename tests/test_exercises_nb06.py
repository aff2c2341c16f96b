"""06_train's exercises: a right answer is praised, each typical wrong answer is named."""

from __future__ import annotations

import json
import math
import subprocess
import sys
import types
from pathlib import Path

import numpy as np
import pytest

from fmnist_helpers.exercises import EXERCISES, check, exercises_for, nb06
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


def test_schedule_experiment_asks_for_more_seeds_when_given_one_run_each(capsys):
    """Two training runs differ for real only beyond the seed-to-seed spread: one run each cannot show it."""
    assert check.schedule_experiment(0.874, 0.869).right is True
    out = capsys.readouterr().out
    assert "+0.5 points" in out and "cannot tell" in out and "seed-to-seed spread" in out
    assert "√" not in out


def test_schedule_experiment_calls_separate_seed_ranges_a_real_difference(capsys):
    assert check.schedule_experiment([0.90, 0.89, 0.91], [0.85, 0.86, 0.84]).right is True
    out = capsys.readouterr().out
    assert "beyond the seed-to-seed spread" in out and "the schedule" in out


def test_schedule_experiment_calls_overlapping_seed_ranges_no_measurable_difference(capsys):
    assert check.schedule_experiment([0.884, 0.871, 0.879], [0.876, 0.881, 0.869]).right is True
    out = capsys.readouterr().out
    assert "within the seed-to-seed spread" in out and "no measurable difference" in out
    assert "√" not in out


@pytest.mark.parametrize(
    "answers, mistake",
    [
        ((87.4, 86.9), "fractions"),
        ((0.31, 0.33), "loss instead"),
        ((0.99, 0.97), "training accuracy"),
        (([0.88, 0.87, 0.89], [0.87]), "same seeds"),
        (([], []), "at least one"),
    ],
)
def test_schedule_experiment_names_the_mistake(capsys, answers, mistake):
    assert check.schedule_experiment(*answers).right is False
    assert mistake in capsys.readouterr().out


def _train_calls_of(code: str) -> list[dict]:
    """The keyword arguments of every fh.train call a solution makes, run against a stand-in fh (no training)."""
    calls = []
    history = types.SimpleNamespace(history={"val_accuracy": [0.88, 0.88, 0.88]}, best_epoch=3)

    def train(model, images, labels, **kwargs):
        calls.append({"n_images": len(images), **kwargs})
        return history

    fh = types.SimpleNamespace(
        set_seed=lambda seed: None, build_model=lambda: None, compile_model=lambda model: model, train=train
    )
    subset = np.zeros((nb06.EXPERIMENT_IMAGES, 28, 28, 1))
    namespace = {
        "fh": fh,
        "check": types.SimpleNamespace(schedule_experiment=lambda *args: None),
        "subset_images": subset,
        "subset_labels": np.zeros(len(subset)),
    }
    exec(code, namespace)
    return calls


def _notebook_solution_4() -> str:
    notebook = json.loads((Path(__file__).resolve().parents[1] / "notebooks" / "06_train.ipynb").read_text())
    text = next("".join(cell["source"]) for cell in notebook["cells"] if cell["id"] == "nb06-48")
    return text.split("```python\n", 1)[1].split("```", 1)[0]


@pytest.mark.parametrize("hardware", ["cpu", "gpu"])
@pytest.mark.parametrize("where", ["solution()", "notebook"])
def test_schedule_experiment_solutions_change_only_the_schedule_on_every_recipe(monkeypatch, hardware, where):
    """Both runs train at one batch size and number of steps, on the CPU and the GPU recipe (FMNIST_HARDWARE=gpu):
    without batch_size the GPU recipe would make only the scheduled run a short run at batch 64."""
    from fmnist_helpers.training import plan_training

    monkeypatch.setenv("FMNIST_HARDWARE", hardware)
    code = _notebook_solution_4() if where == "notebook" else EXERCISES["schedule_experiment"].solution
    calls = _train_calls_of(code)
    assert sorted(call["cosine_decay"] for call in calls) == [False] * 3 + [True] * 3
    plans = [
        plan_training(call.pop("n_images"), **{k: v for k, v in call.items() if k not in ("seed", "verbose")})
        for call in calls
    ]
    assert {(plan.batch_size, plan.total_steps, plan.short_run) for plan in plans} == {
        (nb06.EXPERIMENT_BATCH_SIZE, plans[0].total_steps, False)
    }


def test_without_one_batch_size_the_gpu_recipe_would_compare_two_batch_sizes(monkeypatch):
    """Why the exercise passes batch_size: the trap the test above guards against."""
    from fmnist_helpers.training import plan_training

    monkeypatch.setenv("FMNIST_HARDWARE", "gpu")
    scheduled = plan_training(nb06.EXPERIMENT_IMAGES, epochs=nb06.EXPERIMENT_EPOCHS, cosine_decay=True)
    constant = plan_training(nb06.EXPERIMENT_IMAGES, epochs=nb06.EXPERIMENT_EPOCHS, cosine_decay=False)
    assert scheduled.batch_size != constant.batch_size


def test_06_says_no_root_two_rule():
    """Differences between training runs: the seed-to-seed spread (08), never a √2 rule."""
    notebook = (Path(__file__).resolve().parents[1] / "notebooks" / "06_train.ipynb").read_text()
    source = Path(nb06.__file__).read_text()
    assert "√2" not in notebook and "sqrt(2)" not in notebook
    assert "√2" not in source and "√ 2" not in source


def test_checking_06s_answers_loads_no_tensorflow_or_keras():
    """A student's answer is checked with plain arithmetic and the recipes: no TensorFlow, no Keras, no training."""
    code = (
        "import sys\nfrom fmnist_helpers.exercises import check, nb06\n"
        "check.steps_per_epoch(211); check.early_stopping_epoch(6); check.cosine_rate(0.000854)\n"
        "check.schedule_experiment(0.88, 0.87); check.schedule_experiment([0.88, 0.87], [0.86, 0.85])\n"
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
