"""Exercises of 08_improve_the_model: add dropout in the right place, count a batch normalization layer's
parameters, and race a change of your own."""

from __future__ import annotations

import numpy as np

from ..i18n import translate as _
from ..preprocessing import IMAGE_SHAPE
from . import exercise, require

__all__ = [
    "BATCH_NORM_ALL_WEIGHTS",
    "BATCH_NORM_CHANNELS",
    "BATCH_NORM_LEARNED",
    "batch_norm_parameters",
    "dropout_after_flatten",
    "is_real_difference",
    "my_change",
]


def _layer_kinds(model) -> list[str]:
    return [type(layer).__name__ for layer in model.layers]


@exercise(
    notebook="08_improve_the_model",
    question="Build the article's CNN with a Dropout layer of rate 0.3 right after Flatten.",
    hint="Start from article_cnn's list of layers and insert one keras.layers.Dropout right after Flatten; its "
    "rate is a fraction: 0.3 drops 30% of the values.",
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
        _("that is one layer; the answer is the whole model: keras.Sequential([...]) with the Dropout layer inside."),
    )
    require(
        isinstance(my_model, keras.Model),
        _("the answer should be a Keras model, not {type_name}.", type_name=type(my_model).__name__),
    )
    kinds = _layer_kinds(my_model)
    dropouts = [layer for layer in my_model.layers if isinstance(layer, keras.layers.Dropout)]
    require(bool(dropouts), _("your model has no Dropout layer (its layers: {names}).", names=", ".join(kinds)))
    require(
        kinds[-1] != "Dropout",
        _(
            "the Dropout layer comes after the softmax: it would zero some of the 10 probabilities while training, so they no longer add up to 1. Put it after Flatten."
        ),
    )
    require("Flatten" in kinds, _("your model has no Flatten layer (its layers: {names}).", names=", ".join(kinds)))
    after_flatten = kinds[kinds.index("Flatten") + 1] if kinds.index("Flatten") + 1 < len(kinds) else None
    require(
        after_flatten == "Dropout",
        _(
            "the layer right after Flatten is {after_flatten}, not Dropout (your layers: {names}).",
            after_flatten=after_flatten,
            names=", ".join(kinds),
        ),
    )
    rate = float(my_model.layers[kinds.index("Flatten") + 1].rate)
    require(abs(rate - 0.03) > 1e-9, _("rate 0.03 drops 3% of the values; 30% is rate=0.3."))
    require(
        abs(rate - 0.3) < 1e-9,
        _("the rate is {rate:g}; the exercise asks for 0.3 (30% of the values dropped).", rate=rate),
    )
    require(
        len(dropouts) == 1,
        _("your model has {count} Dropout layers; the exercise asks for one, after Flatten.", count=len(dropouts)),
    )
    require(
        kinds == ["Conv2D", "MaxPooling2D", "Flatten", "Dropout", "Dense", "Dense"],
        _(
            "start from the article's layers: Conv2D, MaxPooling2D, Flatten, Dropout, Dense, Dense; yours are {names}.",
            names=", ".join(kinds),
        ),
    )
    output_shape = tuple(my_model.compute_output_shape((None, *IMAGE_SHAPE)))
    require(
        output_shape == (None, 10), _("the output shape is {output_shape}, not (None, 10).", output_shape=output_shape)
    )
    require(
        my_model.count_params() == ARTICLE_PARAMETER_COUNT,
        _(
            "{count_params:,} parameters; the article's CNN has {ARTICLE_PARAMETER_COUNT:,}, and Dropout adds none. Check Conv2D(64, (3, 3)), Dense(128) and Dense(10).",
            count_params=my_model.count_params(),
            ARTICLE_PARAMETER_COUNT=ARTICLE_PARAMETER_COUNT,
        ),
    )


#: BatchNormalization after Conv2D(32): per channel it learns a scale (gamma) and a shift (beta), and it tracks a
#: moving mean and a moving variance for inference. Notebook 04 defines a parameter as a number the model learns.
BATCH_NORM_CHANNELS = 32
BATCH_NORM_LEARNED = 2 * BATCH_NORM_CHANNELS
BATCH_NORM_ALL_WEIGHTS = 4 * BATCH_NORM_CHANNELS


