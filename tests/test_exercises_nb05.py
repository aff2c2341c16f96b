"""The exercises of 05_compile: right answers pass, the usual mistakes are named."""

from __future__ import annotations

import math

import keras
import numpy as np
import pytest
from conftest import verdict

from fmnist_helpers import build_model, compile_model


def small_model() -> keras.Model:
    return build_model(filters=8, dense_units=16)


def compiled(**compile_arguments) -> keras.Model:
    model = small_model()
    model.compile(**compile_arguments)
    return model


# compile_with_learning_rate ---------------------------------------------------------------


@pytest.mark.parametrize(
    "make_model",
    [
        lambda: compiled(
            optimizer=keras.optimizers.Adam(learning_rate=0.0005),
            loss="sparse_categorical_crossentropy",
            metrics=["accuracy"],
        ),
        lambda: compiled(
            optimizer=keras.optimizers.Adam(5e-4),
            loss=keras.losses.SparseCategoricalCrossentropy(),
            metrics=["accuracy"],
        ),
        lambda: compile_model(small_model(), learning_rate=0.0005),
    ],
    ids=["by-hand", "loss-object", "fh-shortcut"],
)
def test_compile_with_learning_rate_accepts_the_right_model(capsys, make_model):
    result, printed = verdict(capsys, "compile_with_learning_rate", make_model())
    assert result.right is True and "✅" in printed


@pytest.mark.parametrize(
    "make_model, named",
    [
        (lambda: compiled(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"]), "string"),
        (
            lambda: compiled(
                optimizer=keras.optimizers.Adam(learning_rate=0.0005),
                loss="categorical_crossentropy",
                metrics=["accuracy"],
            ),
            "one-hot",
        ),
        (
            lambda: compiled(
                optimizer=keras.optimizers.SGD(learning_rate=0.0005),
                loss="sparse_categorical_crossentropy",
                metrics=["accuracy"],
            ),
            "SGD",
        ),
        (
            lambda: compiled(
                optimizer=keras.optimizers.Adam(learning_rate=0.005),
                loss="sparse_categorical_crossentropy",
                metrics=["accuracy"],
            ),
            "0.005, not 0.0005",
        ),
        (
            lambda: compiled(
                optimizer=keras.optimizers.Adam(learning_rate=0.0005),
                loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True),
                metrics=["accuracy"],
            ),
            "from_logits",
        ),
        (
            lambda: compiled(
                optimizer=keras.optimizers.Adam(learning_rate=0.0005), loss="sparse_categorical_crossentropy"
            ),
            "metrics",
        ),
        (
            lambda: compiled(optimizer=keras.optimizers.Adam(learning_rate=0.0005), loss="mse", metrics=["accuracy"]),
            "'mse'",
        ),
        (small_model, "not compiled"),
        (lambda: "adam", "not a Keras model"),
    ],
    ids=[
        "adam-string",
        "categorical",
        "sgd",
        "wrong-rate",
        "from-logits",
        "no-metric",
        "mse",
        "uncompiled",
        "not-a-model",
    ],
)
def test_compile_with_learning_rate_names_the_mistake(capsys, make_model, named):
    result, printed = verdict(capsys, "compile_with_learning_rate", make_model())
    assert result.right is False and "❌" in printed and named in printed


# uniform_guess_loss -----------------------------------------------------------------------


@pytest.mark.parametrize("answer", [np.log(10), -np.log(1 / 10), -math.log(0.1), 2.3026, np.float32(np.log(10))])
def test_uniform_guess_loss_accepts_ln_10(capsys, answer):
    result, printed = verdict(capsys, "uniform_guess_loss", answer)
    assert result.right is True and "✅" in printed


@pytest.mark.parametrize(
    "answer, named",
    [
        (np.log10(10), "np.log10"),
        (0.1, "probability"),
        (np.log(0.1), "sign"),
        (np.log2(10), "base 2"),
        (10 * np.log(10), "sum"),
        (np.log(9), "10 classes"),
        (0.5, "not the loss of a uniform guess"),
    ],
    ids=["log10", "probability", "negative", "log2", "sum", "nine", "other"],
)
def test_uniform_guess_loss_names_the_mistake(capsys, answer, named):
    result, printed = verdict(capsys, "uniform_guess_loss", answer)
    assert result.right is False and "❌" in printed and named in printed
