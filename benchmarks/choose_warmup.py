"""Choose the warm-up rule by measurement, on validation data: a share of the run, or one epoch.

    python benchmarks/choose_warmup.py                 # short runs: 2,000 images and 04's baseline, 3 seeds
    python benchmarks/choose_warmup.py --long          # 10 epochs on 10,000 images: where the one-epoch cap acts
    python benchmarks/choose_warmup.py --full --test   # the CPU recipe's full run, 3 seeds (test set: once, at the end)
    python benchmarks/choose_warmup.py --cases 2000 --seeds 6 --rules "share 0.4, one epoch at most"
    python benchmarks/choose_warmup.py --hardware gpu --cases 2000 04-cnn   # the GPU recipe's short runs
    python benchmarks/choose_warmup.py --cases 04-cnn 04-dense --epochs-04 3

Every recipe used to warm up for one whole epoch, however short the run: one epoch on 2,000
images (8 steps at batch 256) spent 7 steps climbing to the peak rate. Each candidate rule here
gives `fh.cosine_schedule` its warm-up steps; the model trains with ``fh.train`` (the recipe's
batch size and pipeline) and is judged on validation images it never trained on: the last 6,000
training images (the validation split of the full runs). The test set is looked at only with
``--full --test``, once, after the rule was chosen.
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime
import json
import os
import platform
import statistics
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SEEDS = (0, 1, 2)
VALIDATION = slice(54_000, 60_000)  #: never trained on in the short runs; fh.train's own split in the full runs

#: name -> (recipe changes, warm-up steps from (total steps, steps per epoch, recipe)).
RULES = {
    "one epoch (old)": ({}, lambda total, per_epoch, recipe: min(per_epoch, total - 1)),
    "batch 64, rate 0.001, none (old)": (
        {"batch_size": 64, "learning_rate": 0.001},
        lambda total, per_epoch, recipe: 0,
    ),
    "no warm-up": ({}, lambda total, per_epoch, recipe: 0),
    # a short run at the old batch and rate, with the recipe's warm-up share (not adopted: see the report)
    "batch 64, rate 0.001, share of the recipe": (
        {"batch_size": 64, "learning_rate": 0.001},
        lambda total, per_epoch, recipe: recipe.warmup_steps(total, per_epoch),
    ),
    "share of the recipe": ({}, lambda total, per_epoch, recipe: min(round(recipe.warmup_share * total), total - 1)),
    "share of the recipe, one epoch at most": (
        {},
        lambda total, per_epoch, recipe: recipe.warmup_steps(total, per_epoch),
    ),
}
# short runs at batch 64 with the recipe's peak rate scaled to the smaller batch (linearly, by the square root) or fixed
for name, scale in (("linearly", lambda ratio: ratio), ("by the square root", lambda ratio: ratio**0.5)):
    RULES[f"batch 64, rate scaled {name}, none"] = (
        lambda recipe, scale=scale: {
            "batch_size": 64,
            "learning_rate": recipe.learning_rate * scale(64 / recipe.batch_size),
        },
        lambda total, per_epoch, recipe: 0,
    )
# the rule fh.train adopted (recipes.SHORT_RUN_BATCH_SIZE, Recipe.short_run_rate, the recipe's warm-up share)
RULES["batch 64, rate scaled by the square root, share of the recipe"] = (
    lambda recipe: {"batch_size": 64, "learning_rate": recipe.short_run_rate(recipe.learning_rate)},
    lambda total, per_epoch, recipe: recipe.warmup_steps(total, per_epoch),
)
for rate in (0.0005, 0.002):
    RULES[f"batch 64, rate {rate:g}, none"] = (
        {"batch_size": 64, "learning_rate": rate},
        lambda total, per_epoch, recipe: 0,
    )
for share in (0.1, 0.2, 0.3, 0.4, 0.5):
    RULES[f"share {share:g}, one epoch at most"] = (
        {},
        lambda total, per_epoch, recipe, share=share: min(round(share * total), per_epoch, total - 1),
    )


def machine() -> str:
    cpu = platform.processor() or "unknown CPU"
    try:
        cpu = next(
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        )
    except (OSError, StopIteration):
        pass
    return f"{os.cpu_count()} cores, {cpu}"


def dense_baseline():
    """04's baseline: the tutorial's dense network."""
    import keras

    return keras.Sequential(
        [
            keras.Input(shape=(28, 28, 1)),
            keras.layers.Flatten(),
            keras.layers.Dense(128, activation="relu"),
            keras.layers.Dense(10, activation="softmax"),
        ],
        name="tutorial_dense",
    )


def run(build, images, labels, epochs: int, recipe, rule: str, seed: int, validation) -> dict[str, object]:
    """Train one model with one warm-up rule; its accuracy on the validation images."""
    import fmnist_helpers as fh

    changes, warmup = RULES[rule]
    recipe = dataclasses.replace(recipe, **(changes(recipe) if callable(changes) else changes))
    per_epoch = -(-(len(images) - int(len(images) * 0.1)) // recipe.batch_size)  # fh.train's steps per epoch
    total = epochs * per_epoch
    steps = warmup(total, per_epoch, recipe)
    fh.set_seed(seed)
    model = fh.compile_model(
        build(), recipe=recipe, learning_rate=fh.schedule.cosine_schedule(recipe.learning_rate, total, steps)
    )
    history = fh.train(
        model, images, labels, epochs=epochs, seed=seed, recipe=recipe, cosine_decay=False, verbose=False
    )
    assert history.steps_per_epoch == per_epoch
    _, accuracy = model.evaluate(*validation, batch_size=1024, verbose=0)
    return {
        "rule": rule,
        "seed": seed,
        "batch_size": recipe.batch_size,
        "steps": total,
        "warmup_steps": steps,
        "epochs_run": len(history.epoch),
        "val_accuracy": round(float(accuracy), 4),
        "train_seconds": round(history.train_seconds, 1),
    }


def table(title: str, rows: list[dict[str, object]]) -> str:
    lines = [
        f"**{title}**",
        "",
        "| rule | batch | steps | warm-up steps | val accuracy per seed (0, 1, ...) | mean |",
        "|---|---:|---:|---:|---|---:|",
    ]
    for rule in dict.fromkeys(row["rule"] for row in rows):
        mine = [row for row in rows if row["rule"] == rule]
        accuracies = [row["val_accuracy"] for row in mine]
        lines.append(
            f"| {rule} | {mine[0]['batch_size']} | {mine[0]['steps']} | {mine[0]['warmup_steps']} | "
            f"{', '.join(f'{a:.4f}' for a in accuracies)} | {statistics.mean(accuracies):.4f} |"
        )
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--long", action="store_true", help="10 epochs on 10,000 images: share vs one-epoch cap")
    parser.add_argument("--full", action="store_true", help="the CPU recipe's full run with the recipe's rule")
    parser.add_argument("--test", action="store_true", help="with --full: the test accuracy too (once, at the end)")
    parser.add_argument("--hardware", choices=["cpu", "gpu"], default="cpu")
    parser.add_argument("--rules", nargs="*", choices=list(RULES), help="short runs: only these rules")
    parser.add_argument("--epochs-04", type=int, default=1, help="04's baseline cases: epochs (default: %(default)s)")
    parser.add_argument("--seeds", type=int, default=len(SEEDS), help="seeds 0, 1, ... (default: %(default)s)")
    parser.add_argument(
        "--cases",
        nargs="*",
        choices=["2000", "04-cnn", "04-dense"],
        default=["2000", "04-cnn", "04-dense"],
        help="short runs: which cases (default: all)",
    )
    args = parser.parse_args(argv)
    seeds = tuple(range(args.seeds))
    os.environ["FMNIST_HARDWARE"] = args.hardware
    import fmnist_helpers as fh

    (train_images, train_labels), (test_images, test_labels) = fh.load_data()
    train_images = fh.prepare_images(train_images)
    validation = (train_images[VALIDATION], train_labels[VALIDATION])
    recipe = fh.recipe_for("article")
    sections, rows = [], []

    def case(title, build, n_images, epochs, rules):
        case_rows = []
        for rule in rules:
            for seed in seeds:
                row = run(
                    build, train_images[:n_images], train_labels[:n_images], epochs, recipe, rule, seed, validation
                )
                row["case"] = title
                print(json.dumps(row), flush=True)
                case_rows.append(row)
        rows.extend(case_rows)
        sections.append(table(title, case_rows))

    if args.full:
        for seed in seeds:
            fh.set_seed(seed)
            model = fh.compile_model(fh.build_model(), recipe=recipe)
            history = fh.train(model, train_images, train_labels, seed=seed, recipe=recipe, verbose=False)
            best = history.best_epoch
            row = {
                "case": "full",
                "seed": seed,
                "warmup_steps": int(history.schedule.warmup_steps),
                "steps": history.steps_per_epoch * recipe.epochs,
                "epochs_run": len(history.epoch),
                "kept_epoch": best,
                "val_accuracy": round(history.history["val_accuracy"][best - 1], 4),
                "train_seconds": round(history.train_seconds, 1),
            }
            if args.test:
                row["test_accuracy"] = round(
                    float(model.evaluate(fh.prepare_images(test_images), test_labels, batch_size=1024, verbose=0)[1]), 4
                )
            print(json.dumps(row), flush=True)
            rows.append(row)
        lines = [
            "| seed | warm-up steps of | epochs run | kept epoch | val accuracy | test accuracy |",
            "|---:|---|---:|---:|---:|---:|",
        ]
        for row in rows:
            lines.append(
                f"| {row['seed']} | {row['warmup_steps']} of {row['steps']} | {row['epochs_run']} | "
                f"{row['kept_epoch']} | {row['val_accuracy']:.4f} | {row.get('test_accuracy', '-')} |"
            )
        mean_val = statistics.mean(row["val_accuracy"] for row in rows)
        lines.append(
            f"| mean | | | | {mean_val:.4f} | "
            + (f"{statistics.mean(row['test_accuracy'] for row in rows):.4f} |" if args.test else "- |")
        )
        sections.append(
            f"**{args.hardware.upper()} recipe, full run (54,000 images, validation = the last 6,000)**\n\n"
            + "\n".join(lines)
            + "\n"
        )
    elif args.long:
        case(
            "10 epochs on 10,000 images (the cap acts: share 0.2 = 2 epochs)",
            fh.build_model,
            10_000,
            10,
            ["share of the recipe", "share of the recipe, one epoch at most"],
        )
    else:
        short_rules = args.rules or [
            "batch 64, rate 0.001, none (old)",
            "one epoch (old)",
            "no warm-up",
            "share 0.1, one epoch at most",
            "share of the recipe, one epoch at most",
        ]
        if "2000" in args.cases:
            case("fh.train(model, x[:2000], y[:2000], epochs=1), article CNN", fh.build_model, 2_000, 1, short_rules)
        if "04-cnn" in args.cases:
            case(
                f"04's baseline: the article CNN, {args.epochs_04} epoch(s) on 10,000 images",
                fh.build_model,
                10_000,
                args.epochs_04,
                short_rules,
            )
        if "04-dense" in args.cases:
            case(
                f"04's baseline: the dense network, {args.epochs_04} epoch(s) on 10,000 images",
                dense_baseline,
                10_000,
                args.epochs_04,
                short_rules,
            )
    note = (
        f"{args.hardware.upper()} recipe ({recipe}), seeds {', '.join(map(str, seeds))}, validation = training "
        f"images 54,000-59,999. Measured {datetime.datetime.now():%Y-%m-%d %H:%M} on {machine()}."
    )
    report = "\n".join(sections) + "\n" + note + "\n"
    print("\n" + report)
    results = ROOT / "benchmarks" / "results"
    results.mkdir(exist_ok=True)
    name = "full" if args.full else "long" if args.long else "short"
    path = results / f"choose_warmup-{args.hardware}-{name}-{datetime.datetime.now():%Y%m%d-%H%M}.md"
    path.write_text(report)
    path.with_suffix(".json").write_text(json.dumps(rows, indent=2))


if __name__ == "__main__":
    main()