@exercise(
    notebook="08_improve_the_model",
    question="How many parameters (numbers it learns, as notebook 04 defined them) does "
    "keras.layers.BatchNormalization() have after a Conv2D with 32 filters?",
    hint="Batch normalization keeps 4 numbers per channel: a scale (gamma) and a shift (beta), and the moving mean "
    "and variance it tracks for inference. Which of them does training learn? (Notebook 04: a parameter is a "
    "number the model learns.)",
    solution="my_count = 2 * 32   # = 64: gamma and beta for each of the 32 channels (Keras' count_params() says 128:\n"
    "#   it adds the moving mean and variance, which are tracked, not learned)",
)
def batch_norm_parameters(my_count, *, including_moving_statistics: bool = False) -> str | None:
    """Right: 64 learned numbers; with ``including_moving_statistics=True`` (a question that asks for every number
    Keras stores, as count_params() does), 128."""
    require(not isinstance(my_count, (str, bool)), _("answer with a number, like 100."))
    count = float(my_count)
    tracked = _(
        "the moving mean and the moving variance, which batch normalization tracks for inference (averages of what it saw in training) but does not learn"
    )
    if including_moving_statistics:
        require(
            count != BATCH_NORM_LEARNED,
            _(
                "{count} are the learned ones (gamma and beta per channel); this question asks for every number Keras stores, as count_params() does, so add {tracked}.",
                count=BATCH_NORM_LEARNED,
                tracked=tracked,
            ),
        )
    else:
        require(
            count != BATCH_NORM_ALL_WEIGHTS,
            _(
                "{count} is what Keras' count_params() and summary() give: they also count {tracked} (summary() lists them as 'non-trainable params'). Notebook 04's parameter is a number the model learns: per channel, gamma and beta.",
                count=BATCH_NORM_ALL_WEIGHTS,
                tracked=tracked,
            ),
        )
    require(
        count != BATCH_NORM_CHANNELS,
        _(
            "one number per channel is not enough: per channel it learns a scale (gamma) and a shift (beta), and it tracks a moving mean and variance."
        )
        if including_moving_statistics
        else _("one number per channel is not enough: per channel it learns a scale (gamma) and a shift (beta)."),
    )
    require(count != 4 * 28 * 28 * 32, _("batch normalization has numbers per channel, not per pixel."))
    require(count != 2 * 26 * 26 * 32, _("batch normalization has numbers per channel, not per pixel."))
    right = BATCH_NORM_ALL_WEIGHTS if including_moving_statistics else BATCH_NORM_LEARNED
    per_channel = 4 if including_moving_statistics else 2
    require(
        count == right,
        _(
            "{my_count} is not it: {per_channel} numbers for each of the 32 channels.",
            my_count=my_count,
            per_channel=per_channel,
        ),
    )
    if including_moving_statistics:
        return None
    return _(
        "(Keras' count_params() says {count}: it adds the moving mean and variance, tracked for inference, not learned.)",
        count=BATCH_NORM_ALL_WEIGHTS,
    )


def is_real_difference(only_first_right: int, only_second_right: int) -> bool:
    """Notebook 08's rule for two models scored on the same images: real when the split of the images one gets right
    and the other wrong is far more lopsided than coin flips, ``|a - b| > 2 * sqrt(a + b)``."""
    return abs(only_first_right - only_second_right) > 2 * np.sqrt(only_first_right + only_second_right)


def _right_per_image(answer: object, what: str) -> np.ndarray:
    right = np.asarray(answer)
    require(
        right.ndim == 1 and right.size > 0 and (right.dtype == bool or np.isin(right, (0, 1)).all()),
        _(
            "{what} should be one True/False per validation image (True where the model is right), e.g. predicted_classes == validation_labels.",
            what=what,
        ),
    )
    return right.astype(bool)


