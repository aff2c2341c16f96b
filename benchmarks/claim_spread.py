"""Measure the seed-to-seed spread behind the notebooks' run-dependent claims (the ranges of fh.expect).

    python benchmarks/claim_spread.py                      # every small claim, seeds 0 1 2
    python benchmarks/claim_spread.py 03 04 --seeds 0 1 2  # some notebooks only
    python benchmarks/claim_spread.py 03_typo --seeds 0 1 2   # 03's verdict on the /225 typo, from three seed triples
    python benchmarks/claim_spread.py same_budget --seeds 42   # 08: both CNNs on the article CNN's recipe
    python benchmarks/claim_spread.py course --seeds 42 0 1    # 06, 07, 10: the course model from other seeds
    python benchmarks/claim_spread.py same_budget_long --seeds 42   # the article's CNN on the improved CNN's recipe

Each part reruns, from other seeds, the computation behind the claims of one notebook's small runs
(03's one-epoch models, 04's CNN against the dense baseline, 05's untrained loss, 06's 12-epoch run
on 10,000 images) and prints, for each claimed figure, its value for every seed and their range.
The notebooks' ranges (``fh.expect_between``) must hold for every seed measured here, on both of
this project's CPUs (Intel Xeon and AMD EPYC): docs/claims.md lists each check with the range
measured, the seeds, the CPU and the date. ``course`` trains 06's course model (the article CNN's full recipe) from other
seeds for 06, 07 and 10's claims; 09's improved CNN (its own, longer recipe) is too long to repeat here, so its
range comes from the README and the two CPUs' runs of seed 42. ``same_budget`` trains the article's
CNN and the improved CNN with the same recipe (the article CNN's), for 08's like-with-like row, and applies 08's
paired rule to them (``fh.compare_on_same_images`` on the same validation images);
``same_budget_long`` the article's CNN with the improved CNN's own, longer recipe.
The report goes to benchmarks/results/ (not committed). The seconds are not measured: the spread is.
"""

from __future__ import annotations

import argparse
import platform
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

import fmnist_helpers as fh  # noqa: E402


def cpu_name() -> str:
    """The CPU's model name (Intel Xeon or AMD EPYC on this project's machines)."""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown CPU"


def batches(images, labels, shuffle=False):
    """03's helper: the course's tf.data pipeline at the recipe's batch size."""
    return fh.pipeline.make_dataset(images, labels, fh.recipe_for().batch_size, shuffle=shuffle, seed=0)


def notebook_03(seed: int, data) -> dict[str, float]:
    """03: the untrained loss, the /225 typo against another random start, raw and twice-normalized pixels."""
    (train_images, train_labels), _ = data
    train_images = fh.reshape_images(train_images)
    normalized = (train_images / 255.0).astype(np.float32)
    typo = (train_images / 225.0).astype(np.float32)
    fh.set_seed(seed)
    untrained = fh.compile_model(fh.build_model())
    scaled_loss = untrained.evaluate(batches(normalized[:1000], train_labels[:1000]), verbose=0)[0]
    raw_loss = untrained.evaluate(batches(train_images[:1000].astype(np.float32), train_labels[:1000]), verbose=0)[0]
    n_train, n_held_out = 10_000, 6_000

    def small_model(pixels, model_seed):
        fh.set_seed(model_seed)
        model = fh.compile_model(fh.build_model())
        model.fit(batches(pixels[:n_train], train_labels[:n_train], shuffle=True), epochs=1, verbose=0, shuffle=False)
        return model

    held_out, held_out_labels = normalized[-n_held_out:], train_labels[-n_held_out:]
    accuracy = {}
    models = {
        "255": small_model(normalized, seed),
        "225": small_model(typo, seed),
        "other": small_model(normalized, seed + 1),
    }
    for name, model in models.items():
        accuracy[name] = model.evaluate(batches(held_out, held_out_labels), verbose=0)[1]
    model = models["255"]
    results = {}
    for name, images in {
        "once": held_out,
        "raw": train_images[-n_held_out:].astype(np.float32),
        "twice": held_out / 255.0,
    }.items():
        loss, acc = model.evaluate(batches(images, held_out_labels), verbose=0)
        probabilities = model.predict(batches(images, held_out_labels), verbose=0)
        results[name] = (loss, acc, float((probabilities.max(axis=1) > 0.999).mean()))
    return {
        "untrained loss, pixels 0..1": scaled_loss,
        "untrained loss ratio raw / scaled": raw_loss / scaled_loss,
        "held-out accuracy /255": accuracy["255"],
        "typo change (points)": 100 * (accuracy["225"] - accuracy["255"]),
        "seed change (points)": 100 * (accuracy["other"] - accuracy["255"]),
        "raw loss ratio (trained)": results["raw"][0] / results["once"][0],
        "raw: share >99.9% sure": results["raw"][2],
        "raw accuracy change (points)": 100 * (results["raw"][1] - results["once"][1]),
        "accuracy normalized twice": results["twice"][1],
    }


