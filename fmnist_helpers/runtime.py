"""Where the course runs: versions, GPU or not, Colab or not, quick mode or full mode.

Every notebook's setup cell calls `describe_runtime()`, before anything imports TensorFlow. It loads
TensorFlow without its start-up notices (`quiet_tensorflow`), prints the versions and the GPU, says
which menu to open on Colab without a GPU, and says plainly when a GPU is there but TensorFlow
cannot use it.
"""

from __future__ import annotations

import os
import platform
import re
import sys
import tempfile
from contextlib import contextmanager

from .config import HARDWARE_VARIABLE, PRECISION_VARIABLE, quick_mode
from .gpu import GPU_ADVICE_COLAB, GPU_ADVICE_KAGGLE, GPU_ADVICE_LOCAL, gpu_names, gpu_problem, nvidia_gpus
from .i18n import translate
from .i18n import translate as _
from .recipes import hardware_choice, training_precision

__all__ = ["MIN_TENSORFLOW", "describe_runtime", "on_colab", "on_kaggle", "quiet_tensorflow", "require_keras_3"]

#: The oldest TensorFlow that comes with Keras 3, which the course is written for.
MIN_TENSORFLOW = (2, 16)

#: The C++ log level TensorFlow reads, once, while it is imported: 3 shows only fatal errors.
_LOG_LEVEL_VARIABLE = "TF_CPP_MIN_LOG_LEVEL"
_QUIET_LOG_LEVEL = "3"

#: What TensorFlow 2.21's C++ core writes on stderr when it is imported on a CPU: notices, not
#: problems. `quiet_tensorflow` drops exactly these lines and shows every other one.
_STARTUP_NOTICES = tuple(
    re.compile(pattern)
    for pattern in (
        r"All log messages before absl::InitializeLog\(\) is called are written to STDERR",
        r"port\.cc:\d+\] oneDNN custom operations are on\.",
        r"cpu_feature_guard\.cc:\d+\] This TensorFlow binary is optimized to use available CPU instructions",
        r"^To enable the following instructions: .*rebuild TensorFlow with the appropriate compiler flags\.$",
    )
)


def on_colab() -> bool:
    """True when running inside Google Colab."""
    return "google.colab" in sys.modules


def on_kaggle() -> bool:
    """True when running in a Kaggle notebook (Kaggle sets ``KAGGLE_KERNEL_RUN_TYPE`` in its kernels)."""
    return bool(os.environ.get("KAGGLE_KERNEL_RUN_TYPE"))


def _keras_3_needed(tensorflow_version: str, keras_version: str) -> str:
    """The one sentence for an environment that is too old for the course."""
    return _(
        "This course needs Keras 3, which comes with TensorFlow {minimum} or newer, "
        "but this Python has TensorFlow {tensorflow_version} with Keras {keras_version}: "
        'run pip install -U "tensorflow>={minimum}" and restart Python '
        "(on Colab: Runtime > Restart session).",
        minimum=f"{MIN_TENSORFLOW[0]}.{MIN_TENSORFLOW[1]}",
        tensorflow_version=tensorflow_version,
        keras_version=keras_version,
    )


def require_keras_3() -> None:
    """Raise one clear `ImportError` unless TensorFlow >= 2.16 with Keras 3 is installed.

    Called before the helpers that build, train or evaluate models are loaded, so an old
    environment hears what to install instead of an `AttributeError` deep inside a call.
    """
    try:
        import keras
        import tensorflow as tf
    except ModuleNotFoundError as error:
        if error.name not in ("keras", "tensorflow"):
            raise
        raise ImportError(
            _(
                "This part of the course needs TensorFlow with Keras 3, and {module} is not installed: "
                "run pip install tensorflow-cpu==2.21.0 (or pip install -r requirements.txt).",
                module=error.name,
            )
        ) from None
    from packaging.version import Version

    if Version(keras.__version__).major < 3 or Version(tf.__version__).release[:2] < MIN_TENSORFLOW:
        raise ImportError(_keras_3_needed(tf.__version__, keras.__version__))


def _is_startup_notice(line: str) -> bool:
    """True for a line TensorFlow prints on every start (see `_STARTUP_NOTICES`)."""
    return any(pattern.search(line) for pattern in _STARTUP_NOTICES)


