"""06_train's trained model, saved with how it was made, so that 07 and 09 reuse it instead of training again.

`course_model` loads the model 06 saved when its fingerprint (recipe, seed, helper and library
versions, the very same images) matches, and trains it as 06 does otherwise.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
from collections.abc import Callable
from pathlib import Path

import keras
import numpy as np

from .recipes import recipe_for


def course_model_fingerprint(images: np.ndarray, labels: np.ndarray, seed: int, epochs: int) -> dict[str, object]:
    """What made a course model: recipe, epochs, seed, helper and library versions, and the exact training data.

    Two runs with the same fingerprint train the same model, so 07 and 09 can reuse the one 06 saved.
    """
    import tensorflow as tf

    from . import __version__

    digest = hashlib.sha256(np.ascontiguousarray(images).tobytes())
    digest.update(np.ascontiguousarray(labels).tobytes())
    return {"model": "article_cnn", "recipe": dataclasses.asdict(recipe_for("article")), "epochs": epochs, "seed": seed,
            "helpers": __version__, "tensorflow": tf.__version__, "keras": keras.__version__, "images": len(images),
            "data_sha256": digest.hexdigest()}


def course_model_dir() -> Path:
    """Where 06_train leaves its trained model for 07 and 09: ``$KERAS_HOME/fmnist-course`` (default ``~/.keras``)."""
    from .config import keras_home

    return keras_home() / "fmnist-course"


def save_course_model(model: keras.Model, history: keras.callbacks.History, images: np.ndarray,
                      labels: np.ndarray, seed: int) -> Path:
    """Save the model 06_train trained with `train` (and its ``history``), with how it was made, for `course_model`."""
    from .evaluation import save_model

    folder = course_model_dir()
    path = folder / "course_model.keras"
    save_model(model, path)
    fingerprint = course_model_fingerprint(images, labels, seed, epochs=history.params["epochs"])
    (folder / "course_model.json").write_text(json.dumps(fingerprint, indent=1))
    return path


def course_model(images: np.ndarray, labels: np.ndarray, seed: int = 42, print_fn: Callable[..., None] = print) -> keras.Model:
    """The course model of 06_train, trained on ``images``: loaded if 06 saved it, otherwise trained here.

    The saved model is used only when its fingerprint (recipe, seed, helper and library versions,
    the very same images and labels) matches this call's: checked, not assumed. Otherwise this
    trains it as 06 does, ``set_seed(seed)``, ``compile_model(build_model())``, ``train(...)``,
    and saves it for next time.
    """
    from .evaluation import load_model
    from .model import build_model
    from .training import compile_model, set_seed, train

    wanted = course_model_fingerprint(images, labels, seed, epochs=recipe_for().epochs)
    folder = course_model_dir()
    try:
        saved = json.loads((folder / "course_model.json").read_text())
    except (OSError, ValueError):
        saved = None
    if saved == wanted and (folder / "course_model.keras").is_file():
        print_fn(f"Loaded the model 06_train saved in {folder} (same recipe, seed {seed}, helpers "
                 f"{wanted['helpers']} and the same {len(images):,} images): no need to train it again.")
        return load_model(folder / "course_model.keras")
    print_fn("No model from 06_train with this recipe, seed and data here: training it now (notebook 06 explains every step).")
    set_seed(seed)
    model = compile_model(build_model())
    history = train(model, images, labels, seed=seed, print_fn=print_fn)
    save_course_model(model, history, images, labels, seed)
    return model
