"""fmnist_helpers: the small, tested helpers behind the Fashion-MNIST course.

One module per step of the course, in course order:

- ``config``        every notebook  quick_mode, strict_mode: the FMNIST_* settings, read when needed
- ``data``          01_load_data   CLASS_NAMES, load_data: the files, wherever they are, checked
- ``downloads``     01_load_data   download: the files from the first site that has them
- ``preprocessing`` 02_reshape, 03_normalize   reshape_images, normalize, prepare_images
- ``model``         04_build_cnn   build_model
- ``training``      05_compile, 06_train   compile_model, use_precision, plan_training, train, set_seed, course_model
- ``recipes``       06_train       Recipe, recipe_for, training_hardware: how each model trains on a CPU and on a GPU
- ``pipeline``      06_train       make_dataset: the tf.data input pipeline
- ``schedule``      06_train       cosine_schedule: warm-up, then cosine decay to 0
- ``progress``      06_train       EpochLog: one line per epoch
- ``model_cache``   06 -> 07, 09, 10  save_course_model, load_course_model: 06's trained model, stored and loaded
- ``evaluation``    07_evaluate    evaluate, predict_classes, confusion_matrix, save_model, load_model
- ``article``       benchmarks     the original article's recipe, mistakes included, for comparison
- ``plots``         pictures for every notebook
- ``photos``        10_your_own_images   photo_to_fashion_mnist, one function per step
- ``sample_photos`` 10_your_own_images   sample_photo_paths: photos to try it on (the PNG files beside it)
- ``runtime``       describe_runtime, quiet_tensorflow (every notebook's setup cell)
- ``gpu``           is there a GPU, and what to do when TensorFlow cannot use it
- ``claims``        expect, expect_between: the prose's run-dependent figures, checked gently
- ``i18n``          set_language, language: the helpers' feedback in English or Chinese (every setup cell)
- ``exercises``     the self-checking "Try it" exercises of every notebook
- ``course``        the GitHub home of the course: ``pin``, ``set-repo`` for a fork, ``check``

Each module's ``__all__`` lists its public names; a name that starts with ``_`` is internal. The
course website's API reference page shows them all, from these docstrings.

``import fmnist_helpers`` is light and changes nothing global: each module, and TensorFlow, Keras
and Matplotlib with it, is loaded the first time one of its names is used (``fh.train`` loads
``training``). So ``python -m fmnist_helpers.course`` runs with plain Python.

Run the whole walk-through with ``python -m fmnist_helpers``.
"""

from __future__ import annotations

import importlib

__version__ = "0.7.0"

#: Where each public name lives (the module is imported the first time the name is used).
_HOMES: dict[str, str] = {
    "CLASS_NAMES": "data",
    "ChecksumError": "data",
    "DataNotFoundError": "data",
    "load_data": "data",
    "confusion_matrix": "evaluation",
    "evaluate": "evaluation",
    "load_model": "evaluation",
    "compare_on_same_images": "evaluation",
    "per_class_accuracy": "evaluation",
    "predict_classes": "evaluation",
    "predict_probabilities": "evaluation",
    "save_model": "evaluation",
    "ARTICLE_PARAMETER_COUNT": "model",
    "build_improved_model": "model",
    "build_model": "model",
    "count_parameters_by_hand": "model",
    "photo_to_fashion_mnist": "photos",
    "sample_photo_paths": "sample_photos",
    "plot_confusion_matrix": "plots",
    "plot_feature_maps": "plots",
    "plot_image_and_probabilities": "plots",
    "plot_label_counts": "plots",
    "plot_mistakes": "plots",
    "plot_pixel_histogram": "plots",
    "plot_sample_grid": "plots",
    "plot_training_curves": "plots",
    "is_normalized": "preprocessing",
    "normalize": "preprocessing",
    "prepare_images": "preprocessing",
    "reshape_images": "preprocessing",
    "describe_runtime": "runtime",
    "language": "i18n",
    "set_language": "i18n",
    "expect": "claims",
    "expect_between": "claims",
    "on_colab": "runtime",
    "quick_mode": "config",
    "quiet_tensorflow": "runtime",
    "compare_scalings": "training",
    "compile_model": "training",
    "plan_training": "training",
    "course_model": "training",
    "recipe_for": "recipes",
    "set_seed": "training",
    "train": "training",
    "use_precision": "training",
}

#: The modules, reachable as ``fh.training``, ``fh.data``, ...
_MODULES = (
    "article",
    "claims",
    "config",
    "course",
    "data",
    "downloads",
    "evaluation",
    "exercises",
    "gpu",
    "i18n",
    "model",
    "model_cache",
    "photos",
    "pipeline",
    "plots",
    "preprocessing",
    "progress",
    "recipes",
    "runtime",
    "sample_photos",
    "schedule",
    "training",
)

#: The modules that import Keras when they load: a Keras 2 install gets one clear sentence first.
_NEED_KERAS = ("article", "model", "model_cache", "progress", "schedule", "training")

__all__ = sorted(_HOMES, key=str.lower)


def _load(module_name: str):
    if module_name in _NEED_KERAS:
        from .runtime import require_keras_3

        require_keras_3()
    return importlib.import_module(f"{__name__}.{module_name}")


def __getattr__(name: str):
    """Load a module, or the module a name lives in, the first time it is used (PEP 562)."""
    if name in _MODULES:
        return _load(name)
    if name in _HOMES:
        value = getattr(_load(_HOMES[name]), name)
        globals()[name] = value  # the next use is a plain attribute
        return value
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__) | set(_MODULES))
