"""08_improve_the_model: the improved CNN has the layers the notebook adds one at a time, and trains."""

from __future__ import annotations

import keras
import numpy as np

from fmnist_helpers import compile_model, recipe_for, set_seed, train
from fmnist_helpers.model import build_improved_model


def kinds(model):
    return [type(layer).__name__ for layer in model.layers]


def test_the_improved_model_has_augmentation_batch_norm_and_dropout():
    layer_kinds = kinds(build_improved_model())
    assert layer_kinds[0] == "RandomFlip"  # augmentation first, on the raw images
    assert layer_kinds.count("Conv2D") == 3 and layer_kinds.count("BatchNormalization") == 4
    assert layer_kinds.count("Dropout") == 2 and layer_kinds[-1] == "Dense"


def test_it_flips_only_left_right_never_upside_down():
    flips = [layer for layer in build_improved_model().layers if isinstance(layer, keras.layers.RandomFlip)]
    assert [flip.mode for flip in flips] == ["horizontal"]


def test_without_augmentation_it_is_the_same_network_minus_the_flips():
    with_flips, without = build_improved_model(), build_improved_model(augmentation=False)
    assert kinds(with_flips)[1:] == kinds(without)
    assert with_flips.count_params() == without.count_params() == 916_138


def test_output_is_10_probabilities_that_add_up_to_1(prepared):
    (train_images, _), _ = prepared
    model = build_improved_model()
    assert tuple(model.compute_output_shape((None, 28, 28, 1))) == (None, 10)
    probabilities = np.asarray(model(train_images[:8], training=False))
    assert probabilities.shape == (8, 10)
    np.testing.assert_allclose(probabilities.sum(axis=1), 1.0, rtol=1e-5)


def test_augmentation_is_off_at_inference_and_on_in_training(prepared):
    (train_images, _), _ = prepared
    model = build_improved_model()
    flip = model.layers[0]
    images = train_images[:16]
    np.testing.assert_array_equal(np.asarray(model(images, training=False)), np.asarray(model(images, training=False)))
    np.testing.assert_array_equal(np.asarray(flip(images, training=False)), images)
    flipped = np.asarray(flip(images, training=True))
    assert not np.array_equal(flipped, images)  # 16 coin tosses: some images are mirrored
    for original, maybe_mirrored in zip(images, flipped):
        assert np.array_equal(maybe_mirrored, original) or np.array_equal(maybe_mirrored, original[:, ::-1])


def test_it_learns_with_its_own_recipe(prepared):
    (train_images, train_labels), _ = prepared
    recipe = recipe_for("improved", "cpu")
    set_seed(0)
    model = compile_model(build_improved_model(), recipe=recipe)
    history = train(model, train_images, train_labels, epochs=1, batch_size=32, verbose=False, recipe=recipe)
    assert history.history["loss"][0] < 2.0  # a model that learns nothing stays at ln(10) = 2.30 (05_compile)
