"""python -m fmnist_helpers: the whole walk-through in one command, failing like a command-line tool."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import SAMPLE_DIR, needs_full_data

from fmnist_helpers.__main__ import main

ROOT = Path(__file__).resolve().parents[1]


def command(*arguments: str, **env: str) -> subprocess.CompletedProcess:
    """The real command, in a fresh Python, as a user types it."""
    return subprocess.run(
        [sys.executable, "-m", "fmnist_helpers", *arguments],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, **env},
    )


def last_json_line(text: str) -> dict:
    return json.loads(text.strip().splitlines()[-1])


def run_json(capsys, data_dir, output, *arguments: str) -> dict:
    """``python -m fmnist_helpers --json ...`` on ``data_dir``: it exits with 0; return the JSON of its last line."""
    assert main(["--json", *arguments, "--data-dir", str(data_dir), "--output", str(output)]) == 0
    return last_json_line(capsys.readouterr().out)


def test_quick_run_trains_evaluates_saves_and_prints_json_last_without_touching_the_environment(
    sample_as_published, tmp_path, capsys
):
    import tensorflow  # noqa: F401  (importing TensorFlow sets a few variables of its own; the command sets none)

    environment = dict(os.environ)
    result = run_json(capsys, sample_as_published, tmp_path / "out", "--quick", "--hardware", "cpu")
    assert result["quick"] is True and result["epochs"] == 1 and 0 <= result["test_accuracy"] <= 1
    # the sample's 270 training images are a short run (2 steps at the CPU recipe's batch 256): batch 64
    assert (result["hardware"], result["batch_size"], result["steps_per_execution"]) == ("cpu", 64, 1)
    assert "test_accuracy_mirrored" not in result  # the article's CNN never saw mirrored images
    saved = {path.name for path in (tmp_path / "out").iterdir()}
    assert saved == {
        "fashion_mnist_article_cnn.keras",
        "training_curves.png",
        "confusion_matrix.png",
        "test_predictions.png",
        "mistakes.png",
    }
    assert dict(os.environ) == environment


def test_the_improved_model_on_the_gpu_recipe_also_reports_mirrored_accuracy(sample_as_published, tmp_path, capsys):
    result = run_json(capsys, sample_as_published, tmp_path, "--quick", "--model", "improved", "--hardware", "gpu")
    assert result["model"] == "improved" and 0 <= result["test_accuracy_mirrored"] <= 1
    assert (result["hardware"], result["batch_size"], result["steps_per_execution"]) == ("gpu", 64, 16)  # a short run
    assert result["precision"] == "float32"  # the GPU recipes compute in float32, whatever the CPU


def test_the_cpu_recipe_reports_the_precision_this_cpu_trains_in(sample_as_published, tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("FMNIST_PRECISION", "bfloat16")
    assert (
        run_json(capsys, sample_as_published, tmp_path, "--quick", "--hardware", "cpu")["precision"] == "mixed_bfloat16"
    )


def test_epochs_and_batch_size_from_the_command_line_are_the_ones_trained_with(
    sample_as_published, tmp_path, capsys, monkeypatch
):
    monkeypatch.delenv("FMNIST_QUICK", raising=False)  # the README's test command sets it: a quick run is 1 epoch
    result = run_json(capsys, sample_as_published, tmp_path, "--epochs", "2", "--batch-size", "32", "--hardware", "cpu")
    assert (result["planned_epochs"], result["batch_size"], result["quick"]) == (2, 32, False)
    assert result["epochs"] == 2  # patience 2: two epochs never stop early (the quick run's batch is 64: above)


@needs_full_data
def test_the_real_command_exits_0_and_prints_json_last():
    done = command("--json", "--output", "/tmp/fmnist_cli_test", FMNIST_QUICK="1")
    assert done.returncode == 0, done.stderr
    result = last_json_line(done.stdout)
    assert result["quick"] is True and result["train_images"] == 2000
    assert "1/6 load the data" in done.stderr and "Test accuracy" in done.stderr


def test_version_prints_the_package_version(capsys):
    from fmnist_helpers import __version__

    with pytest.raises(SystemExit) as exit_:
        main(["--version"])
    assert exit_.value.code == 0 and capsys.readouterr().out.strip() == f"fmnist-helpers {__version__}"


@pytest.mark.parametrize(
    "arguments, message",
    [
        (["--epochs", "0"], "--epochs: must be at least 1"),
        (["--batch-size", "-64"], "--batch-size: must be at least 1"),
        (["--epochs", "five"], "expected a whole number"),
        (["--quick", "--epochs", "3"], "give --quick or --epochs, not both"),
        (["--model", "resnet"], "invalid choice"),
    ],
)
def test_bad_arguments_exit_2_with_the_usage_before_anything_loads(arguments, message, capsys):
    with pytest.raises(SystemExit) as exit_:
        main(arguments)
    error = capsys.readouterr().err
    assert exit_.value.code == 2 and error.startswith("usage: python -m fmnist_helpers") and message in error


def test_missing_data_exits_1_with_one_line_and_no_traceback():
    done = command("--data-dir", "/nonexistent")
    assert done.returncode == 1
    assert done.stderr.strip().splitlines() == [done.stderr.strip()] and "Traceback" not in done.stderr
    assert done.stderr.startswith("error: ") and "/nonexistent" in done.stderr


def test_a_damaged_file_exits_1_with_one_line_that_names_it(tmp_path):
    for path in SAMPLE_DIR.glob("*.gz"):
        shutil.copy(path, tmp_path)
    labels = tmp_path / "t10k-labels-idx1-ubyte.gz"
    labels.write_bytes(labels.read_bytes()[:-10])  # truncated, as by an interrupted copy
    done = command("--data-dir", str(tmp_path))
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1 and "ubyte.gz" in done.stderr
