"""Choose a recipe by measurement, on validation data: batch size, peak learning rate, warm-up, epochs.

    python benchmarks/choose_recipe.py --hardware gpu                  # the article's CNN, GPU settings
    python benchmarks/choose_recipe.py --hardware gpu --model improved
    python benchmarks/choose_recipe.py --hardware cpu                  # the CPU recipe's candidates

A GPU wants big batches, and a big batch means fewer weight updates per epoch: the CPU recipe's
learning rate and epochs, used at batch 512, fall short. Each candidate trains the same model from
the same seed with ``fh.train`` (so with the real steps per call, warm-up and Keras cosine schedule
of that hardware's recipe) and is judged on its best validation accuracy; the test set is not
looked at here. The chosen candidates go into ``fmnist_helpers.recipes.CPU_RECIPE`` and
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
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

#: (batch size, peak learning rate, warm-up epochs, epochs, early stopping), in the order they were
#: tried: the CPU's settings at batch 512 first, then more updates (higher rate, warm-up, more epochs).
CANDIDATES = {
    ("gpu", "article"): [
        (512, 0.001, 0.0, 6, True),
        (512, 0.002, 1.0, 10, True),
        (512, 0.004, 1.0, 10, True),
        (512, 0.004, 1.0, 12, True),
        (512, 0.008, 1.0, 12, True),
        (256, 0.002, 1.0, 8, True),
    ],
    ("cpu", "article"): [
        (64, 0.001, 0.0, 6, True),
        (64, 0.001, 0.0, 5, True),
        (128, 0.002, 0.0, 5, True),
        (256, 0.002, 0.0, 6, True),
        (256, 0.003, 1.0, 6, True),
        (512, 0.004, 1.0, 8, True),
        (256, 0.003, 0.5, 5, True),
        (256, 0.004, 1.0, 5, True),
        (256, 0.003, 1.0, 5, True),
    ],
    ("cpu", "improved"): [
        (256, 0.004, 1.0, 20, True),
        (128, 0.002, 0.0, 20, True),
        (128, 0.002, 0.0, 20, False),
        (256, 0.004, 1.0, 25, True),  # with --shifts
    ],
}
CANDIDATES["gpu", "improved"] = CANDIDATES["cpu", "improved"]  # the GPU trains the improved CNN the same way


def improved_with_shifts():
    """The improved CNN with small random shifts after the flips (tried with --shifts)."""
    import keras

    import fmnist_helpers as fh

    improved = fh.build_improved_model()
    shift = keras.layers.RandomTranslation(0.1, 0.1, fill_mode="constant")
    return keras.Sequential(
        [keras.Input(shape=(28, 28, 1)), improved.layers[0], shift, *improved.layers[1:]], name="improved_cnn_shifts"
    )


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--model", choices=["article", "improved"], default="article")
    parser.add_argument(
        "--hardware", choices=["cpu", "gpu"], default="gpu", help="whose recipe to vary (default: %(default)s)"
    )
    parser.add_argument("--only", type=int, nargs="*", help="run only these candidate numbers (1-based)")
    parser.add_argument("--shifts", action="store_true", help="the improved CNN with small random shifts as well")
    args = parser.parse_args(argv)

    os.environ["FMNIST_HARDWARE"] = args.hardware
    import fmnist_helpers as fh
    from fmnist_helpers import recipes

    (train_images, train_labels), _ = fh.load_data()  # the test images are not used to choose
    train_images = fh.prepare_images(train_images)
    candidates = CANDIDATES[args.hardware, args.model]
    base_recipe = recipes.RECIPES[args.hardware, args.model]
    build = (
        fh.build_model
        if args.model == "article"
        else (improved_with_shifts if args.shifts else fh.build_improved_model)
    )
    rows = []
    for number, (batch_size, rate, warmup, epochs, stop_early) in enumerate(candidates, 1):
        if args.only and number not in args.only:
            continue
        recipe = dataclasses.replace(
            base_recipe,
            batch_size=batch_size,
            learning_rate=rate,
            warmup_share=warmup / epochs,
            epochs=epochs,
            early_stopping=stop_early,
        )
        print(
            f"-- candidate {number}: batch {batch_size}, peak rate {rate}, warm-up {warmup} epoch(s), "
            f"{epochs} epochs, early stopping {'on' if stop_early else 'off'}, {recipe.hardware} recipe",
            flush=True,
        )
        fh.set_seed(42)
        model = fh.compile_model(build(), recipe=recipe)
        history = fh.train(model, train_images, train_labels, seed=42, recipe=recipe)
        best = history.best_epoch  # the epoch whose weights are kept
        rows.append(
            {
                "candidate": number,
                "batch_size": batch_size,
                "learning_rate": rate,
                "warmup_epochs": warmup,
                "epochs": epochs,
                "early_stopping": stop_early,
                "steps_per_execution": model.steps_per_execution,
                "weight_updates": history.steps_per_epoch * len(history.epoch),
                "best_epoch": best,
                "val_accuracy": round(history.history["val_accuracy"][best - 1], 4),
                "val_loss": round(history.history["val_loss"][best - 1], 4),
                "train_seconds": round(history.train_seconds, 1),
            }
        )
        print(json.dumps(rows[-1]), flush=True)
    lines = [
        "| # | batch | peak rate | warm-up | epochs | early stopping | updates | kept epoch | val accuracy | val loss |",
        "|---:|---:|---:|---:|---:|---|---:|---:|---:|---:|",
    ]
    for row in rows:
        lines.append(
            f"| {row['candidate']} | {row['batch_size']} | {row['learning_rate']} | {row['warmup_epochs']:g} | "
            f"{row['epochs']} | {'on' if row['early_stopping'] else 'off'} | {row['weight_updates']:,} | "
            f"{row['best_epoch']} | {row['val_accuracy']:.4f} | {row['val_loss']:.4f} |"
        )
    from report import machine, save_report

    note = (
        f"{args.hardware.upper()} recipe candidates, {args.model} CNN{' with shifts' if args.shifts else ''}, validation = last 10% of the training images, seed 42. Measured "
        f"{datetime.datetime.now():%Y-%m-%d %H:%M} on {machine()}, GPU: {', '.join(fh.describe_runtime(verbose=False)['gpus']) or 'none'}."
    )
    report = "\n".join(lines) + "\n\n" + note + "\n"
    print("\n" + report)
    save_report(f"choose_recipe-{args.hardware}-{args.model}", report)


if __name__ == "__main__":
    main()
