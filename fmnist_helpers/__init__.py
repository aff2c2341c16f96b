"""fmnist_helpers: the small, tested helpers behind the Fashion-MNIST course.

One module per step of the course, in course order:

- ``data``          01_load_data   CLASS_NAMES, load_data
- ``preprocessing`` 02_reshape, 03_normalize   reshape_images, normalize
- ``model``         04_build_cnn   build_model
- ``training``      05_compile, 06_train   compile_model, train, set_seed
- ``evaluation``    07_evaluate    evaluate, predict_classes, confusion_matrix, save/load
- ``plots``         pictures for every notebook
- ``photos``        09_your_own_images   photo_to_fashion_mnist
- ``runtime``       describe_runtime, quick_mode (every notebook's setup cell)
- ``exercises``     the self-checking "Try it" exercises of every notebook
- ``course``        the GitHub home of the course, and ``set-repo`` for a fork

Run the whole walk-through with ``python -m fmnist_helpers``.
"""

import os as _os

# TensorFlow's C++ core prints log lines on stderr that look like errors to a student: start-up
# notices, and with TF 2.21 + Keras 3.15 a spurious "E0000 ... NodeDef mentions attribute
# use_unbounded_threadpool" now and then. Level 3 hides them (real failures still raise Python
# exceptions) unless the user chose a level. This must happen before TensorFlow is first imported.
_os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

from .data import CLASS_NAMES, ChecksumError, DataNotFoundError, load_data  # noqa: E402
from .evaluation import (  # noqa: E402
    confusion_matrix,
    evaluate,
    load_model,
    per_class_accuracy,
    predict_classes,
    predict_probabilities,
    save_model,
)
from .model import ARTICLE_PARAMETER_COUNT, build_improved_model, build_model, count_parameters_by_hand  # noqa: E402
from .photos import photo_to_fashion_mnist, sample_photo_paths  # noqa: E402
from .plots import (  # noqa: E402
    plot_confusion_matrix,
    plot_feature_maps,
    plot_image_and_probabilities,
    plot_label_counts,
    plot_mistakes,
    plot_pixel_histogram,
    plot_sample_grid,
    plot_training_curves,
)
from .preprocessing import is_normalized, normalize, prepare_images, reshape_images  # noqa: E402
from .runtime import describe_runtime, on_colab, quick_mode  # noqa: E402
from .training import compile_model, set_seed, train  # noqa: E402

__version__ = "0.1.0"

__all__ = [
    "CLASS_NAMES",
    "ARTICLE_PARAMETER_COUNT",
    "ChecksumError",
    "DataNotFoundError",
    "build_improved_model",
    "build_model",
    "compile_model",
    "confusion_matrix",
    "count_parameters_by_hand",
    "describe_runtime",
    "evaluate",
    "is_normalized",
    "load_data",
    "load_model",
    "normalize",
    "on_colab",
    "per_class_accuracy",
    "photo_to_fashion_mnist",
    "plot_confusion_matrix",
    "plot_feature_maps",
    "plot_image_and_probabilities",
    "plot_label_counts",
    "plot_mistakes",
    "plot_pixel_histogram",
    "plot_sample_grid",
    "plot_training_curves",
    "predict_classes",
    "predict_probabilities",
    "prepare_images",
    "quick_mode",
    "reshape_images",
    "sample_photo_paths",
    "save_model",
    "set_seed",
    "train",
]
