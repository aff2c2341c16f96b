"""Exercises of 08_improve_the_model: add dropout in the right place, pick the augmentation that is wrong
for clothes, and count a batch normalization layer's parameters."""

from __future__ import annotations

import numpy as np

from ..preprocessing import IMAGE_SHAPE
from . import exercise, require

__all__ = ["AUGMENTATION_CHOICES", "batch_norm_parameters", "dropout_after_flatten", "my_change", "wrong_augmentation"]


def _layer_kinds(model) -> list[str]:
    return [type(layer).__name__ for layer in model.layers]


@exercise(
    notebook="08_improve_the_model",
    question="Build the article's CNN with a Dropout layer of rate 0.3 right after Flatten.",
    hint="keras.Sequential([keras.Input(shape=(28, 28, 1)), Conv2D(64, (3, 3), activation='relu'), MaxPooling2D((2, 2)), "
    "Flatten(), Dropout(0.3), Dense(128, activation='relu'), Dense(10, activation='softmax')]). "
    "The rate is a fraction: 0.3 drops 30% of the values.",
    solution="""my_model = keras.Sequential([
    keras.Input(shape=(28, 28, 1)),
    keras.layers.Conv2D(64, (3, 3), activation="relu"),
    keras.layers.MaxPooling2D((2, 2)),
    keras.layers.Flatten(),
    keras.layers.Dropout(0.3),
    keras.layers.Dense(128, activation="relu"),
    keras.layers.Dense(10, activation="softmax"),
])""",
)
def dropout_after_flatten(my_model) -> None:
    import keras

    from ..model import ARTICLE_PARAMETER_COUNT

    require(
        not isinstance(my_model, keras.layers.Layer) or isinstance(my_model, keras.Model),
        "that is one layer; the answer is the whole model: keras.Sequential([...]) with the Dropout layer inside.",
    )
    require(isinstance(my_model, keras.Model), f"the answer should be a Keras model, not {type(my_model).__name__}.")
    kinds = _layer_kinds(my_model)
    dropouts = [layer for layer in my_model.layers if isinstance(layer, keras.layers.Dropout)]
    require(bool(dropouts), f"your model has no Dropout layer (its layers: {', '.join(kinds)}).")
    require(
        kinds[-1] != "Dropout",
        "the Dropout layer comes after the softmax: it would zero some of the 10 "
        "probabilities while training, so they no longer add up to 1. Put it after Flatten.",
    )
    require("Flatten" in kinds, f"your model has no Flatten layer (its layers: {', '.join(kinds)}).")
    after_flatten = kinds[kinds.index("Flatten") + 1] if kinds.index("Flatten") + 1 < len(kinds) else None
    require(
        after_flatten == "Dropout",
        f"the layer right after Flatten is {after_flatten}, not Dropout (your layers: {', '.join(kinds)}).",
    )
    rate = float(my_model.layers[kinds.index("Flatten") + 1].rate)
    require(abs(rate - 0.03) > 1e-9, "rate 0.03 drops 3% of the values; 30% is rate=0.3.")
    require(abs(rate - 0.3) < 1e-9, f"the rate is {rate:g}; the exercise asks for 0.3 (30% of the values dropped).")
    require(
        len(dropouts) == 1, f"your model has {len(dropouts)} Dropout layers; the exercise asks for one, after Flatten."
    )
    require(
        kinds == ["Conv2D", "MaxPooling2D", "Flatten", "Dropout", "Dense", "Dense"],
        f"start from the article's layers: Conv2D, MaxPooling2D, Flatten, Dropout, Dense, Dense; yours are "
        f"{', '.join(kinds)}.",
    )
    output_shape = tuple(my_model.compute_output_shape((None, *IMAGE_SHAPE)))
    require(output_shape == (None, 10), f"the output shape is {output_shape}, not (None, 10).")
    require(
        my_model.count_params() == ARTICLE_PARAMETER_COUNT,
        f"{my_model.count_params():,} parameters; the article's CNN has {ARTICLE_PARAMETER_COUNT:,}, and Dropout adds none. "
        "Check Conv2D(64, (3, 3)), Dense(128) and Dense(10).",
    )


#: The choices of the augmentation question, as the notebook shows them.
AUGMENTATION_CHOICES = {
    "A": 'keras.layers.RandomFlip("horizontal")',
    "B": "keras.layers.RandomTranslation(0.1, 0.1)",
    "C": 'keras.layers.RandomFlip("vertical")',
    "D": "keras.layers.RandomZoom(0.1)",
}


def _choice_of(answer) -> str | None:
    """Which choice (A..D) an answer means: a letter, a phrase, or a Keras layer."""
    import keras

    if isinstance(answer, keras.layers.RandomFlip):
        return {"horizontal": "A", "vertical": "C", "horizontal_and_vertical": "C"}.get(answer.mode)
    if isinstance(answer, keras.layers.RandomTranslation):
        return "B"
    if isinstance(answer, keras.layers.RandomZoom):
        return "D"
    if isinstance(answer, str):
        text = answer.strip()
        if text.upper() in AUGMENTATION_CHOICES:
            return text.upper()
        lowered = text.lower()
        if "vertical" in lowered or "upside" in lowered:
            return "C"
        if "horizontal" in lowered or "mirror" in lowered:
            return "A"
        if "translat" in lowered or "shift" in lowered:
            return "B"
        if "zoom" in lowered:
            return "D"
    return None


