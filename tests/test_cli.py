"""python -m fmnist_helpers: the whole walk-through in one command."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from conftest import needs_full_data

from fmnist_helpers.__main__ import main

ROOT = Path(__file__).resolve().parents[1]


def test_quick_run_trains_evaluates_and_saves_model_and_plots(sample_as_published, tmp_path, capsys):
    result = main(["--quick", "--json", "--data-dir", str(sample_as_published), "--output", str(tmp_path / "out")])
    last_line = capsys.readouterr().out.strip().splitlines()[-1]
    assert json.loads(last_line) == json.loads(json.dumps(result))
    assert {"test_accuracy", "test_loss", "epochs", "train_seconds"} <= set(result)
    assert 0 <= result["test_accuracy"] <= 1 and result["epochs"] == 1 and result["quick"] is True
    saved = {p.name for p in (tmp_path / "out").iterdir()}
    assert {"fashion_mnist_article_cnn.keras", "training_curves.png", "confusion_matrix.png"} <= saved


@needs_full_data
def test_the_real_command_with_fmnist_quick_prints_json_last(tmp_path):
    env = {**os.environ, "FMNIST_QUICK": "1"}
    done = subprocess.run([sys.executable, "-m", "fmnist_helpers", "--json", "--output", str(tmp_path)],
                          cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout.strip().splitlines()[-1])
    assert result["quick"] is True and result["train_images"] == 2000
    assert "1/6 load the data" in done.stderr and "Test accuracy" in done.stderr


def test_quick_run_of_the_improved_model_also_reports_mirrored_accuracy(sample_as_published, tmp_path):
    result = main(["--quick", "--model", "improved", "--data-dir", str(sample_as_published),
                   "--output", str(tmp_path / "out")])
    assert result["model"] == "improved" and result["epochs"] == 1
    assert 0 <= result["test_accuracy"] <= 1 and 0 <= result["test_accuracy_mirrored"] <= 1
    assert (tmp_path / "out" / "fashion_mnist_improved_cnn.keras").exists()
    article = main(["--quick", "--data-dir", str(sample_as_published), "--output", str(tmp_path / "article")])
    assert "test_accuracy_mirrored" not in article  # the article's CNN never saw mirrored images


def test_hardware_gpu_uses_the_gpu_recipe_on_any_machine_and_says_so(sample_as_published, tmp_path, monkeypatch):
    monkeypatch.setenv("FMNIST_HARDWARE", "auto")  # restored after the test: main() sets it for its process
    result = main(["--quick", "--hardware", "gpu", "--data-dir", str(sample_as_published), "--output", str(tmp_path)])
    assert (result["hardware"], result["batch_size"], result["steps_per_execution"]) == ("gpu", 512, 16)
    result = main(["--quick", "--hardware", "cpu", "--data-dir", str(sample_as_published), "--output", str(tmp_path)])
    assert (result["hardware"], result["batch_size"], result["steps_per_execution"]) == ("cpu", 256, 1)