def typo_verdict(seed: int, data) -> dict[str, float]:
    """03's verdict on the /225 typo: `fh.compare_scalings` on seeds (3s, 3s+1, 3s+2); seed 0 is the notebook's run."""
    (train_images, train_labels), _ = data
    comparison = fh.compare_scalings(
        train_images, train_labels, seeds=(3 * seed, 3 * seed + 1, 3 * seed + 2), print_fn=lambda *args: None
    )
    return {
        "typo: largest change (points)": comparison.largest_change,
        "typo: seed-to-seed spread (points)": comparison.seed_spread,
        "typo: within the noise (1 = yes)": float(comparison.within_noise),
    }


def notebook_04(seed: int, data) -> dict[str, float]:
    """04: the feature maps that light the background after one epoch; the CNN's lead over the dense baseline."""
    import keras

    (train_images, train_labels), (test_images, _) = data
    train_images, test_images = fh.prepare_images(train_images), fh.prepare_images(test_images)
    n_train = 10_000
    fh.set_seed(seed)
    model = fh.build_model()
    before = fh.plots.feature_maps(model, test_images[0])
    fh.set_seed(seed)
    fh.compile_model(model)
    cnn = fh.train(model, train_images[:n_train], train_labels[:n_train], epochs=1, seed=seed, verbose=False)
    after = fh.plots.feature_maps(model, test_images[0])
    fh.set_seed(seed)
    dense = keras.Sequential(
        [
            keras.Input(shape=(28, 28, 1)),
            keras.layers.Flatten(),
            keras.layers.Dense(128, activation="relu"),
            keras.layers.Dense(10, activation="softmax"),
        ]
    )
    fh.compile_model(dense)
    dense_history = fh.train(dense, train_images[:n_train], train_labels[:n_train], epochs=1, seed=seed, verbose=False)
    cnn_accuracy, dense_accuracy = cnn.history["val_accuracy"][-1], dense_history.history["val_accuracy"][-1]
    held_out_images, held_out_labels = train_images[-6_000:], train_labels[-6_000:]  # neither model trained on them
    cnn_held_out = fh.evaluate(model, held_out_images, held_out_labels)["accuracy"]
    dense_held_out = fh.evaluate(dense, held_out_images, held_out_labels)["accuracy"]
    return {
        "maps lit before (of 16)": float((before[0, 0, :16] > 0).sum()),
        "maps lit after (of 16)": float((after[0, 0, :16] > 0).sum()),
        "CNN validation accuracy": cnn_accuracy,
        "dense validation accuracy": dense_accuracy,
        "CNN lead (points)": 100 * (cnn_accuracy - dense_accuracy),
        "CNN accuracy, 6,000 held out": cnn_held_out,
        "dense accuracy, 6,000 held out": dense_held_out,
        "CNN lead, 6,000 held out (points)": 100 * (cnn_held_out - dense_held_out),
    }


