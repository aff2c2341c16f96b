"""Exercises of 04_build_cnn: output shapes and parameter counts of the article's CNN, by hand."""

from __future__ import annotations

import numpy as np

from ..i18n import translate as _
from ..preprocessing import IMAGE_SHAPE
from . import Mistake, exercise, require
from .nb03 import one_number

__all__ = [
    "build_cnn_with_32_filters",
    "DENSE_PARAMETERS_WITH_32_FILTERS",
    "dense_parameters_with_32_filters",
    "max_pooling_output_shape",
    "MODEL_PARAMETERS_WITH_32_FILTERS",
]

#: Conv2D(32) -> MaxPooling2D(2) -> Flatten gives 13 * 13 * 32 = 5,408 inputs to Dense(128).
DENSE_PARAMETERS_WITH_32_FILTERS = 13 * 13 * 32 * 128 + 128
#: The whole article model with 32 filters: 320 + 692,352 + 1,290.
MODEL_PARAMETERS_WITH_32_FILTERS = (3 * 3 * 1 * 32 + 32) + DENSE_PARAMETERS_WITH_32_FILTERS + (128 * 10 + 10)


@exercise(
    notebook="04_build_cnn",
    question="The article's model with Conv2D(32, (3, 3)) instead of 64 filters: how many parameters has "
    "Dense(128) (the layer after Flatten)?",
    hint="Follow the shape layer by layer, as model.summary() shows it: a 3x3 convolution without padding trims a "
    "pixel on each side, pooling halves height and width, Flatten lines up what is left. Each of Dense's 128 units "
    "then has one weight per input, plus one bias.",
    solution="my_dense_parameters = 13 * 13 * 32 * 128 + 128   # 692,352",
)
def dense_parameters_with_32_filters(my_dense_parameters) -> None:
    value = one_number(my_dense_parameters)
    inputs_without_pooling = 26 * 26 * 32
    mistakes = {
        13 * 13 * 32 * 128: _("you forgot the biases: each of the 128 units adds one bias, so + 128."),
        inputs_without_pooling * 128 + 128: _(
            "you forgot the pooling: MaxPooling2D(2) halves 26x26 to 13x13 before Flatten, so Dense(128) gets 13*13*32 inputs, not 26*26*32."
        ),
        inputs_without_pooling * 128: _("you forgot the pooling (26x26 becomes 13x13) and the 128 biases."),
        13 * 13 * 64 * 128 + 128: _(
            "that is the article's Dense(128) with 64 filters; with 32 filters Flatten gives 13*13*32 inputs."
        ),
        MODEL_PARAMETERS_WITH_32_FILTERS: _(
            "that is the whole model's count; the question asks only for Dense(128), the layer after Flatten."
        ),
        13 * 13 * 32: _(
            "5,408 is the number of inputs (Flatten's output). Each of the 128 units has a weight per input, plus a bias."
        ),
        3 * 3 * 1 * 32 + 32: _("320 is Conv2D's count; the question asks for Dense(128) after Flatten."),
        (13 * 13 * 32 + 128) * 128: _("the bias is one per unit (128 of them), added once: inputs * 128 + 128."),
        13 * 13 * 32 * 129: _("one bias per unit, not per input: 5408 * 128 + 128."),
    }
    for wrong, message in mistakes.items():
        require(round(value) != wrong, _("{value:,.0f}: {message}", value=value, message=message))
    require(
        round(value) == DENSE_PARAMETERS_WITH_32_FILTERS,
        _(
            "{value:,.0f} is not it. Flatten gives 13*13*32 = 5,408 numbers; Dense(128) has 5,408 * 128 weights and 128 biases.",
            value=value,
        ),
    )


