"""The course's training recipes, and which one this machine gets (06_train explains each setting).

Each model has a `Recipe` per hardware: on a GPU, bigger batches and several steps per call.
`recipe_for()` picks the one for this machine: the GPU's exactly when TensorFlow sees a GPU, unless
``FMNIST_HARDWARE=gpu`` or ``cpu`` forces one (so the GPU recipes are tested on a CPU too).
Every recipe was chosen on validation data by ``benchmarks/choose_recipe.py``; the warm-up and the
short-run rule by ``benchmarks/choose_warmup.py``.
"""

from __future__ import annotations

import dataclasses
import math
from dataclasses import dataclass
from pathlib import Path

from .config import (
    HARDWARE_CHOICES,
    HARDWARE_VARIABLE,
    PRECISION_CHOICES,
    PRECISION_VARIABLE,
    hardware_setting,
    precision_setting,
)
from .i18n import translate as _

__all__ = [
    "CPU_IMPROVED_RECIPE",
    "CPU_RECIPE",
    "GPU_IMPROVED_RECIPE",
    "GPU_RECIPE",
    "NATIVE_BFLOAT16_FLAGS",
    "RECIPES",
    "SHORT_RUN_BATCH_SIZE",
    "SHORT_RUN_STEPS",
    "Recipe",
    "cpu_has_native_bfloat16",
    "hardware_choice",
    "recipe_for",
    "training_hardware",
    "training_precision",
]


