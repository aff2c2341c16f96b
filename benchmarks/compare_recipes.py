"""Side by side: the article's recipe vs the course's recipe, on the same data, on this machine.

    python benchmarks/compare_recipes.py                      # the article's full 50 epochs (long)
    python benchmarks/compare_recipes.py --article-epochs 5   # 5 epochs, the other 45 counted at the measured epoch time

Three or four rows, each a whole process timed from start to finish (import, load, train, evaluate), so the
ratio is what a student waits, start-up included:

1. the article's recipe, faithfully: batch 32, 50 epochs, training pixels / 225, ``model.fit`` on
   NumPy arrays, no validation;
2. the same recipe fed through the course's input pipeline (``fmnist_helpers.pipeline.make_dataset``:
   tf.data, cached, autotuning off), so the table can tell the recipe's gain from the pipeline's;
3. the course's recipe: exactly ``python -m fmnist_helpers`` (in bfloat16 where the CPU computes it natively);
4. only on such a CPU: the same with ``FMNIST_PRECISION=float32``, to tell the recipe's gain from bfloat16's.

With ``--article-epochs N`` rows 1 and 2 run N of their 50 epochs; the other 50 - N are each counted
at the median time of the epochs after the first (which also builds the training step), while
start-up, loading and evaluation are counted once. Every row runs ``--repeats`` times (default 2)
and reports its mean and its range. Prints a Markdown table and writes it to ``benchmarks/results/``.
Nothing else should run on the machine meanwhile.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from report import machine, save_report  # benchmarks/report.py, next to this script

ROOT = Path(__file__).resolve().parents[1]


def run_article(epochs: int, pipeline: str) -> dict[str, object]:
    """Worker: the article's recipe (batch 32, /225 and /255, no validation), fed as NumPy arrays or by the course's pipeline."""
    started = time.perf_counter()
    import keras

    import fmnist_helpers as fh
    from fmnist_helpers.article import ARTICLE_BATCH_SIZE, article_fit, article_model, article_preprocess
    from fmnist_helpers.pipeline import make_dataset

    (train_images, train_labels), (test_images, test_labels) = fh.load_data()
    train_images, test_images = article_preprocess(train_images, test_images)
    keras.utils.set_random_seed(42)
    model = article_model()
    log = fh.progress.EpochLog(
        epochs, print_fn=lambda line: print(f"  {pipeline} " + line, file=sys.stderr, flush=True)
    )
    train_started = time.perf_counter()
    if pipeline == "numpy":
        article_fit(model, train_images, train_labels, epochs=epochs, callbacks=[log])
    else:  # the same fit, fed by the course's tf.data pipeline
        data = make_dataset(train_images.astype("float32"), train_labels, ARTICLE_BATCH_SIZE, shuffle=True, seed=42)
        model.fit(data, epochs=epochs, verbose=0, callbacks=[log], shuffle=False)  # the pipeline shuffles
    train_seconds = time.perf_counter() - train_started
    loss, accuracy = model.evaluate(test_images, test_labels, batch_size=1024, verbose=0)
    return {
        "test_accuracy": round(float(accuracy), 4),
        "test_loss": round(float(loss), 4),
        "epochs": epochs,
        "epoch_seconds": [round(seconds, 2) for seconds in log.epoch_seconds],
        "train_seconds": round(train_seconds, 1),
        "total_seconds": round(time.perf_counter() - started, 1),
        "batch_size": ARTICLE_BATCH_SIZE,
        "train_images": len(train_images),
    }


def run_process(command: list[str], label: str, env: dict[str, str] | None = None) -> tuple[dict[str, object], float]:
    """Run one recipe as a process (in ``env``, default this one's), echo its progress, return its JSON result and wall time."""
    print(f"-- {label}: {' '.join(command)}", flush=True)
    started = time.perf_counter()
    process = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    for line in process.stderr:  # progress lines, as they come
        if line.strip():
            print(f"   {line.rstrip()}", flush=True)
    output = process.stdout.read()
    if process.wait() != 0:
        raise SystemExit(f"{label} failed (exit {process.returncode}).")
    wall = time.perf_counter() - started
    return json.loads(output.strip().splitlines()[-1]), wall


def whole_run(result: dict[str, object], wall: float, planned_epochs: int) -> tuple[float, float]:
    """(wall seconds of the whole planned run, seconds per steady epoch): unrun epochs at the steady epoch time."""
    steady = result["epoch_seconds"][1:] or result["epoch_seconds"]
    per_epoch = statistics.median(steady)
    return wall + (planned_epochs - result["epochs"]) * per_epoch, per_epoch


def summarize(label: str, epochs_shown: str, runs: list[tuple[dict[str, object], float]]) -> dict[str, object]:
    walls = [wall for _, wall in runs]
    return {
        "label": label,
        "epochs_shown": epochs_shown,
        "wall": statistics.mean(walls),
        "wall_low": min(walls),
        "wall_high": max(walls),
        "per_epoch": statistics.mean(run["per_epoch"] for run, _ in runs),
        "test_accuracy": [run["test_accuracy"] for run, _ in runs],
    }


def table(rows: list[dict[str, object]]) -> str:
    header = (
        "| recipe | whole run (s), mean | range (s) | epochs | s per epoch | test accuracy (each run) | time ratio |\n"
        "|---|---:|---:|---|---:|---|---:|"
    )
    baseline = rows[0]["wall"]
    lines = [header]
    for row in rows:
        accuracies = ", ".join(f"{accuracy:.4f}" for accuracy in row["test_accuracy"])
        lines.append(
            f"| {row['label']} | {row['wall']:.0f} | {row['wall_low']:.0f}-{row['wall_high']:.0f} | "
            f"{row['epochs_shown']} | {row['per_epoch']:.1f} | {accuracies} | {baseline / row['wall']:.1f}x |"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--article-epochs",
        type=int,
        default=50,
        help="epochs of the article's recipe to really run (default: %(default)s, all of them)",
    )
    parser.add_argument("--repeats", type=int, default=2, help="runs of each row (default: %(default)s)")
    parser.add_argument(
        "--course-args", default="", help="extra arguments for python -m fmnist_helpers, e.g. '--model improved'"
    )
    parser.add_argument("--run-article", type=int, metavar="EPOCHS", help=argparse.SUPPRESS)  # worker mode
    parser.add_argument("--pipeline", choices=["numpy", "course"], default="numpy", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.run_article:
        print(json.dumps(run_article(args.run_article, args.pipeline)))
        return
    from fmnist_helpers.article import ARTICLE_EPOCHS

    scaled = args.article_epochs != ARTICLE_EPOCHS
    shown = f"{ARTICLE_EPOCHS} (ran {args.article_epochs})" if scaled else str(ARTICLE_EPOCHS)
    rows = []
    for pipeline, label in [
        ("numpy", "article: batch 32, 50 epochs, /225, `fit` on NumPy arrays"),
        ("course", "article's recipe, the course's tf.data pipeline"),
    ]:
        runs = []
        for repeat in range(args.repeats):
            result, wall = run_process(
                [sys.executable, __file__, "--run-article", str(args.article_epochs), "--pipeline", pipeline],
                f"{label}, run {repeat + 1}",
            )
            total, per_epoch = whole_run(result, wall, ARTICLE_EPOCHS)
            runs.append(({**result, "per_epoch": per_epoch}, total))
        rows.append(summarize(label, shown, runs))
    from fmnist_helpers.recipes import cpu_has_native_bfloat16

    # The course as a student runs it; where the CPU computes bfloat16 natively (so the course does), float32 too.
    precisions = ["auto", "float32"] if cpu_has_native_bfloat16() else ["auto"]
    for precision in precisions:
        runs = []
        for repeat in range(args.repeats):
            with tempfile.TemporaryDirectory() as output:
                result, wall = run_process(
                    [sys.executable, "-m", "fmnist_helpers", "--json", "--output", output, *args.course_args.split()],
                    f"course recipe, FMNIST_PRECISION={precision}, run {repeat + 1}",
                    env={**os.environ, "FMNIST_PRECISION": precision},
                )
            runs.append(({**result, "per_epoch": result["train_seconds"] / result["epochs"]}, wall))
        course = runs[-1][0]
        in_bfloat16 = precision == "auto" and len(precisions) > 1
        rows.append(
            summarize(
                "course: `python -m fmnist_helpers`"
                + (f" {args.course_args}" if args.course_args else "")
                + (" (bfloat16: native on this CPU)" if in_bfloat16 else "")
                + (" with `FMNIST_PRECISION=float32`" if precision == "float32" else ""),
                f"{course['epochs']} (best {course['best_epoch']}), batch {course['batch_size']}",
                runs,
            )
        )
    when = datetime.datetime.now().strftime("%Y-%m-%d %H:%M")
    note = (
        f"Measured {when} on {machine()}, TensorFlow {course['tensorflow']}, GPU: {', '.join(course['gpus']) or 'none'}, "
        f"the {course['hardware'].upper()} recipe; {args.repeats} runs per row."
        + (
            f" The article's rows ran {args.article_epochs} of their 50 epochs: the other {ARTICLE_EPOCHS - args.article_epochs}"
            f" are counted at the median time of epochs 2-{args.article_epochs}, and their accuracy is after"
            f" {args.article_epochs} epochs (the article reports 0.914 after 50)."
            if scaled
            else ""
        )
    )
    report = f"{table(rows)}\n\n{note}\n"
    print("\n" + report)
    save_report("compare_recipes", report, {"rows": rows, "note": note})


if __name__ == "__main__":
    main()