@exercise(
    notebook="04_build_cnn",
    question="What is the output shape of MaxPooling2D(2) on one image's (26, 26, 64) feature maps? "
    "(a tuple, without the batch axis)",
    hint="Pooling takes the largest value of each 2x2 block: height and width halve, the 64 channels stay.",
    solution="my_shape = (13, 13, 64)",
)
def max_pooling_output_shape(my_shape) -> None:
    if isinstance(my_shape, (int, float, np.number)):
        require(
            my_shape != 13 * 13 * 64,
            _(
                "10,816 = 13*13*64 is what Flatten makes of it; MaxPooling2D keeps the 3 axes: (height, width, channels)."
            ),
        )
        raise Mistake(
            _(
                "give the shape as a tuple of 3 numbers, (height, width, channels), not one number {my_shape!r}.",
                my_shape=my_shape,
            )
        )
    try:
        shape = tuple(None if part is None else int(part) for part in my_shape)
    except (TypeError, ValueError):
        raise Mistake(
            _("give the shape as a tuple of numbers like (10, 10, 3), not {my_shape!r}.", my_shape=my_shape)
        ) from None
    if len(shape) == 4 and shape[0] is None:
        shape = shape[1:]  # Keras' (None, 13, 13, 64): the batch axis is fine too
    require(
        len(shape) != 2,
        _("{shape} has no channel axis: pooling keeps all 64 channels, (height, width, 64).", shape=shape),
    )
    require(
        len(shape) == 3,
        _("{shape} has {count} numbers; give (height, width, channels).", shape=shape, count=len(shape)),
    )
    mistakes = {
        (13, 13, 32): _("pooling does not touch the channels: the 64 stay 64. Only height and width halve."),
        (26, 26, 64): _("pooling with a 2x2 window and stride 2 halves height and width: 26 -> 13."),
        (24, 24, 64): _("26 - 2 is what a 3x3 convolution without padding does; pooling halves: 26 / 2."),
        (25, 25, 64): _(
            "that would be a 2x2 window moving 1 pixel at a time; MaxPooling2D(2) moves 2 (its stride defaults to the window size), so 26 -> 13."
        ),
        (52, 52, 64): _("pooling shrinks the maps: 26 -> 13, it does not double them."),
        (64, 13, 13): _("channels-first; Keras puts the channels last: (13, 13, 64)."),
        (13, 13, 1): _("pooling keeps each of the 64 channels apart: (13, 13, 64)."),
    }
    require(shape not in mistakes, _("{shape}: {mistake}", shape=shape, mistake=mistakes.get(shape, "")))
    require(
        shape == (13, 13, 64),
        _("{shape} is not it: halve height and width (26 -> 13), keep the 64 channels.", shape=shape),
    )


