"""The exercises of 04_build_cnn: the right answer passes, each typical mistake is named."""

from __future__ import annotations

import warnings

import keras
import pytest
from conftest import verdict


def article_cnn(filters=32, pooling=True, input_shape=(28, 28, 1), last_units=10, last_activation="softmax"):
    layers = [keras.Input(shape=input_shape), keras.layers.Conv2D(filters, (3, 3), activation="relu")]
    if pooling:
        layers.append(keras.layers.MaxPooling2D((2, 2)))
    layers += [
        keras.layers.Flatten(),
        keras.layers.Dense(128, activation="relu"),
        keras.layers.Dense(last_units, activation=last_activation),
    ]
    return keras.Sequential(layers)


@pytest.mark.parametrize("answer", [692_352, 13 * 13 * 32 * 128 + 128, 692352.0])
def test_dense_parameters_accepts_the_count(capsys, answer):
    result, out = verdict(capsys, "dense_parameters_with_32_filters", answer)
    assert result.right is True and "✅" in out


@pytest.mark.parametrize(
    "answer, words",
    [
        (13 * 13 * 32 * 128, "forgot the biases"),
        (26 * 26 * 32 * 128 + 128, "forgot the pooling"),
        (26 * 26 * 32 * 128, "the 128 biases"),
        (13 * 13 * 64 * 128 + 128, "64 filters"),
        (693_962, "whole model"),
        (5_408, "number of inputs"),
        (320, "Conv2D's count"),
        (13 * 13 * 32 * 129, "not per input"),
        (700_000, "not it"),
        ("many", "one number"),
    ],
)
def test_dense_parameters_names_the_mistake(capsys, answer, words):
    result, out = verdict(capsys, "dense_parameters_with_32_filters", answer)
    assert result.right is False and words in out


@pytest.mark.parametrize("answer", [(13, 13, 64), [13, 13, 64], (None, 13, 13, 64)])
def test_max_pooling_output_shape_accepts_13_13_64(capsys, answer):
    result, out = verdict(capsys, "max_pooling_output_shape", answer)
    assert result.right is True and "✅" in out


@pytest.mark.parametrize(
    "answer, words",
    [
        ((13, 13, 32), "channels"),
        ((26, 26, 64), "halves"),
        ((24, 24, 64), "3x3 convolution"),
        ((25, 25, 64), "stride"),
        ((64, 13, 13), "channels-first"),
        ((13, 13), "no channel axis"),
        (10816, "Flatten"),
        (13, "tuple"),
        ("13x13x64", "tuple of numbers"),
        ((12, 12, 64), "not it"),
    ],
)
def test_max_pooling_output_shape_names_the_mistake(capsys, answer, words):
    result, out = verdict(capsys, "max_pooling_output_shape", answer)
    assert result.right is False and words in out


def test_build_cnn_with_32_filters_accepts_the_article_model_with_32_filters(capsys):
    result, out = verdict(capsys, "build_cnn_with_32_filters", article_cnn())
    assert result.right is True and "✅" in out


def test_build_cnn_with_32_filters_accepts_the_helper(capsys):
    from fmnist_helpers import build_model

    result, out = verdict(capsys, "build_cnn_with_32_filters", build_model(filters=32))
    assert result.right is True and "✅" in out


@pytest.mark.parametrize(
    "options, words",
    [
        (dict(filters=64), "still has 64 filters"),
        (dict(filters=16), "asks for 32"),
        (dict(pooling=False), "no MaxPooling2D"),
        (dict(input_shape=(28, 28)), "no channel axis"),
        (dict(input_shape=(1, 28, 28)), "channels-first"),
        (dict(last_units=1), "Dense(10"),
        (dict(last_activation="relu"), "softmax"),
    ],
)
def test_build_cnn_with_32_filters_names_the_mistake(capsys, options, words):
    try:
        model = article_cnn(**options)
    except ValueError:  # Conv2D refuses a 2-D input outright: build what a student would get
        model = keras.Sequential(
            [
                keras.Input(shape=options["input_shape"]),
                keras.layers.Flatten(),
                keras.layers.Dense(10, activation="softmax"),
            ]
        )
    result, out = verdict(capsys, "build_cnn_with_32_filters", model)
    assert result.right is False and words in out


def test_build_cnn_with_32_filters_wants_an_input(capsys):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        unbuilt = keras.Sequential([keras.layers.Conv2D(32, (3, 3)), keras.layers.Flatten(), keras.layers.Dense(10)])
    result, out = verdict(capsys, "build_cnn_with_32_filters", unbuilt)
    assert result.right is False and "keras.Input(shape=(28, 28, 1))" in out


def test_build_cnn_with_32_filters_wants_a_model(capsys):
    result, out = verdict(capsys, "build_cnn_with_32_filters", keras.Sequential)
    assert result.right is False and "model" in out


def cnn_32(*middle_and_last):
    return keras.Sequential([keras.Input(shape=(28, 28, 1)), *middle_and_last])


def test_04_ex3_a_separate_softmax_layer_is_a_right_answer(capsys):
    model = cnn_32(
        keras.layers.Conv2D(32, (3, 3), activation="relu"),
        keras.layers.MaxPooling2D((2, 2)),
        keras.layers.Flatten(),
        keras.layers.Dense(128, activation="relu"),
        keras.layers.Dense(10),
        keras.layers.Softmax(),
    )
    result, out = verdict(capsys, "build_cnn_with_32_filters", model)
    assert result.right is True and "✅" in out


def test_04_ex3_separate_relu_and_activation_layers_are_a_right_answer(capsys):
    model = cnn_32(
        keras.layers.Conv2D(32, (3, 3)),
        keras.layers.ReLU(),
        keras.layers.MaxPooling2D((2, 2)),
        keras.layers.Flatten(),
        keras.layers.Dense(128),
        keras.layers.Activation("relu"),
        keras.layers.Dense(10),
        keras.layers.Activation("softmax"),
    )
    result, out = verdict(capsys, "build_cnn_with_32_filters", model)
    assert result.right is True and "✅" in out


@pytest.mark.parametrize(
    "conv_activation, dense_activation, words",
    [(None, "relu", "Conv2D's activation is none"), ("relu", None, "Dense(128)'s activation is none")],
)
def test_04_ex3_a_model_without_relu_is_not_the_answer(capsys, conv_activation, dense_activation, words):
    model = cnn_32(
        keras.layers.Conv2D(32, (3, 3), activation=conv_activation),
        keras.layers.MaxPooling2D((2, 2)),
        keras.layers.Flatten(),
        keras.layers.Dense(128, activation=dense_activation),
        keras.layers.Dense(10, activation="softmax"),
    )
    result, out = verdict(capsys, "build_cnn_with_32_filters", model)
    assert result.right is False and words in out and "relu" in out


def test_04_ex3_a_model_without_softmax_is_not_the_answer(capsys):
    result, out = verdict(capsys, "build_cnn_with_32_filters", article_cnn(last_activation=None))
    assert result.right is False and "softmax" in out
