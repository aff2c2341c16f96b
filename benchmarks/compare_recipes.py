"""Side by side: the article's recipe vs the course's recipe, on the same data, on this machine.

    python benchmarks/compare_recipes.py                      # the article's full 50 epochs (long)
    python benchmarks/compare_recipes.py --article-epochs 5   # 5 epochs, time scaled to 50

Each recipe runs as its own process, timed from start to finish (import, load, train, evaluate),
so the ratio is what a student waits. The course's recipe is exactly ``python -m fmnist_helpers``.
Prints a Markdown table (and writes it to ``benchmarks/results/``). This machine may be shared and
noisy: compare the ratio, not the seconds.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def run_article(epochs: int) -> dict[str, object]:
    """Worker: the article's recipe, faithfully (batch 32, /225 and /255, no validation)."""
    started = time.perf_counter()
    import keras

    import fmnist_helpers as fh
    from fmnist_helpers.article import ARTICLE_BATCH_SIZE, article_fit, article_model, article_preprocess

    (train_images, train_labels), (test_images, test_labels) = fh.load_data()
    train_images, test_images = article_preprocess(train_images, test_images)
    keras.utils.set_random_seed(42)
    model = article_model()
    log = fh.training.EpochLog(epochs, print_fn=lambda line: print("  article " + line, file=sys.stderr, flush=True))
    train_started = time.perf_counter()
    article_fit(model, train_images, train_labels, epochs=epochs, callbacks=[log])
    train_seconds = time.perf_counter() - train_started
    loss, accuracy = model.evaluate(test_images, test_labels, batch_size=1024, verbose=0)
    return {"test_accuracy": round(float(accuracy), 4), "test_loss": round(float(loss), 4), "epochs": epochs,
            "train_seconds": round(train_seconds, 1), "total_seconds": round(time.perf_counter() - started, 1),
            "batch_size": ARTICLE_BATCH_SIZE, "train_images": len(train_images)}


def run_process(command: list[str], label: str) -> tuple[dict[str, object], float]:
    """Run one recipe as a process, echo its progress, return its JSON result and wall time."""
    print(f"-- {label}: {' '.join(command)}", flush=True)
    started = time.perf_counter()
    process = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    for line in process.stderr:  # progress lines, as they come
        if line.strip():
            print(f"   {line.rstrip()}", flush=True)
    output = process.stdout.read()
    if process.wait() != 0:
        raise SystemExit(f"{label} failed (exit {process.returncode}).")
    wall = time.perf_counter() - started
    return json.loads(output.strip().splitlines()[-1]), wall


def machine() -> str:
    cpu = platform.processor() or "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return f"{os.cpu_count()} cores, {cpu}"


def table(rows: list[dict[str, object]]) -> str:
    header = ("| recipe | wall time (s) | epochs | s/epoch | train images/s | test accuracy | test loss | time ratio |\n"
              "|---|---:|---:|---:|---:|---:|---:|---:|")
    baseline = rows[0]["wall"]
    lines = [header]
    for row in rows:
        per_epoch = row["train_seconds"] / row["epochs"]
        rate = row["train_images"] * row["epochs"] / row["train_seconds"]
        lines.append(f"| {row['label']} | {row['wall']:.0f} | {row['epochs_shown']} | {per_epoch:.1f} | {rate:,.0f} | "
                     f"{row['test_accuracy']:.4f} | {row['test_loss']:.4f} | {baseline / row['wall']:.1f}x |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--article-epochs", type=int, default=50,
                        help="epochs of the article's recipe to really run; the time is scaled to 50 (default: %(default)s)")
    parser.add_argument("--course-args", default="", help="extra arguments for python -m fmnist_helpers, e.g. '--model improved'")
    parser.add_argument("--run-article", type=int, metavar="EPOCHS", help=argparse.SUPPRESS)  # worker mode
    args = parser.parse_args(argv)
    if args.run_article:
        print(json.dumps(run_article(args.run_article)))
        return
    from fmnist_helpers.article import ARTICLE_EPOCHS

    article, article_wall = run_process([sys.executable, __file__, "--run-article", str(args.article_epochs)],
                                        f"article recipe ({args.article_epochs} of {ARTICLE_EPOCHS} epochs)")
    scaled = args.article_epochs != ARTICLE_EPOCHS
    if scaled:  # everything but training happens once; training time grows with the epochs
        factor = ARTICLE_EPOCHS / args.article_epochs
        article_wall = article_wall - article["train_seconds"] + article["train_seconds"] * factor
    with tempfile.TemporaryDirectory() as output:
        course, course_wall = run_process(
            [sys.executable, "-m", "fmnist_helpers", "--json", "--output", output, *args.course_args.split()],
            "course recipe (python -m fmnist_helpers)")
    rows = [
        {**article, "wall": article_wall, "epochs_shown": f"{ARTICLE_EPOCHS} (ran {args.article_epochs}, time scaled)" if scaled else ARTICLE_EPOCHS,
         "label": "article: batch 32, 50 epochs, /225 train" + (" (scaled)" if scaled else "")},
        {**course, "wall": course_wall, "epochs_shown": f"{course['epochs']} (best {course['best_epoch']})",
         "label": "course: `python -m fmnist_helpers`" + (f" {args.course_args}" if args.course_args else "")},
    ]
    when = datetime.datetime.now().strftime("%Y-%m-%d %H:%M")
    note = (f"Measured {when} on {machine()}, TensorFlow {course['tensorflow']}, GPU: {', '.join(course['gpus']) or 'none'}."
            + (f" The article's row ran {args.article_epochs} epochs: its time is scaled to 50 epochs and its accuracy"
               f" is after {args.article_epochs} epochs." if scaled else ""))
    report = f"{table(rows)}\n\n{note}\n"
    print("\n" + report)
    results = ROOT / "benchmarks" / "results"
    results.mkdir(exist_ok=True)
    stamp = datetime.datetime.now().strftime("%Y%m%d-%H%M")
    (results / f"compare_recipes-{stamp}.md").write_text(report)
    (results / f"compare_recipes-{stamp}.json").write_text(json.dumps({"article": rows[0], "course": rows[1], "note": note}, indent=2))


if __name__ == "__main__":
    main()
