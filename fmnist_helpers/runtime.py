"""Where the course runs: versions, GPU or not, Colab or not, quick mode or full mode.

Every notebook's setup cell calls `describe_runtime()`; on Colab without a GPU it says which menu
to open to get one.
"""

from __future__ import annotations

import os
import platform
import sys

GPU_ADVICE_COLAB = (
    "No GPU: this notebook still runs, only slower. To get a free GPU on Colab: "
    "Runtime > Change runtime type > Hardware accelerator: T4 GPU > Save, then run the notebook "
    "again from the top (Runtime > Run all)."
)
GPU_ADVICE_LOCAL = (
    "No GPU found: training runs on the CPU (fine for this course: a few minutes). "
    "For a GPU, open the notebook on Colab with its badge and pick Runtime > Change runtime type > T4 GPU."
)


def on_colab() -> bool:
    """True when running inside Google Colab."""
    return "google.colab" in sys.modules


def quick_mode() -> bool:
    """True when ``FMNIST_QUICK=1``: CI's seconds-long run of every notebook (less data, 1 epoch)."""
    return os.environ.get("FMNIST_QUICK", "").strip().lower() in ("1", "true", "yes", "on")


def gpu_names() -> list[str]:
    """The GPUs TensorFlow can use (an empty list on a CPU-only machine)."""
    import tensorflow as tf

    return [device.name for device in tf.config.list_physical_devices("GPU")]


def runtime_info() -> dict[str, object]:
    """The facts `describe_runtime` prints, as a dict (for tests and `--json`)."""
    import keras
    import tensorflow as tf

    return {
        "python": platform.python_version(),
        "tensorflow": tf.__version__,
        "keras": keras.__version__,
        "gpus": gpu_names(),
        "colab": on_colab(),
        "cpu_cores": os.cpu_count(),
        "quick_mode": quick_mode(),
    }


def describe_runtime(verbose: bool = True) -> dict[str, object]:
    """Print (and return) the versions, the GPU, Colab or not, and how to get a GPU if none.

    Called in every notebook's setup cell.
    """
    info = runtime_info()
    if verbose:
        gpus = info["gpus"]
        print(f"Python {info['python']} | TensorFlow {info['tensorflow']} | Keras {info['keras']}")
        where = "Google Colab" if info["colab"] else f"this machine ({info['cpu_cores']} CPU cores)"
        print(f"Running on {where}; GPU: {', '.join(gpus) if gpus else 'none'}")
        if not gpus:
            print(GPU_ADVICE_COLAB if info["colab"] else GPU_ADVICE_LOCAL)
        if info["quick_mode"]:
            print("Quick mode (FMNIST_QUICK=1): small data and 1 epoch, so CI can run every cell fast.")
    return info


def quiet_tensorflow() -> None:
    """Hide TensorFlow's start-up log lines (they are noise for a student, not errors)."""
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
    import logging

    logging.getLogger("tensorflow").setLevel(logging.ERROR)
    try:
        from absl import logging as absl_logging

        absl_logging.set_verbosity(absl_logging.ERROR)
    except ImportError:  # absl comes with TensorFlow; nothing to quiet without it
        pass
