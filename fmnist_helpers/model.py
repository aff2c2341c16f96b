"""Step 4 of the course (notebook 04_build_cnn): the article's small CNN, and a stronger one (08).

The article's model, layer by layer, with input (28, 28, 1)::

    Conv2D(64, 3x3, relu)   -> (26, 26, 64)   3*3*1*64 + 64      =       640 parameters
    MaxPooling2D(2)         -> (13, 13, 64)                               0
    Flatten                 -> (10816,)                                   0
    Dense(128, relu)        -> (128,)         10816*128 + 128    = 1,384,576
    Dense(10, softmax)      -> (10,)          128*10 + 10        =     1,290
                                                          total  = 1,386,506

(The article prints 1,366,506; the arithmetic above says 1,386,506.)
"""

from __future__ import annotations

import keras

from .i18n import translate as _
from .preprocessing import IMAGE_SHAPE

__all__ = ["ARTICLE_PARAMETER_COUNT", "build_improved_model", "build_model", "count_parameters_by_hand"]

#: The parameter count of the article's CNN, worked out by hand in 04_build_cnn.
ARTICLE_PARAMETER_COUNT = 1_386_506


def build_model(
    filters: int = 64,
    kernel_size: int = 3,
    dense_units: int = 128,
    dropout: float = 0.0,
    name: str = "article_cnn",
) -> keras.Model:
    """The article's CNN: Conv2D -> MaxPooling2D -> Flatten -> Dense(128) -> Dense(10, softmax).

    With the defaults it is exactly the article's model (1,386,506 parameters). ``dropout`` > 0
    adds a Dropout layer before each Dense layer (tried in 08_improve_the_model).
    Taught in 04_build_cnn.
    """
    if not 0.0 <= dropout < 1.0:
        raise ValueError(
            _("dropout is the fraction of units dropped, from 0 to below 1, not {dropout}.", dropout=dropout)
        )
    layers: list[keras.layers.Layer] = [
        keras.Input(shape=IMAGE_SHAPE),
        keras.layers.Conv2D(filters, (kernel_size, kernel_size), activation="relu"),
        keras.layers.MaxPooling2D((2, 2)),
        keras.layers.Flatten(),
    ]
    if dropout:
        layers.append(keras.layers.Dropout(dropout))
    layers.append(keras.layers.Dense(dense_units, activation="relu"))
    if dropout:
        layers.append(keras.layers.Dropout(dropout))
    layers.append(keras.layers.Dense(10, activation="softmax"))
    return keras.Sequential(layers, name=name)


def count_parameters_by_hand(filters: int = 64, kernel_size: int = 3, dense_units: int = 128) -> int:
    """The article model's parameter count from the arithmetic in this module's docstring."""
    conv = kernel_size * kernel_size * IMAGE_SHAPE[2] * filters + filters
    side = (IMAGE_SHAPE[0] - kernel_size + 1) // 2
    dense = side * side * filters * dense_units + dense_units
    output = dense_units * 10 + 10
    return conv + dense + output


def build_improved_model(augmentation: bool = True, name: str = "improved_cnn") -> keras.Model:
    """The stronger CNN of 08_improve_the_model, built from the changes that notebook measures one at a time
    (09_the_improved_cnn trains it in full).

    - data augmentation: random left-right flips, only while training (vertical flips would make
      upside-down shoes, which the test set never has);
    - three convolution blocks (32, 64, 128 filters) instead of one, each convolution followed by
      batch normalization and ReLU; the first two are max-pooled *before* the normalization, so it
      normalizes a quarter of the values (cheaper on a CPU);
    - dropout (30%) before and after a wider hidden Dense layer (256 units), also normalized.

    Two thirds of the article's parameters, and a little more work per epoch. Train it with
    ``recipe = recipe_for("improved"); train(compile_model(build_improved_model(), recipe=recipe), ...,
    recipe=recipe)`` (`fmnist_helpers.recipes.recipe_for`: its own batch size, rate and epochs).
    ``augmentation=False`` leaves the flips out.
    """
    layers: list[keras.layers.Layer] = [keras.Input(shape=IMAGE_SHAPE)]
    if augmentation:
        layers.append(keras.layers.RandomFlip("horizontal"))
    layers += [
        keras.layers.Conv2D(32, (3, 3), padding="same", use_bias=False),  # batch norm's shift replaces the bias
        keras.layers.MaxPooling2D((2, 2)),
        keras.layers.BatchNormalization(momentum=0.9),
        keras.layers.ReLU(),
        keras.layers.Conv2D(64, (3, 3), padding="same", use_bias=False),
        keras.layers.MaxPooling2D((2, 2)),
        keras.layers.BatchNormalization(momentum=0.9),
        keras.layers.ReLU(),
        keras.layers.Conv2D(128, (3, 3), use_bias=False),
        keras.layers.BatchNormalization(momentum=0.9),
        keras.layers.ReLU(),
        keras.layers.Flatten(),
        keras.layers.Dropout(0.3),
        keras.layers.Dense(256, use_bias=False),
        keras.layers.BatchNormalization(momentum=0.9),
        keras.layers.ReLU(),
        keras.layers.Dropout(0.3),
        keras.layers.Dense(10, activation="softmax"),
    ]
    return keras.Sequential(layers, name=name)