def notebook_05(seed: int, data) -> dict[str, float]:
    """05: the untrained model's loss on the first 10,000 training images."""
    (train_images, train_labels), _ = data
    train_images = fh.prepare_images(train_images[:10_000])
    fh.set_seed(seed)
    model = fh.compile_model(fh.build_model())
    loss, accuracy = model.evaluate(train_images, train_labels[:10_000], verbose=0)
    return {"untrained loss": loss, "untrained accuracy": accuracy}


def notebook_06(seed: int, data) -> dict[str, float]:
    """06: 12 epochs on 10,000 images at a constant 0.001 (batch 64), as the notebook trains them by hand."""
    import keras

    (train_images, train_labels), _ = data
    images, labels = fh.prepare_images(train_images[:10_000]), train_labels[:10_000]
    fh.set_seed(seed)
    model = fh.compile_model(fh.build_model(), learning_rate=0.001)
    history = model.fit(images, labels, validation_split=0.1, epochs=12, batch_size=64, verbose=0)
    val_losses, val_accuracy = history.history["val_loss"], history.history["val_accuracy"]
    best = int(np.argmin(val_losses)) + 1
    early_stopping = keras.callbacks.EarlyStopping(monitor="val_loss", patience=2, restore_best_weights=True)
    fh.set_seed(seed)
    stopped = fh.compile_model(fh.build_model(), learning_rate=0.001)
    stopped.fit(images, labels, validation_split=0.1, epochs=12, batch_size=64, verbose=0, callbacks=[early_stopping])
    # Judged on images no callback saw: 2,000 training images after the first 10,000.
    judge_images, judge_labels = fh.prepare_images(train_images[10_000:12_000]), train_labels[10_000:12_000]
    out = {
        "best epoch (lowest val loss)": best,
        "last val loss minus lowest": val_losses[-1] - min(val_losses),
        "last training accuracy": history.history["accuracy"][-1],
        "accuracy given up (points)": 100 * (max(val_accuracy) - val_accuracy[best - 1]),
    }
    for name, trained in (("kept", stopped), ("all 12", model)):
        probabilities = trained.predict(judge_images, verbose=0)
        wrong = probabilities.argmax(axis=1) != judge_labels
        out[f"{name}: wrong on 2,000 unseen"] = float(wrong.sum())
        out[f"{name}: wrong and >99% sure"] = float((probabilities.max(axis=1)[wrong] > 0.99).sum())
        out[f"{name}: loss on 2,000 unseen"] = fh.evaluate(trained, judge_images, judge_labels)["loss"]
    return out


def same_budget(seed: int, data) -> dict[str, float]:
    """08: the improved CNN trained with the article CNN's recipe (06's budget), beside 06's course model."""
    (train_images, train_labels), _ = data
    train_images = fh.prepare_images(train_images)
    n_fit = len(train_images) - len(train_images) // 10
    out, predicted = {}, {}
    for name, build in (("article", fh.build_model), ("improved", fh.build_improved_model)):
        fh.set_seed(seed)
        model = fh.compile_model(build())
        history = fh.train(model, train_images, train_labels, seed=seed, verbose=False)
        out[f"{name}: validation accuracy"] = fh.evaluate(model, train_images[n_fit:], train_labels[n_fit:])["accuracy"]
        out[f"{name}: kept epoch"] = history.best_epoch
        predicted[name] = fh.predict_classes(model, train_images[n_fit:])
    out["improved lead (points)"] = 100 * (out["improved: validation accuracy"] - out["article: validation accuracy"])
    # 08's rule for two models on the same images (nb08-29d): real when |a - b| > 2 * sqrt(a + b)
    paired = fh.compare_on_same_images(train_labels[n_fit:], predicted["improved"], predicted["article"])
    out["a: improved alone right"] = paired.a_only
    out["b: article alone right"] = paired.b_only
    out["|a - b| minus 2*sqrt(a + b) (> 0: real)"] = abs(paired.difference) - paired.noise
    return out


