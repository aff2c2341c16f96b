"""Choose a recipe by measurement, on validation data: batch size, peak learning rate, warm-up, epochs.

    python benchmarks/choose_recipe.py --hardware gpu                  # the article's CNN, GPU settings
    python benchmarks/choose_recipe.py --hardware gpu --model improved
    python benchmarks/choose_recipe.py --hardware cpu                  # the CPU recipe's candidates

A GPU wants big batches, and a big batch means fewer weight updates per epoch: the CPU recipe's
learning rate and epochs, used at batch 512, fall short. Each candidate trains the same model from
the same seed with ``fh.train`` (so with the real steps per call, warm-up and Keras cosine schedule
of that hardware's recipe) and is judged on its best validation accuracy; the test set is not
looked at here. The chosen candidates go into ``fmnist_helpers.training.CPU_RECIPE`` and
``GPU_RECIPE``; ``python -m fmnist_helpers --hardware gpu --json`` then measures one once on the
test set. GPU candidates run on a CPU too (slowly): the accuracies are the same, only the seconds
differ. The seconds are only comparable within one run on an otherwise idle machine.
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime
import json
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))

#: (batch size, peak learning rate, warm-up epochs, epochs): the CPU recipe's settings at batch 512
#: first, then more updates (higher rate, warm-up, more epochs), and a middle batch size.
CANDIDATES = {("gpu", "article"): [
    (512, 0.001, 0.0, 6),
    (512, 0.002, 1.0, 10),
    (512, 0.004, 1.0, 10),
    (512, 0.004, 1.0, 12),
    (512, 0.008, 1.0, 12),
    (256, 0.002, 1.0, 8),
], ("gpu", "improved"): [
    (512, 0.004, 1.0, 20),
    (512, 0.004, 1.0, 30),
    (512, 0.008, 2.0, 30),
], ("cpu", "article"): [
    (64, 0.001, 0.0, 6),
    (64, 0.001, 0.0, 5),
    (128, 0.002, 0.0, 5),
    (256, 0.002, 0.0, 6),
    (256, 0.003, 1.0, 6),
    (512, 0.004, 1.0, 8),
    (256, 0.003, 0.5, 5),
    (256, 0.004, 1.0, 5),
    (256, 0.003, 1.0, 5),
], ("cpu", "improved"): [
    (256, 0.004, 1.0, 20),
    (256, 0.004, 1.0, 28),
    (128, 0.002, 0.0, 20),
]}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--model", choices=["article", "improved"], default="article")
    parser.add_argument("--hardware", choices=["cpu", "gpu"], default="gpu", help="whose recipe to vary (default: %(default)s)")
    parser.add_argument("--only", type=int, nargs="*", help="run only these candidate numbers (1-based)")
    args = parser.parse_args(argv)

    os.environ["FMNIST_HARDWARE"] = args.hardware
    import fmnist_helpers as fh
    from fmnist_helpers import training

    (train_images, train_labels), _ = fh.load_data()  # the test images are not used to choose
    train_images = fh.prepare_images(train_images)
    candidates = CANDIDATES[args.hardware, args.model]
    base_name = "GPU_RECIPE" if args.hardware == "gpu" else "CPU_RECIPE"
    build = fh.build_model if args.model == "article" else fh.build_improved_model
    rows = []
    for number, (batch_size, rate, warmup, epochs) in enumerate(candidates, 1):
        if args.only and number not in args.only:
            continue
        settings = dataclasses.replace(getattr(training, base_name), batch_size=batch_size, learning_rate=rate,
                                       warmup_epochs=warmup)
        setattr(training, base_name, settings)  # what recipe() returns under FMNIST_HARDWARE
        print(f"-- candidate {number}: batch {batch_size}, peak rate {rate}, warm-up {warmup} epoch(s), "
              f"{epochs} epochs, recipe for {training.hardware()}", flush=True)
        fh.set_seed(42)
        model = fh.compile_model(build())
        history = fh.train(model, train_images, train_labels, epochs=epochs, seed=42)
        best = history.best_epoch
        rows.append({"candidate": number, "batch_size": batch_size, "learning_rate": rate, "warmup_epochs": warmup,
                     "epochs": epochs, "steps_per_execution": model.steps_per_execution,
                     "weight_updates": history.steps_per_epoch * len(history.epoch), "best_epoch": best,
                     "val_accuracy": round(history.history["val_accuracy"][best - 1], 4),
                     "val_loss": round(history.history["val_loss"][best - 1], 4),
                     "train_seconds": round(history.train_seconds, 1)})
        print(json.dumps(rows[-1]), flush=True)
    lines = ["| # | batch | peak rate | warm-up | epochs | updates | best epoch | val accuracy | val loss | train s |",
             "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for row in rows:
        lines.append(f"| {row['candidate']} | {row['batch_size']} | {row['learning_rate']} | {row['warmup_epochs']:g} | "
                     f"{row['epochs']} | {row['weight_updates']:,} | {row['best_epoch']} | {row['val_accuracy']:.4f} | "
                     f"{row['val_loss']:.4f} | {row['train_seconds']:.0f} |")
    from compare_recipes import machine

    note = (f"{args.hardware.upper()} recipe candidates, {args.model} CNN, validation = last 10% of the training images, seed 42. Measured "
            f"{datetime.datetime.now():%Y-%m-%d %H:%M} on {machine()}, GPU: {', '.join(fh.describe_runtime(verbose=False)['gpus']) or 'none'}.")
    report = "\n".join(lines) + "\n\n" + note + "\n"
    print("\n" + report)
    results = ROOT / "benchmarks" / "results"
    results.mkdir(exist_ok=True)
    (results / f"choose_recipe-{args.hardware}-{args.model}-{datetime.datetime.now():%Y%m%d-%H%M}.md").write_text(report)


if __name__ == "__main__":
    main()
