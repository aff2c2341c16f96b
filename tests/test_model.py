"""04_build_cnn: the article's CNN, exactly, and its parameter count worked out by hand."""

from __future__ import annotations

import keras
import pytest

from fmnist_helpers import ARTICLE_PARAMETER_COUNT, build_model, count_parameters_by_hand


def test_build_model_is_the_articles_cnn_with_1386506_parameters():
    model = build_model()
    assert model.count_params() == ARTICLE_PARAMETER_COUNT == 1_386_506
    kinds = [type(layer).__name__ for layer in model.layers]
    assert kinds == ["Conv2D", "MaxPooling2D", "Flatten", "Dense", "Dense"]
    conv, _, _, hidden, output = model.layers
    assert conv.filters == 64 and conv.kernel_size == (3, 3) and conv.activation.__name__ == "relu"
    assert hidden.units == 128 and hidden.activation.__name__ == "relu"
    assert output.units == 10 and output.activation.__name__ == "softmax"


def test_each_layers_output_shape():
    shapes = [tuple(layer.output.shape) for layer in build_model().layers]
    assert shapes == [(None, 26, 26, 64), (None, 13, 13, 64), (None, 10816), (None, 128), (None, 10)]


def test_the_hand_count_matches_keras_for_any_filters_and_units():
    assert count_parameters_by_hand() == build_model().count_params()
    assert count_parameters_by_hand(filters=8, dense_units=16) == build_model(filters=8, dense_units=16).count_params()


def test_dropout_adds_dropout_layers_and_no_parameters():
    model = build_model(dropout=0.3)
    assert sum(isinstance(layer, keras.layers.Dropout) for layer in model.layers) == 2
    assert model.count_params() == ARTICLE_PARAMETER_COUNT


def test_dropout_must_be_a_fraction():
    with pytest.raises(ValueError, match="dropout"):
        build_model(dropout=1.5)