@dataclass(frozen=True)
class Recipe:
    """How the course trains one model on one kind of hardware (06_train explains each setting)."""

    hardware: str  #: "cpu" or "gpu"
    batch_size: int  #: images per training step
    steps_per_execution: int  #: training steps Keras runs per call (fewer Python round trips on a GPU)
    learning_rate: float  #: Adam's peak learning rate, reached after the warm-up
    warmup_share: float  #: share of the run's steps over which the rate climbs from 0 (0: none), one epoch at most
    epochs: int  #: the planned epochs: the rate decays to 0 over them
    early_stopping: bool = True  #: stop when the validation loss stops falling, and keep the best epoch

    @property
    def warmup_epochs(self) -> float:
        """The warm-up of a run of the planned ``epochs``, in epochs (06_train's table of recipes prints it)."""
        return min(self.warmup_share * self.epochs, 1.0)

    def warmup_steps(self, total_steps: int, steps_per_epoch: int) -> int:
        """Warm-up steps of a run of ``total_steps``: a share of the run, one epoch at most, never the whole run.

        A short run warms up for a short time: one epoch on 2,000 images (8 steps) warms up for 2
        and reaches 0.72 on validation images, where a one-epoch warm-up took 7 of the 8 steps and
        reached 0.54 (3 seeds, benchmarks/choose_warmup.py); the planned runs keep their one epoch.
        """
        return min(round(self.warmup_share * total_steps), steps_per_epoch, total_steps - 1)

    def run_steps(self, n_train: int, epochs: int) -> int:
        """Training steps of ``epochs`` on ``n_train`` images at this batch size (the last, smaller batch is a step too)."""
        return epochs * -(-n_train // self.batch_size)

    def is_short_run(self, n_train: int, epochs: int) -> bool:
        """True when ``epochs`` on ``n_train`` images take fewer than `SHORT_RUN_STEPS` steps at this batch size."""
        return self.batch_size > SHORT_RUN_BATCH_SIZE and self.run_steps(n_train, epochs) < SHORT_RUN_STEPS

    def short_run_rate(self, peak_rate: float) -> float:
        """The peak rate of a short run: ``peak_rate`` scaled by √(`SHORT_RUN_BATCH_SIZE` / batch size).

        Smaller batches give noisier steps, so a smaller rate; for Adam the square root of the batch ratio
        (0.004 at batch 256 -> 0.002 at batch 64) learned better on validation images than the plain ratio.
        """
        return peak_rate * math.sqrt(SHORT_RUN_BATCH_SIZE / self.batch_size)


#: A run with fewer training steps than this at its recipe's batch size is a *short run* (04's one epoch on
#: 10,000 images: 36 steps at batch 256; a quick try on 2,000 images: 8). A handful of big steps learns little,
#: so `fh.train` trains a short run at `SHORT_RUN_BATCH_SIZE` instead, 4 to 8 times the steps, with the peak rate
#: of `Recipe.short_run_rate` (and the recipe's warm-up share). One epoch on 2,000 images reached 0.766 on
#: 6,000 validation images (6 seeds; 0.744 with the course's old batch-64 recipe, 0.701 at batch 256:
#: benchmarks/choose_warmup.py, Intel Xeon, 2026-12-03). The planned runs (over 1,000 steps) are not short.
SHORT_RUN_STEPS = 100
#: The batch size of a short run: the course's batch before the recipes grew (06 trains by hand with it too).
SHORT_RUN_BATCH_SIZE = 64


#: The article's CNN (04) on a CPU. Larger batches trained faster on this course's 2-core machine
#: (benchmarks/profile_training.py, 2026-11-30: 3,938 images/s at batch 64, 6,417 at 256), and with
#: a higher peak rate after a 1-epoch warm-up, 5 epochs reach the validation accuracy of 6 at batch 64.
CPU_RECIPE = Recipe(
    hardware="cpu", batch_size=256, steps_per_execution=1, learning_rate=0.004, warmup_share=0.2, epochs=5
)
#: The article's CNN on a GPU: large batches keep it busy, 16 steps per call cut the per-step
#: overhead; batch 512 gives fewer weight updates per epoch, so more epochs.
GPU_RECIPE = Recipe(
    hardware="gpu", batch_size=512, steps_per_execution=16, learning_rate=0.004, warmup_share=0.1, epochs=10
)
#: The improved CNN (08) on a CPU. Its epochs hardly got faster with larger batches, so batch 128
#: (twice the updates of 256 for the same time); trained to the end of its schedule, which tied with
#: stopping at the lowest validation loss on validation accuracy (08 shows it) and is simpler.
CPU_IMPROVED_RECIPE = Recipe(
    hardware="cpu",
    batch_size=128,
    steps_per_execution=1,
    learning_rate=0.002,
    warmup_share=0.0,
    epochs=20,
    early_stopping=False,
)
#: The improved CNN on a GPU: the same training (batch 128 keeps a GPU busy enough for a model this
#: small when 16 steps run per call), so the same accuracy, faster.
GPU_IMPROVED_RECIPE = dataclasses.replace(CPU_IMPROVED_RECIPE, hardware="gpu", steps_per_execution=16)

#: Every recipe, by (hardware, model). `recipe_for` looks them up here (a test may swap one in).
RECIPES: dict[tuple[str, str], Recipe] = {
    ("cpu", "article"): CPU_RECIPE,
    ("gpu", "article"): GPU_RECIPE,
    ("cpu", "improved"): CPU_IMPROVED_RECIPE,
    ("gpu", "improved"): GPU_IMPROVED_RECIPE,
}


def hardware_choice() -> str:
    """What ``FMNIST_HARDWARE`` asks for: ``"gpu"`` or ``"cpu"`` (forced), or ``"auto"`` (unset: GPU if there is one).

    A value that is none of these is refused with the choices, so a typo never trains silently with
    the wrong recipe. (`training_hardware` turns ``"auto"`` into ``"gpu"`` or ``"cpu"``.)
    """
    choice = hardware_setting()
    if choice not in HARDWARE_CHOICES:
        raise ValueError(
            _("{variable} must be gpu, cpu or auto, not {choice!r}.", variable=HARDWARE_VARIABLE, choice=choice)
        )
    return choice


def training_hardware(choice: str | None = None) -> str:
    """``"gpu"`` or ``"cpu"``: whose recipes the helpers use here. The one home of ``FMNIST_HARDWARE``'s rule.

    ``choice`` is ``"gpu"``, ``"cpu"`` or ``"auto"`` (``python -m fmnist_helpers --hardware``); None
    means what ``FMNIST_HARDWARE`` says (unset: ``"auto"``). ``"gpu"`` or ``"cpu"`` forces that
    recipe on any machine; ``"auto"`` is ``"gpu"`` exactly when TensorFlow sees a GPU.
    """
    choice = hardware_choice() if choice is None else choice.strip().lower()
    if choice == "auto":
        from .gpu import gpu_names

        return "gpu" if gpu_names() else "cpu"
    if choice not in ("cpu", "gpu"):
        raise ValueError(_("The hardware is 'gpu', 'cpu' or 'auto', not {choice!r}.", choice=choice))
    return choice


def recipe_for(model: str = "article", hardware: str | None = None) -> Recipe:
    """The `Recipe` the course trains ``model`` ("article" or "improved") with here, or on ``hardware`` ("cpu"/"gpu").

    ``hardware`` defaults to `training_hardware()`: the GPU's recipe exactly when TensorFlow sees a
    GPU, unless ``FMNIST_HARDWARE`` forces one.
    """
    hardware = training_hardware(hardware)
    if (hardware, model) not in RECIPES:
        raise ValueError(_("No recipe for model {model!r}: the models are 'article' and 'improved'.", model=model))
    return RECIPES[hardware, model]


#: The CPU features (Linux's names in /proc/cpuinfo) that compute bfloat16 natively: AVX512_BF16 (AMD EPYC since
#: Zen 4, Intel Xeon since Cooper Lake) and AMX (Intel Xeon since Sapphire Rapids).
NATIVE_BFLOAT16_FLAGS = ("avx512_bf16", "amx_bf16")


def cpu_has_native_bfloat16(cpuinfo: Path = Path("/proc/cpuinfo")) -> bool:
    """True when this CPU computes bfloat16 natively (`NATIVE_BFLOAT16_FLAGS`); False where it cannot tell (not Linux)."""
    try:
        text = cpuinfo.read_text()
    except OSError:
        return False
    flags = next((line.split(":", 1)[1].split() for line in text.splitlines() if line.startswith("flags")), [])
    return any(flag in flags for flag in NATIVE_BFLOAT16_FLAGS)


def training_precision(hardware: str | None = None) -> str:
    """The Keras dtype policy `fmnist_helpers.training.compile_model` gives the layers: ``"mixed_bfloat16"`` or ``"float32"``.

    On a CPU that computes bfloat16 natively (`cpu_has_native_bfloat16`) the layers compute in bfloat16
    while the weights stay float32 (Keras' mixed precision): the course's CNN trains about 1.7 times
    as fast, the improved CNN 1.2 to 1.3 times, to about the same accuracy (docs/benchmarks.md). Everywhere else,
    GPUs included, float32. ``FMNIST_PRECISION=float32`` or ``bfloat16`` forces one (bfloat16 without
    native support is emulated: slow, for tests). ``hardware`` as in `recipe_for`.
    """
    choice = precision_setting()
    if choice not in PRECISION_CHOICES:
        raise ValueError(
            _(
                "{variable} must be float32, bfloat16 or auto, not {choice!r}.",
                variable=PRECISION_VARIABLE,
                choice=choice,
            )
        )
    if choice == "auto":
        native = training_hardware(hardware) == "cpu" and cpu_has_native_bfloat16()
        choice = "bfloat16" if native else "float32"
    return "mixed_bfloat16" if choice == "bfloat16" else "float32"