@exercise(
    notebook="08_improve_the_model",
    question=(
        "Open experiment: change one thing the table did not try (a dropout rate, the filters, the Dense "
        "layer's size, another augmentation...), measure it with measure(...) on the comparison budget, and "
        "give its validation accuracy with the article CNN's validation accuracies over the seeds."
    ),
    hint=(
        "Write a function that returns your model, like with_dropout above (under a new name: the names above are "
        "the table's models), race it with measure, and give the check the row measure returns and baseline_rows: "
        "the check counts the validation images one model gets right and the other wrong, then reads your "
        "accuracy against the seeds."
    ),
    solution=(
        "def wider_article():  # a new name: wider_dense is Change 4's model, which the table still uses\n"
        "    return keras.Sequential([keras.Input(shape=(28, 28, 1)), layers.Conv2D(64, (3, 3), activation='relu'),\n"
        "                             layers.MaxPooling2D((2, 2)), layers.Flatten(),\n"
        "                             layers.Dense(256, activation='relu'), layers.Dense(10, activation='softmax')])\n"
        'my_row = measure("Dense(256) in the article\'s CNN", wider_article)\n'
        "check.my_change(my_row, baseline_rows)"
    ),
)
def my_change(my_accuracy, baseline_accuracies, *, my_right=None, baseline_right=None) -> None:
    """Read a change's validation accuracy against the article CNN's seeds (differences between training runs: the
    seed-to-seed spread) and, given which validation images each model got right (``my_right``, ``baseline_right``:
    one True/False per image, both models on the same images), against notebook 08's paired rule.

    08's own call gives the rows `measure` returns instead: ``my_change(my_row, baseline_rows)`` reads the
    accuracies and, from each row's ``"right"``, the paired count against the baseline of the same seed (42)."""
    if isinstance(my_accuracy, dict) and "val accuracy" in my_accuracy:
        rows = list(baseline_accuracies)
        require(
            all(isinstance(row, dict) and "val accuracy" in row for row in rows),
            _("give baseline_rows (the rows measure returned for the article's CNN) with your row."),
        )
        if my_right is None and "right" in my_accuracy and all("right" in row for row in rows):
            my_right, baseline_right = my_accuracy["right"], rows[0]["right"]
        my_accuracy, baseline_accuracies = my_accuracy["val accuracy"], [row["val accuracy"] for row in rows]
    require(
        not isinstance(my_accuracy, (str, bool, dict)),
        _("give a number: the validation accuracy, e.g. row['val accuracy']."),
    )
    accuracy = float(my_accuracy)
    baseline = [float(value) for value in np.atleast_1d(baseline_accuracies)]
    require(
        len(baseline) >= 2,
        _(
            "give the article CNN's validation accuracies of all its seeds (baseline_accuracies), not one number: the spread between them is the point."
        ),
    )
    require(
        0 <= accuracy <= 1 and all(0 <= value <= 1 for value in baseline),
        _("accuracies are fractions from 0 to 1, as Keras logs them (0.88, not 88)."),
    )
    require(
        accuracy >= 0.6,
        _(
            "{accuracy:.3f} is far below the article's CNN on this budget: is it a loss, or did the change break training (a rate that is too high, a missing activation)? Worth a look either way.",
            accuracy=accuracy,
        ),
    )
    require(
        (my_right is None) == (baseline_right is None),
        _("give both my_right and baseline_right (which validation images each model got right), or neither."),
    )
    paired = None
    if my_right is not None:
        mine, theirs = _right_per_image(my_right, "my_right"), _right_per_image(baseline_right, "baseline_right")
        require(
            mine.shape == theirs.shape,
            _(
                "my_right has {size} images and baseline_right {size2}: score both models on the same validation images.",
                size=mine.size,
                size2=theirs.size,
            ),
        )
        only_mine, only_theirs = int((mine & ~theirs).sum()), int((theirs & ~mine).sum())
        paired = (only_mine, only_theirs, is_real_difference(only_mine, only_theirs))
    low, high = min(baseline), max(baseline)
    spread = (high - low) * 100
    print(
        _(
            "Your change: {accuracy:.2%}. The article's CNN over {count} seeds: {low:.2%} to {high:.2%} (a spread of {spread:.1f} points).",
            accuracy=accuracy,
            count=len(baseline),
            low=low,
            high=high,
            spread=spread,
        )
    )
    if paired is not None:
        only_mine, only_theirs, real = paired
        print(
            _(
                "On the same {images:,} validation images: your model alone is right on {only_mine}, the article's CNN alone on {only_theirs}. |{only_mine} - {only_theirs}| = {gap} against 2 × √{total} = {limit:.0f}: {verdict}",
                images=mine.size,
                only_mine=only_mine,
                only_theirs=only_theirs,
                gap=abs(only_mine - only_theirs),
                total=only_mine + only_theirs,
                limit=2 * np.sqrt(only_mine + only_theirs),
                verdict=_("far more lopsided than coin flips, a real difference on these images.")
                if real
                else _("a split that coin flips give too: no measurable difference on these images."),
            )
        )
        if not real:
            print(_("A tie: no measurable difference on this budget, whatever the seeds say."))
            return
    if accuracy > high:
        print(
            _(
                "Above every seed of the baseline, by {value:.1f} points. With {count} seeds that is a hint, not a proof: give your change a few seeds too, and a longer budget, before you keep it.",
                value=(accuracy - high) * 100,
                count=len(baseline),
            )
        )
    elif accuracy < low:
        print(
            _(
                "Below every seed of the baseline, by {value:.1f} points: on this budget the change costs accuracy. (Dropout and augmentation often do early on and pay off only in longer training.)",
                value=(low - accuracy) * 100,
            )
        )
    elif accuracy in baseline:
        print(
            _(
                "Exactly one of the baseline's own accuracies: a tie, which happens by chance on this many images. Inside the seed-to-seed spread: no measurable difference on this budget."
            )
        )
    elif paired is not None:
        print(
            _(
                "Real on these images, but inside the baseline's seed-to-seed spread: another seed moves the accuracy as much, so no measurable difference between the models on this budget yet. Give your change a few seeds too."
            )
        )
    else:
        print(
            _(
                "Inside the baseline's seed-to-seed spread: another seed moves the accuracy as much, so a tie, no measurable difference on this budget."
            )
        )