def course(seed: int, data) -> dict[str, float]:
    """06 and 07: the course model (the article's CNN, its full recipe) from another seed, validation and test."""
    (train_images, train_labels), (test_images, test_labels) = data
    train_images, test_images = fh.prepare_images(train_images), fh.prepare_images(test_images)
    fh.set_seed(seed)
    model = fh.compile_model(fh.build_model())
    history = fh.train(model, train_images, train_labels, seed=seed, verbose=False)
    predicted = fh.predict_probabilities(model, test_images).argmax(axis=1)
    class_accuracy = [np.mean(predicted[test_labels == label] == label) for label in range(10)]
    n_fit = len(train_images) - len(train_images) // 10
    # 10: the first 30 test images, each made into a fake photo (seed = its index) and converted back
    from fmnist_helpers import photos, sample_photos

    raw_test_images = data[1][0]
    photo_images = np.stack(
        [
            photos.photo_to_fashion_mnist(sample_photos.make_sample_photo(raw_test_images[index], seed=index))
            for index in range(30)
        ]
    )
    photo_predicted = fh.predict_probabilities(model, fh.prepare_images(photo_images)).argmax(axis=1)
    missed = [index for index in range(30) if photo_predicted[index] != test_labels[index]]
    print(f"seed {seed}: first 30 test photos missed: {missed}", flush=True)
    return {
        "first 30 test photos: wrong": len(missed),
        "validation accuracy (kept epoch)": history.history["val_accuracy"][history.best_epoch - 1],
        "kept epoch": history.best_epoch,
        "test accuracy": float(np.mean(predicted == test_labels)),
        "hardest class (index, 6 = Shirt)": int(np.argmin(class_accuracy)),
        "Shirt test accuracy": class_accuracy[6],
        "accuracy on the images trained on": fh.evaluate(model, train_images[:n_fit], train_labels[:n_fit])["accuracy"],
    }


def same_budget_long(seed: int, data) -> dict[str, float]:
    """09's open question: the article's CNN trained with the improved CNN's own, longer recipe."""
    (train_images, train_labels), _ = data
    train_images = fh.prepare_images(train_images)
    n_fit = len(train_images) - len(train_images) // 10
    recipe = fh.recipe_for("improved")
    fh.set_seed(seed)
    model = fh.compile_model(fh.build_model(), recipe=recipe)
    fh.train(model, train_images, train_labels, seed=seed, recipe=recipe, verbose=False)
    return {
        "article CNN, improved recipe: validation accuracy": fh.evaluate(
            model, train_images[n_fit:], train_labels[n_fit:]
        )["accuracy"]
    }


PARTS = {
    "03": notebook_03,
    "03_typo": typo_verdict,
    "04": notebook_04,
    "05": notebook_05,
    "06": notebook_06,
    "same_budget": same_budget,
    "course": course,
    "same_budget_long": same_budget_long,
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("parts", nargs="*", default=["05", "03", "04", "06"], choices=sorted(PARTS))
    parser.add_argument("--seeds", type=int, nargs="+", default=[0, 1, 2])
    args = parser.parse_args()
    data = fh.load_data()
    header = f"CPU: {cpu_name()} | TensorFlow recipe: {fh.recipe_for()} | seeds {args.seeds}"
    print(header, flush=True)
    report, lines = {"cpu": cpu_name(), "seeds": args.seeds}, [header]
    for part in args.parts:
        values = {}
        for seed in args.seeds:
            for name, value in PARTS[part](seed, data).items():
                values.setdefault(name, []).append(float(value))
            print(f"{part}: seed {seed} done", flush=True)
        report[part] = values
        for name, column in values.items():
            line = (
                f"{part}  {name:36} "
                + "  ".join(f"{value:8.4f}" for value in column)
                + f"   range {min(column):.4f} to {max(column):.4f}"
            )
            print(line, flush=True)
            lines.append(line)
    from compare_recipes import save_report

    path = save_report("claim_spread", "\n".join(lines) + "\n", report)
    print(f"report: {path}")


if __name__ == "__main__":
    main()
