"""Is there a GPU, can TensorFlow use it, and what to do when it cannot (every notebook's setup cell).

`fmnist_helpers.runtime.describe_runtime` prints what this module finds: the GPUs TensorFlow can
use, the NVIDIA GPUs the driver sees, and a plain report, with TensorFlow's own words, when a GPU is
there but TensorFlow cannot use it.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from importlib import metadata

from .i18n import N_, translate
from .i18n import translate as _

__all__ = [
    "GPU_ADVICE_COLAB",
    "GPU_ADVICE_KAGGLE",
    "GPU_ADVICE_LOCAL",
    "GPU_UNUSABLE_ADVICE_COLAB",
    "GPU_UNUSABLE_ADVICE_LOCAL",
    "gpu_names",
    "gpu_problem",
    "nvidia_gpus",
    "tensorflow_cpu_installed",
    "tensorflow_gpu_log",
]

GPU_ADVICE_COLAB = N_(
    "No GPU: this notebook still runs, only slower. To get a free GPU on Colab: "
    "Runtime > Change runtime type > Hardware accelerator: T4 GPU > Save, then run the notebook "
    "again from the top (Runtime > Run all)."
)
GPU_ADVICE_KAGGLE = N_(
    "No GPU: this notebook still runs, only slower. To get a free GPU on Kaggle: Settings > Accelerator > "
    "GPU T4 x2 (a verified phone number is needed), then Run All again."
)
GPU_ADVICE_LOCAL = N_(
    "No GPU found: training runs on the CPU (fine for this course: a few minutes). For a free GPU, open the "
    "notebook with its Colab badge (Runtime > Change runtime type > T4 GPU) or its Kaggle badge "
    "(Settings > Accelerator > GPU T4 x2)."
)
GPU_UNUSABLE_ADVICE_COLAB = N_(
    "Runtime > Restart session, then Runtime > Run all; if the GPU is still unusable, "
    "Runtime > Disconnect and delete runtime, and run the notebook again."
)
GPU_UNUSABLE_ADVICE_LOCAL = N_(
    "Install TensorFlow's GPU build and restart Python: pip uninstall -y tensorflow-cpu && "
    'pip install "tensorflow[and-cuda]==2.21.0"; nvidia-smi must work too (the NVIDIA driver).'
)

#: Words that mark a TensorFlow log line about the GPU (shown when a GPU is present but unusable).
_GPU_LOG_WORDS = re.compile(r"cuda|cudnn|gpu|dlopen|driver|libcu|nvidia|tensorrt", re.IGNORECASE)


def gpu_names() -> list[str]:
    """The GPUs TensorFlow can use (an empty list on a CPU-only machine)."""
    import tensorflow as tf

    return [device.name for device in tf.config.list_physical_devices("GPU")]


def nvidia_gpus() -> list[str]:
    """The NVIDIA GPUs the driver sees (``nvidia-smi -L``), whether TensorFlow can use them or not."""
    if shutil.which("nvidia-smi") is None:
        return []
    try:
        listing = subprocess.run(["nvidia-smi", "-L"], capture_output=True, text=True, timeout=30).stdout
    except (OSError, subprocess.SubprocessError):
        return []
    return [line.partition(": ")[2].split(" (UUID")[0] for line in listing.splitlines() if line.startswith("GPU ")]


def tensorflow_gpu_log() -> list[str]:
    """What TensorFlow logs about the GPU as it starts, from a fresh Python with every log line on."""
    probe = "import tensorflow as tf; tf.config.list_physical_devices('GPU')"
    try:
        done = subprocess.run(
            [sys.executable, "-c", probe],
            capture_output=True,
            text=True,
            timeout=180,
            env={**os.environ, "TF_CPP_MIN_LOG_LEVEL": "0"},
        )
    except (OSError, subprocess.SubprocessError) as error:
        return [_("(could not ask TensorFlow: {error})", error=error)]
    return [line for line in done.stderr.splitlines() if _GPU_LOG_WORDS.search(line)]


def tensorflow_cpu_installed() -> bool:
    """True when the installed TensorFlow is the ``tensorflow-cpu`` build (no GPU support at all)."""
    try:
        metadata.version("tensorflow-cpu")
    except metadata.PackageNotFoundError:
        return False
    return True


def gpu_problem(usable_gpus: list[str], present_gpus: list[str], colab: bool) -> str | None:
    """A plain report when the machine has a GPU that TensorFlow cannot use; None otherwise."""
    if usable_gpus or not present_gpus:
        return None
    cause = _(" This Python has tensorflow-cpu, which has no GPU support.") if tensorflow_cpu_installed() else ""
    log = tensorflow_gpu_log()[-12:]
    said = ("\n" + _("TensorFlow says:") + "\n" + "\n".join(f"  {line}" for line in log)) if log else ""
    return _(
        "GPU present but unusable: nvidia-smi finds {gpus}, but TensorFlow cannot use it, "
        "so training runs on the CPU (much slower).{cause}\n"
        "What to do: {advice}{said}",
        gpus=", ".join(present_gpus),
        cause=cause,
        advice=translate(GPU_UNUSABLE_ADVICE_COLAB if colab else GPU_UNUSABLE_ADVICE_LOCAL),
        said=said,
    )
