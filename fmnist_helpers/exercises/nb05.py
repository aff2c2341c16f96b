"""Exercises of 05_compile: compile a model yourself, and the loss of a model that only guesses."""

from __future__ import annotations

import math

from ..i18n import translate as _
from . import exercise, require

__all__ = ["compile_with_learning_rate", "SPARSE_LOSS", "uniform_guess_loss"]

SPARSE_LOSS = "sparse_categorical_crossentropy"


def _loss_name(loss: object) -> str:
    """The loss a model was compiled with, as a name: a string, a Loss object or a loss function."""
    if isinstance(loss, str):
        return loss.lower()
    name = getattr(loss, "name", None) or getattr(loss, "__name__", None) or type(loss).__name__
    return str(name).lower()


@exercise(
    notebook="05_compile",
    question="Compile a new model with Adam at learning rate 0.0005, sparse categorical cross-entropy and accuracy.",
    hint=(
        "Give model.compile an optimizer object, keras.optimizers.Adam, with its learning_rate set: the string "
        '"adam" cannot carry a learning rate (and tf.train.AdamOptimizer is TensorFlow 1). Keep the notebook\'s '
        "loss and metrics."
    ),
    solution=(
        "my_model = fh.build_model()\n"
        "my_model.compile(optimizer=keras.optimizers.Adam(learning_rate=0.0005),\n"
        '                 loss="sparse_categorical_crossentropy", metrics=["accuracy"])\n'
        "# or the shortcut: my_model = fh.compile_model(fh.build_model(), learning_rate=0.0005)"
    ),
)
def compile_with_learning_rate(my_model) -> None:
    require(
        hasattr(my_model, "compile"),
        _(
            "this is a {type_name}, not a Keras model. Start from my_model = fh.build_model().",
            type_name=type(my_model).__name__,
        ),
    )
    require(
        getattr(my_model, "compiled", False) and getattr(my_model, "optimizer", None) is not None,
        _(
            "this model is not compiled yet. Note that model.compile(...) returns None: write my_model = fh.build_model() on one line and my_model.compile(...) on the next."
        ),
    )
    optimizer = my_model.optimizer
    optimizer_name = type(optimizer).__name__
    require(
        optimizer_name == "Adam",
        _(
            "the optimizer is {optimizer_name}; the course uses keras.optimizers.Adam(learning_rate=0.0005). (TensorFlow 1's tf.train.AdamOptimizer does not exist in TensorFlow 2.)",
            optimizer_name=optimizer_name,
        ),
    )
    learning_rate = float(optimizer.learning_rate)
    require(
        not math.isclose(learning_rate, 0.001, rel_tol=1e-4),
        _(
            'the learning rate is Adam\'s default, 0.001. optimizer="adam" (a string) or Adam() always gives 0.001: write keras.optimizers.Adam(learning_rate=0.0005).'
        ),
    )
    require(
        math.isclose(learning_rate, 0.0005, rel_tol=1e-4),
        _(
            "the learning rate is {learning_rate:g}, not 0.0005 (5e-4, half of Adam's default 0.001).",
            learning_rate=learning_rate,
        ),
    )
    loss = _loss_name(my_model.loss)
    require(
        loss != "categorical_crossentropy",
        _(
            'categorical_crossentropy wants one-hot labels (10 numbers per image), but load_data() gives integer labels 0..9: use loss="sparse_categorical_crossentropy".'
        ),
    )
    require(
        loss in (SPARSE_LOSS, "sparsecategoricalcrossentropy"),
        _(
            'the loss is {loss!r}; for integer labels 0..9 use loss="{SPARSE_LOSS}".',
            loss=loss,
            SPARSE_LOSS=SPARSE_LOSS,
        ),
    )
    loss_config = my_model.get_compile_config().get("loss")
    from_logits = isinstance(loss_config, dict) and (loss_config.get("config") or {}).get("from_logits")
    require(
        not from_logits,
        _(
            "from_logits=True tells the loss that the model outputs raw scores, but the model ends in softmax (probabilities): leave from_logits at its default, False."
        ),
    )
    metrics = my_model.get_compile_config().get("metrics") or []
    metric_names = [m if isinstance(m, str) else str(getattr(m, "name", m)) for m in metrics]
    require(
        any("accuracy" in name for name in metric_names),
        _(
            'the loss and optimizer are right, but there is no metric: add metrics=["accuracy"] so training and evaluate report the accuracy.'
        ),
    )


@exercise(
    notebook="05_compile",
    question="What loss does a model get if it gives every one of the 10 classes the same probability?",
    hint=(
        "A model that only guesses gives each of the 10 classes the same probability, the true class included. "
        "The loss is minus the natural logarithm (np.log) of the probability of the true class."
    ),
    solution="my_loss = -np.log(1 / 10)   # = np.log(10), about 2.3026",
)
def uniform_guess_loss(my_loss) -> None:
    value = float(my_loss)
    require(
        not math.isclose(value, 0.1, abs_tol=1e-6),
        _("0.1 is the probability each class gets; the loss is minus its log: -np.log(0.1)."),
    )
    require(
        not math.isclose(value, 1.0, abs_tol=1e-6),
        _("1.0 is log10(10), the base-10 logarithm. Cross-entropy uses the natural log: np.log, not np.log10."),
    )
    require(
        not math.isclose(value, math.log2(10), abs_tol=1e-3),
        _("3.32 is log2(10), the logarithm in base 2 (bits). Keras uses the natural log: np.log."),
    )
    require(
        not math.isclose(value, -math.log(10), abs_tol=1e-3),
        _("right size, wrong sign: the log of a probability is negative, the loss is minus the log: -np.log(0.1)."),
    )
    require(
        not math.isclose(value, 10 * math.log(10), abs_tol=1e-2),
        _("that is the sum over the 10 classes; the loss looks only at the true class: -np.log(0.1)."),
    )
    require(
        not math.isclose(value, math.log(9), abs_tol=1e-3),
        _("ln(9)? There are 10 classes, so each gets probability 1/10: -np.log(1/10)."),
    )
    require(
        math.isclose(value, math.log(10), abs_tol=1e-3),
        _(
            "{value:g} is not the loss of a uniform guess. Probability of the true class: 1/10; loss: -np.log(1/10).",
            value=value,
        ),
    )