@contextmanager
def _stderr_captured(lines: list[str]):
    """Send what is written to file descriptor 2 (where TensorFlow's C++ logs go) into ``lines``."""
    sys.stderr.flush()
    try:
        saved = os.dup(2)
    except OSError:  # no file descriptor 2 (a GUI Python): nothing to capture
        yield lines
        return
    with tempfile.TemporaryFile() as capture:
        os.dup2(capture.fileno(), 2)
        try:
            yield lines
        finally:
            os.dup2(saved, 2)
            os.close(saved)
            capture.seek(0)
            lines.extend(capture.read().decode(errors="replace").splitlines())


def quiet_tensorflow() -> bool:
    """Import TensorFlow without the start-up notices its C++ core prints on stderr.

    Every notebook's setup cell runs it through `describe_runtime`, before anything else imports
    TensorFlow; notebooks show what reaches stderr, and these notices look like errors to a
    student. While TensorFlow loads, stderr is captured and every line but the notices
    (`_STARTUP_NOTICES`) is written back; and ``TF_CPP_MIN_LOG_LEVEL`` is 3, unless you set it
    yourself. TensorFlow reads that level once, at import, so its C++ lines below fatal errors stay
    hidden in this Python (TF 2.21 prints a spurious "NodeDef mentions attribute
    use_unbounded_threadpool" error on first use); the variable itself is removed again, so other
    programs started from here log as usual. Real failures still raise Python exceptions, and
    `describe_runtime` reports a GPU that TensorFlow cannot use, with TensorFlow's own words.

    Returns True when this call imported TensorFlow, False when it was imported already (then
    nothing changes).
    """
    if "tensorflow" in sys.modules:
        return False
    chose_level = _LOG_LEVEL_VARIABLE not in os.environ
    if chose_level:
        os.environ[_LOG_LEVEL_VARIABLE] = _QUIET_LOG_LEVEL
    lines: list[str] = []
    try:
        with _stderr_captured(lines):
            import tensorflow  # noqa: F401
    finally:
        if chose_level:
            del os.environ[_LOG_LEVEL_VARIABLE]
        kept = [line for line in lines if line.strip() and not _is_startup_notice(line)]
        if kept:
            print("\n".join(kept), file=sys.stderr)
    return True


def _runtime_info() -> dict[str, object]:
    """The facts `describe_runtime` prints and returns, as a dict."""
    require_keras_3()
    import keras
    import tensorflow as tf

    gpus = gpu_names()
    colab = on_colab()
    return {
        "python": platform.python_version(),
        "tensorflow": tf.__version__,
        "keras": keras.__version__,
        "gpus": gpus,
        "gpu_problem": gpu_problem(gpus, nvidia_gpus(), colab),
        "colab": colab,
        "kaggle": on_kaggle(),
        "cpu_cores": os.cpu_count(),
        "quick_mode": quick_mode(),
    }


def describe_runtime(verbose: bool = True) -> dict[str, object]:
    """Print (and return) the versions, the GPU, Colab or not, and how to get a GPU if none.

    Called in every notebook's setup cell, before TensorFlow is imported: it loads TensorFlow
    with `quiet_tensorflow`, so the notebook shows no start-up notices.
    """
    quiet_tensorflow()
    info = _runtime_info()
    if verbose:
        gpus = info["gpus"]
        print(f"Python {info['python']} | TensorFlow {info['tensorflow']} | Keras {info['keras']}")
        where = (
            "Google Colab"
            if info["colab"]
            else "Kaggle"
            if info["kaggle"]
            else _("this machine ({cores} CPU cores)", cores=info["cpu_cores"])
        )
        print(_("Running on {where}; GPU: {gpus}", where=where, gpus=", ".join(gpus) if gpus else _("none")))
        if info["gpu_problem"]:
            print(f"⚠️ {info['gpu_problem']}")
        elif not gpus:
            advice = GPU_ADVICE_COLAB if info["colab"] else GPU_ADVICE_KAGGLE if info["kaggle"] else GPU_ADVICE_LOCAL
            print(translate(advice))
        forced = hardware_choice()
        if forced != "auto":
            print(
                _(
                    "{variable}={forced}: the helpers train with the {recipe} recipe on this machine.",
                    variable=HARDWARE_VARIABLE,
                    forced=forced,
                    recipe=forced.upper(),
                )
            )
        if training_precision() == "mixed_bfloat16":
            print(
                _(
                    "This CPU computes bfloat16 natively, so the helpers train in bfloat16: faster, about as "
                    "accurate. {variable}=float32 turns it off.",
                    variable=PRECISION_VARIABLE,
                )
            )
        if info["quick_mode"]:
            print(_("Quick mode (FMNIST_QUICK=1): small data and 1 epoch, so CI can run every cell fast."))
    return info
