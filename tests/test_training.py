"""05_compile and 06_train: Adam + sparse cross-entropy, the course recipe, repeatable runs."""

from __future__ import annotations

import keras
import numpy as np
import pytest

from fmnist_helpers import build_model, compile_model, normalize, reshape_images, set_seed, train
from fmnist_helpers.training import CPU_BATCH_SIZE, default_batch_size


def small_model() -> keras.Model:
    return compile_model(build_model(filters=8, dense_units=16))


def test_compile_model_uses_adam_sparse_cross_entropy_and_accuracy():
    model = build_model()
    assert compile_model(model, learning_rate=0.002) is model
    assert isinstance(model.optimizer, keras.optimizers.Adam)
    assert float(model.optimizer.learning_rate.numpy()) == pytest.approx(0.002)
    assert model.loss == "sparse_categorical_crossentropy"


def test_compile_model_docstring_explains_the_tf1_optimizer():
    assert "tf.train.AdamOptimizer" in compile_model.__doc__ and "keras.optimizers.Adam" in compile_model.__doc__


def test_untrained_model_loss_is_about_ln_10(prepared):
    (images, labels), _ = prepared
    set_seed(0)
    loss, _ = small_model().evaluate(images, labels, verbose=0)
    assert loss == pytest.approx(np.log(10), abs=0.3)


def test_train_returns_a_history_with_validation_metrics_and_timings(prepared, capsys):
    (images, labels), _ = prepared
    history = train(small_model(), images, labels, epochs=2, batch_size=32)
    assert isinstance(history, keras.callbacks.History)
    assert {"loss", "accuracy", "val_loss", "val_accuracy"} <= set(history.history)
    assert len(history.epoch) == 2 and len(history.epoch_seconds) == 2 and history.train_seconds > 0
    assert 1 <= history.best_epoch <= 2 and history.batch_size == 32
    printed = capsys.readouterr().out
    assert "Training on 270 images, validating on 30" in printed and "epoch  2/2" in printed


def test_train_learns_something_on_the_sample(prepared):
    (images, labels), (test_images, test_labels) = prepared
    set_seed(0)
    model = small_model()
    train(model, images, labels, epochs=8, batch_size=32, verbose=False, early_stopping=False)
    _, accuracy = model.evaluate(test_images, test_labels, verbose=0)
    assert accuracy > 0.4  # chance is 0.1; 270 images for 8 epochs give about 0.6


def test_early_stopping_restores_the_best_weights(prepared):
    (images, labels), _ = prepared
    set_seed(0)
    model = compile_model(build_model(filters=8, dense_units=16), learning_rate=0.05)  # too high: unstable
    history = train(model, images, labels, epochs=12, batch_size=16, patience=2, verbose=False)
    validation = images[270:], labels[270:]
    loss_now, _ = model.evaluate(*validation, verbose=0)
    assert loss_now == pytest.approx(min(history.history["val_loss"]), rel=1e-4)


@pytest.mark.parametrize("damage, message", [
    (lambda i, l: (i * 255, l), "not normalized"),
    (lambda i, l: (i[..., 0], l), "reshape_images"),
    (lambda i, l: (i, l + 1), "0..9"),
    (lambda i, l: (i, l[:-5]), "images but"),
    (lambda i, l: (i, np.eye(10)[l]), "one-hot"),
])
def test_train_rejects_bad_input_before_any_training(prepared, damage, message):
    (images, labels), _ = prepared
    model = small_model()
    weights = [w.copy() for w in model.get_weights()]
    with pytest.raises(ValueError, match=message):
        train(model, *damage(images, labels), epochs=1, verbose=False)
    assert all(np.array_equal(a, b) for a, b in zip(weights, model.get_weights()))


def test_train_rejects_an_uncompiled_model(prepared):
    (images, labels), _ = prepared
    with pytest.raises(ValueError, match="compile_model"):
        train(build_model(), images, labels, epochs=1)


def test_set_seed_makes_a_cpu_run_repeatable(sample):
    (images, labels), _ = sample
    images = normalize(reshape_images(images))
    runs = []
    for _ in range(2):
        set_seed(123)
        model = small_model()
        runs.append(train(model, images, labels, epochs=2, batch_size=32, seed=123, verbose=False).history["loss"])
    assert runs[0] == runs[1]


def test_default_batch_size_on_this_cpu_machine():
    assert default_batch_size() == CPU_BATCH_SIZE


def test_the_pipeline_has_autotuning_off_and_keeps_every_image_once(prepared):
    from fmnist_helpers.training import PREFETCH_BATCHES, make_dataset

    (images, labels), _ = prepared
    data = make_dataset(images, labels, batch_size=64, shuffle=True, seed=0)
    assert data.options().autotune.enabled is False  # autotuning stalled each epoch's first step (README)
    batches = list(data.as_numpy_iterator())
    assert [len(y) for _, y in batches] == [64] * (len(labels) // 64) + ([len(labels) % 64] if len(labels) % 64 else [])
    assert sorted(np.concatenate([y for _, y in batches]).tolist()) == sorted(labels.tolist())
    assert PREFETCH_BATCHES >= 1
