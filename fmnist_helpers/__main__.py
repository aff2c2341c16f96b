"""The whole walk-through in one command: ``python -m fmnist_helpers``.

Loads the data, reshapes, normalizes, builds and compiles the CNN, trains it with the course
recipe, evaluates it on the test set, and saves the model and the plots to an output folder.
``--quick`` (or ``FMNIST_QUICK=1``) is a seconds-long smoke run on a slice of the data.
``--json`` makes the last line of stdout a JSON object with the results. ``--model improved``
trains the stronger CNN of 08_improve_the_model (trained in full in 09_the_improved_cnn) and also reports ``test_accuracy_mirrored``: the
test accuracy when each prediction averages an image and its left-right mirror. ``--hardware gpu``
(or ``FMNIST_HARDWARE=gpu``) uses the GPU recipe (batch size, steps per call, learning rate,
epochs) on any machine; ``auto``, the default, uses it only when there is a GPU.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

__all__ = ["build_parser", "main", "parse_args", "positive_int", "QUICK_TEST_IMAGES", "QUICK_TRAIN_IMAGES", "run"]

QUICK_TRAIN_IMAGES = 2000
QUICK_TEST_IMAGES = 1000


def positive_int(text: str) -> int:
    """An argparse type: a whole number of at least 1 (epochs, batch size)."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, got {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, got {value}")
    return value


def build_parser() -> argparse.ArgumentParser:
    from fmnist_helpers import __version__

    parser = argparse.ArgumentParser(prog="python -m fmnist_helpers", description=__doc__.split("\n\n")[0])
    parser.add_argument("--version", action="version", version=f"fmnist-helpers {__version__}")
    parser.add_argument("--quick", action="store_true", help="seconds-long smoke run, 1 epoch (also FMNIST_QUICK=1)")
    parser.add_argument("--json", action="store_true", help="print the results as JSON on the last line")
    parser.add_argument(
        "--model",
        choices=["article", "improved"],
        default="article",
        help="the article's CNN (default) or the improved CNN of 08_improve_the_model",
    )
    parser.add_argument(
        "--epochs", type=positive_int, default=None, help="epochs to train (default: the recipe's, per model)"
    )
    parser.add_argument(
        "--batch-size", type=positive_int, default=None, help="default: the recipe's, per model and hardware (README)"
    )
    parser.add_argument(
        "--hardware",
        choices=["auto", "cpu", "gpu"],
        default=None,
        help="whose recipe to use: gpu or cpu forces it on any machine (default: $FMNIST_HARDWARE, else auto)",
    )
    parser.add_argument(
        "--output", default="fmnist_output", help="folder for the model and plots (default: %(default)s)"
    )
    parser.add_argument("--data-dir", default=None, help="folder with the four Fashion-MNIST .gz files")
    parser.add_argument("--seed", type=int, default=42, help="random seed (default: %(default)s)")
    return parser


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    """The command line, checked: a bad value or combination exits with status 2 and the usage."""
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.quick and args.epochs is not None:
        parser.error("--quick trains exactly 1 epoch: give --quick or --epochs, not both")
    return args


def main(argv: list[str] | None = None) -> int:
    """Run the walk-through; exit status 0 on success, 1 with a one-line error, 2 for bad arguments."""
    args = parse_args(argv)
    from fmnist_helpers.data import ChecksumError, DataNotFoundError

    try:
        run(args)
    except (DataNotFoundError, ChecksumError) as error:
        first_line = str(error).strip().splitlines()[0]
        print(f"error: {first_line}", file=sys.stderr)
        return 1
    return 0


