"""Exercises of 09_the_improved_cnn: pick the augmentation that is wrong for clothes."""

from __future__ import annotations

from ..i18n import translate as _
from . import exercise, require

__all__ = ["AUGMENTATION_CHOICES", "wrong_augmentation"]


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
    notebook="09_the_improved_cnn",
    question="Which augmentation is wrong for Fashion-MNIST: A, B, C or D? (a letter, or the layer itself)",
    hint="An augmented image must still be a real example of its class, one the test set could contain. "
    "Picture each change applied to an ankle boot.",
    solution='my_choice = "C"   # RandomFlip("vertical"): an upside-down boot is no picture the test set contains',
)
def wrong_augmentation(my_choice) -> None:
    choice = _choice_of(my_choice)
    require(
        choice is not None,
        _("{my_choice!r} is none of the choices; answer with a letter, A to D.", my_choice=my_choice),
    )
    require(
        choice != "A",
        _(
            "a left-right mirrored shirt is still a shirt, and a mirrored shoe is the other shoe of the pair: horizontal flips are fine."
        ),
    )
    require(
        choice != "B",
        _(
            "a shifted coat is still a coat; small shifts teach the model that the position does not matter. That one is fine."
        ),
    )
    require(choice != "D", _("a slightly larger or smaller bag is still a bag; a little zoom is fine."))
    require(choice == "C", _("{my_choice!r} is not the wrong one.", my_choice=my_choice))