@exercise(
    notebook="04_build_cnn",
    question="Build the article's CNN by hand with 32 filters instead of 64 (keras.Sequential, keras.Input). "
    "It should have 693,962 parameters.",
    hint="Start from the notebook's keras.Sequential cell of the article's model and change one number: the "
    "filters of Conv2D. Keep everything else: the input shape, the relu activations and the softmax at the end.",
    solution=(
        "my_model = keras.Sequential([\n"
        "    keras.Input(shape=(28, 28, 1)),\n"
        "    keras.layers.Conv2D(32, (3, 3), activation='relu'),\n"
        "    keras.layers.MaxPooling2D((2, 2)),\n"
        "    keras.layers.Flatten(),\n"
        "    keras.layers.Dense(128, activation='relu'),\n"
        "    keras.layers.Dense(10, activation='softmax'),\n"
        "])"
    ),
)
def build_cnn_with_32_filters(my_model) -> None:
    import keras

    require(
        isinstance(my_model, keras.Model),
        _("give the model itself (a keras.Sequential), not a {type_name}.", type_name=type(my_model).__name__),
    )
    require(not isinstance(my_model, type), _("give a model object: keras.Sequential([...]), with the brackets."))
    try:
        input_shape = tuple(my_model.inputs[0].shape)
    except (AttributeError, ValueError, IndexError, TypeError):
        raise Mistake(
            _("your model has no input shape yet: start the list of layers with keras.Input(shape=(28, 28, 1)).")
        ) from None
    require(
        input_shape != (None, 28, 28),
        _("input shape (28, 28) has no channel axis: use keras.Input(shape=(28, 28, 1))."),
    )
    require(
        input_shape != (None, 1, 28, 28),
        _("input shape (1, 28, 28) is channels-first; Keras wants the channel last: keras.Input(shape=(28, 28, 1))."),
    )
    require(
        input_shape == (None, *IMAGE_SHAPE),
        _("your model's input is {input_shape}; use keras.Input(shape=(28, 28, 1)).", input_shape=input_shape[1:]),
    )
    layer_types = [type(layer).__name__ for layer in my_model.layers]
    convolutions = [layer for layer in my_model.layers if isinstance(layer, keras.layers.Conv2D)]
    require(
        len(convolutions) == 1,
        _(
            "your model has {count} Conv2D layers ({names}); the article's has one.",
            count=len(convolutions),
            names=", ".join(layer_types),
        ),
    )
    require(
        convolutions[0].filters != 64, _("Conv2D still has 64 filters: make it Conv2D(32, (3, 3), activation='relu').")
    )
    require(
        convolutions[0].filters == 32,
        _("Conv2D has {filters} filters; the exercise asks for 32.", filters=convolutions[0].filters),
    )
    require(
        tuple(convolutions[0].kernel_size) == (3, 3),
        _("the kernel is {kernel_size}; keep (3, 3).", kernel_size=convolutions[0].kernel_size),
    )
    require(
        "MaxPooling2D" in layer_types,
        _(
            "there is no MaxPooling2D: without it Flatten gives 26*26*32 numbers and Dense(128) gets 4 times as many weights. Add keras.layers.MaxPooling2D((2, 2))."
        ),
    )
    require(
        "Flatten" in layer_types,
        _(
            "there is no Flatten layer: Dense needs one long vector per image, add keras.layers.Flatten() after the pooling."
        ),
    )
    output_shape = tuple(my_model.outputs[0].shape)
    require(
        output_shape == (None, 10),
        _(
            "your model outputs shape {output_shape}; it needs one number per class: the last layer is Dense(10, activation='softmax').",
            output_shape=output_shape[1:],
        ),
    )
    activations = _activations(my_model)
    require(
        activations.get(id(convolutions[0])) == "relu",
        _(
            "Conv2D's activation is {value}; the article's is relu: Conv2D(32, (3, 3), activation='relu').",
            value=activations.get(id(convolutions[0])) or "none",
        ),
    )
    dense_layers = [layer for layer in my_model.layers if isinstance(layer, keras.layers.Dense)]
    require(
        len(dense_layers) == 2,
        _(
            "your model has {count} Dense layers ({names}); the article's has two, Dense(128) and Dense(10).",
            count=len(dense_layers),
            names=", ".join(layer_types),
        ),
    )
    hidden, output = dense_layers
    require(
        activations.get(id(hidden)) == "relu",
        _(
            "Dense({units})'s activation is {value}; the article's is relu: without it the two Dense layers act as one straight line.",
            units=hidden.units,
            value=activations.get(id(hidden)) or "none",
        ),
    )
    require(
        activations.get(id(output)) == "softmax",
        _(
            "the last layer's activation is {value}; use activation='softmax' so the 10 outputs are probabilities.",
            value=activations.get(id(output)) or "none",
        ),
    )
    count = my_model.count_params()
    require(
        count == MODEL_PARAMETERS_WITH_32_FILTERS,
        _(
            "your model has {count:,} parameters, not {MODEL_PARAMETERS_WITH_32_FILTERS:,}: compare your layers ({names}) with the article's; Dense(128) comes before Dense(10).",
            count=count,
            MODEL_PARAMETERS_WITH_32_FILTERS=MODEL_PARAMETERS_WITH_32_FILTERS,
            names=", ".join(layer_types),
        ),
    )


def _activations(model) -> dict[int, str]:
    """The activation after each layer (by ``id``): its own, or a separate ReLU, Softmax or Activation layer after it."""
    import keras

    found: dict[int, str] = {}
    learning = None  # the last layer with weights, whose output a separate activation layer acts on
    for layer in model.layers:
        own = getattr(getattr(layer, "activation", None), "__name__", None)
        if isinstance(layer, keras.layers.ReLU):
            own = "relu"
        elif isinstance(layer, keras.layers.Softmax):
            own = "softmax"
        if isinstance(layer, (keras.layers.Conv2D, keras.layers.Dense)):
            learning = layer
            found[id(layer)] = "" if own in (None, "linear") else own
        elif own not in (None, "linear") and learning is not None and not found[id(learning)]:
            found[id(learning)] = own
    return found