@exercise(
    notebook="08_improve_the_model",
    question="Which augmentation is wrong for Fashion-MNIST: A, B, C or D? (a letter, or the layer itself)",
    hint="An augmented image must still be a real example of its class, one the test set could contain. "
    "Picture each change applied to an ankle boot.",
    solution='my_choice = "C"   # RandomFlip("vertical"): an upside-down boot is no picture the test set contains',
)
def wrong_augmentation(my_choice) -> None:
    choice = _choice_of(my_choice)
    require(choice is not None, f"{my_choice!r} is none of the choices; answer with a letter, A to D.")
    require(
        choice != "A",
        "a left-right mirrored shirt is still a shirt, and a mirrored shoe is the other shoe of "
        "the pair: horizontal flips are fine.",
    )
    require(
        choice != "B",
        "a shifted coat is still a coat; small shifts teach the model that the position does "
        "not matter. That one is fine.",
    )
    require(choice != "D", "a slightly larger or smaller bag is still a bag; a little zoom is fine.")
    require(choice == "C", f"{my_choice!r} is not the wrong one.")


@exercise(
    notebook="08_improve_the_model",
    question="How many parameters does keras.layers.BatchNormalization() have after a Conv2D with 32 filters?",
    hint="Batch normalization keeps 4 numbers per channel: a scale (gamma) and a shift (beta) that it learns, "
    "and the moving mean and variance that it tracks for inference.",
    solution="my_count = 4 * 32   # = 128: gamma, beta, moving mean, moving variance for each of the 32 channels",
)
def batch_norm_parameters(my_count) -> None:
    require(not isinstance(my_count, (str, bool)), "answer with a number, like 100.")
    count = float(my_count)
    require(
        count != 64,
        "64 are the trainable ones (gamma and beta for each channel). Keras' count_params() and "
        "summary() also count the moving mean and the moving variance.",
    )
    require(
        count != 32,
        "one number per channel is not enough: there are 4 per channel (gamma, beta, moving mean, moving variance).",
    )
    require(count != 4 * 28 * 28 * 32, "batch normalization has numbers per channel, not per pixel.")
    require(count == 128, f"{my_count} is not it: 4 numbers for each of the 32 channels.")


@exercise(
    notebook="08_improve_the_model",
    question=(
        "Open experiment: change one thing the table did not try (a dropout rate, the filters, the Dense "
        "layer's size, another augmentation...), measure it with measure(...) on the comparison budget, and "
        "give its validation accuracy with the article CNN's validation accuracies over the seeds."
    ),
    hint=(
        "Write a function that returns your model, like with_dropout above (under a new name: the names above are "
        "the table's models), then "
        "row = measure('my change', my_model); check.my_change(row['val accuracy'], baseline_accuracies)."
    ),
    solution=(
        "def wider_article():  # a new name: wider_dense is Change 4's model, which the table still uses\n"
        "    return keras.Sequential([keras.Input(shape=(28, 28, 1)), layers.Conv2D(64, (3, 3), activation='relu'),\n"
        "                             layers.MaxPooling2D((2, 2)), layers.Flatten(),\n"
        "                             layers.Dense(256, activation='relu'), layers.Dense(10, activation='softmax')])\n"
        "my_accuracy = measure(\"Dense(256) in the article's CNN\", wider_article)['val accuracy']\n"
        "check.my_change(my_accuracy, baseline_accuracies)"
    ),
)
def my_change(my_accuracy, baseline_accuracies) -> None:
    require(
        not isinstance(my_accuracy, (str, bool, dict)),
        "give a number: the validation accuracy, e.g. row['val accuracy'].",
    )
    accuracy = float(my_accuracy)
    baseline = [float(value) for value in np.atleast_1d(baseline_accuracies)]
    require(
        len(baseline) >= 2,
        "give the article CNN's validation accuracies of all its seeds (baseline_accuracies), "
        "not one number: the spread between them is the point.",
    )
    require(
        0 <= accuracy <= 1 and all(0 <= value <= 1 for value in baseline),
        "accuracies are fractions from 0 to 1, as Keras logs them (0.88, not 88).",
    )
    require(
        accuracy >= 0.6,
        f"{accuracy:.3f} is far below the article's CNN on this budget: is it a loss, or did the "
        "change break training (a rate that is too high, a missing activation)? Worth a look either way.",
    )
    low, high = min(baseline), max(baseline)
    spread = (high - low) * 100
    print(
        f"Your change: {accuracy:.2%}. The article's CNN over {len(baseline)} seeds: {low:.2%} to {high:.2%} "
        f"(a spread of {spread:.1f} points)."
    )
    if accuracy > high:
        print(
            f"Above every seed of the baseline, by {(accuracy - high) * 100:.1f} points. With {len(baseline)} seeds "
            "that is a hint, not a proof: give your change a few seeds too, and a longer budget, before you keep it."
        )
    elif accuracy < low:
        print(
            f"Below every seed of the baseline, by {(low - accuracy) * 100:.1f} points: on this budget the change "
            "costs accuracy. (Dropout and augmentation often do early on and pay off only in longer training.)"
        )
    elif accuracy in baseline:
        print(
            "Exactly one of the baseline's own accuracies: a tie, which happens by chance on this many images. "
            "Inside the seed-to-seed spread: no measurable difference on this budget."
        )
    else:
        print("Inside the baseline's seed-to-seed spread: a tie, no measurable difference on this budget.")
