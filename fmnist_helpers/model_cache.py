"""06_train's trained model, saved with how it was made, so that 07, 09 and 10 reuse it instead of training again.

This module only stores and loads: `save_course_model` writes a model beside its fingerprint
(`course_model_fingerprint`: recipe, seed, helper and library versions, the very same images),
and `load_course_model` gives it back only when the fingerprint matches, or None. Training the
course model when there is none (`fmnist_helpers.training.course_model`) lives with training.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from .i18n import translate as _
from .recipes import recipe_for, training_precision

if TYPE_CHECKING:
    import keras
    import numpy as np

__all__ = ["course_model_dir", "course_model_fingerprint", "load_course_model", "save_course_model"]

_MODEL_FILE = "course_model.keras"
_FINGERPRINT_FILE = "course_model.json"


def course_model_fingerprint(images: np.ndarray, labels: np.ndarray, seed: int, epochs: int) -> dict[str, object]:
    """What made a course model: recipe, epochs, seed, helper and library versions, and the exact training data.

    Two runs with the same fingerprint train the same model, so 07, 09 and 10 can reuse the one 06 saved.
    """
    import keras
    import numpy as np
    import tensorflow as tf

    from . import __version__

    digest = hashlib.sha256(np.ascontiguousarray(images).tobytes())
    digest.update(np.ascontiguousarray(labels).tobytes())
    return {
        "model": "article_cnn",
        "recipe": dataclasses.asdict(recipe_for("article")),
        "precision": training_precision(),
        "epochs": epochs,
        "seed": seed,
        "helpers": __version__,
        "tensorflow": tf.__version__,
        "keras": keras.__version__,
        "images": len(images),
        "data_sha256": digest.hexdigest(),
    }


def course_model_dir() -> Path:
    """Where 06_train leaves its trained model for 07, 09 and 10: ``$KERAS_HOME/fmnist-course`` (default ``~/.keras``)."""
    from .config import keras_home

    return keras_home() / "fmnist-course"


def save_course_model(model: keras.Model, fingerprint: dict[str, object]) -> Path:
    """Save the model 06_train trained, with its ``fingerprint`` (`course_model_fingerprint`); returns the model's path.

    The old fingerprint goes first and the new one is written last, so a save cut short leaves no
    fingerprint that matches a half-written model.
    """
    from .evaluation import save_model

    folder = course_model_dir()
    folder.mkdir(parents=True, exist_ok=True)
    (folder / _FINGERPRINT_FILE).unlink(missing_ok=True)
    path = folder / _MODEL_FILE
    save_model(model, path)
    (folder / _FINGERPRINT_FILE).write_text(json.dumps(fingerprint, indent=1))
    return path


def load_course_model(fingerprint: dict[str, object], print_fn: Callable[..., None] = print) -> keras.Model | None:
    """The saved course model if it was made as ``fingerprint`` says, else None (then train it).

    No saved model, another fingerprint, or a fingerprint file that is not JSON: None, silently.
    A model file that cannot be loaded (truncated, corrupt) counts as missing too: None, said in one line.
    """
    from .evaluation import load_model

    folder = course_model_dir()
    try:
        saved = json.loads((folder / _FINGERPRINT_FILE).read_text())
    except (OSError, ValueError):
        return None
    if saved != fingerprint or not (folder / _MODEL_FILE).is_file():
        return None
    try:
        return load_model(folder / _MODEL_FILE)
    except ImportError:  # an old Keras: its own clear sentence, not a damaged file
        raise
    except Exception as error:  # a damaged file is a missing model, not a crash: the caller trains again
        reason = str(error).strip().splitlines()[0] if str(error).strip() else ""
        print_fn(
            _(
                "The model saved in {folder} could not be loaded ({error}), so it counts as missing.",
                folder=folder,
                error=f"{type(error).__name__}: {reason}" if reason else type(error).__name__,
            )
        )
        return None