def run(args: argparse.Namespace) -> dict[str, object]:
    """The walk-through itself: load, prepare, build, train, evaluate, save; returns the results."""
    started = time.perf_counter()
    import fmnist_helpers as fh
    from fmnist_helpers.config import quick_mode

    quick = args.quick or quick_mode()
    say = (lambda *a, **k: print(*a, file=sys.stderr, **k)) if args.json else print
    say("== Fashion-MNIST, the course recipe" + (" (quick smoke run)" if quick else ""))
    say("1/6 load the data")
    (train_images, train_labels), (test_images, test_labels) = fh.load_data(args.data_dir)
    output = Path(args.output).resolve()
    output.mkdir(parents=True, exist_ok=True)
    info = fh.describe_runtime(verbose=False)
    recipe = fh.recipes.recipe_for(args.model, args.hardware)
    precision = fh.recipes.training_precision(recipe.hardware)
    say(
        f"    TensorFlow {info['tensorflow']}, Keras {info['keras']}, GPU: {', '.join(info['gpus']) or 'none'}; "
        f"the {recipe.hardware.upper()} recipe"
        + (" in bfloat16 (native on this CPU; FMNIST_PRECISION=float32 turns it off)" if precision != "float32" else "")
    )
    if quick:
        train_images, train_labels = train_images[:QUICK_TRAIN_IMAGES], train_labels[:QUICK_TRAIN_IMAGES]
        test_images, test_labels = test_images[:QUICK_TEST_IMAGES], test_labels[:QUICK_TEST_IMAGES]
    say(f"    {len(train_images):,} training and {len(test_images):,} test images")
    say("2/6 reshape to (N, 28, 28, 1) and normalize to [0, 1]")
    train_images, test_images = fh.prepare_images(train_images), fh.prepare_images(test_images)
    say("3/6 build and compile the CNN")
    fh.set_seed(args.seed)
    model = fh.compile_model(fh.build_improved_model() if args.model == "improved" else fh.build_model(), recipe=recipe)
    say(f"    {model.name}: {model.count_params():,} parameters")
    epochs = 1 if quick else (args.epochs or recipe.epochs)
    say("4/6 train")
    history = fh.train(
        model,
        train_images,
        train_labels,
        epochs=epochs,
        batch_size=args.batch_size,
        seed=args.seed,
        print_fn=say,
        recipe=recipe,
    )
    say("5/6 evaluate on the test set")
    scores = fh.evaluate(model, test_images, test_labels)
    # The improved CNN is trained with left-right flips: also score it asking about each image and its mirror.
    mirrored = fh.evaluate(model, test_images, test_labels, mirror=True) if args.model == "improved" else None
    predicted = fh.predict_classes(model, test_images)
    say("6/6 save the model and the plots")
    model_path = fh.save_model(model, output / f"fashion_mnist_{args.model}_cnn.keras")
    figures = {
        "training_curves.png": fh.plot_training_curves(history),
        "confusion_matrix.png": fh.plot_confusion_matrix(test_labels, predicted),
        "test_predictions.png": fh.plot_sample_grid(test_images, test_labels, predicted),
        "mistakes.png": fh.plot_mistakes(test_images, test_labels, predicted),
    }
    for name, figure in figures.items():
        figure.savefig(output / name, dpi=100)
    say(f"    saved to {output}: {Path(model_path).name}, {', '.join(figures)}")
    result = {
        "test_accuracy": round(scores["accuracy"], 4),
        "test_loss": round(scores["loss"], 4),
        "model": args.model,
        **({"test_accuracy_mirrored": round(mirrored["accuracy"], 4)} if mirrored else {}),
        "epochs": len(history.epoch),
        "planned_epochs": history.plan.epochs,
        "best_epoch": history.best_epoch,
        "train_seconds": round(history.train_seconds, 1),
        "total_seconds": round(time.perf_counter() - started, 1),
        "hardware": recipe.hardware,
        "precision": precision,
        "batch_size": history.batch_size,
        "steps_per_execution": model.steps_per_execution,
        "train_images": len(train_images),
        "quick": quick,
        "output": str(output),
        "tensorflow": info["tensorflow"],
        "gpus": info["gpus"],
    }
    say(
        f"Test accuracy {scores['accuracy']:.4f}, test loss {scores['loss']:.4f} "
        f"({result['epochs']} epochs, {result['train_seconds']} s of training)"
    )
    if mirrored:
        say(f"Test accuracy with each image and its mirror averaged: {mirrored['accuracy']:.4f}")
    if args.json:
        print(json.dumps(result))
    return result


if __name__ == "__main__":
    sys.exit(main())
