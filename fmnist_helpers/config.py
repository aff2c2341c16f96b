"""The course's settings from the environment, in one place, read at call time (never at import).

Every ``FMNIST_*`` variable the helpers understand, and ``KERAS_HOME``, is read here and nowhere
else, each time it is needed: a notebook's ``%env FMNIST_QUICK=1`` or a test's ``monkeypatch.setenv``
takes effect at once.

==========================  ======================================================================
variable                    what it does
==========================  ======================================================================
``FMNIST_QUICK``            ``1``: CI's seconds-long run of every notebook (less data, 1 epoch)
``FMNIST_STRICT``           ``1``: a maintainer's re-run, where a figure that differs from the prose is an error
``FMNIST_LANGUAGE``         ``zh-CN``: the helpers' feedback in Chinese (default ``en``; ``fh.set_language`` overrides it)
``FMNIST_HARDWARE``         ``gpu``, ``cpu`` or ``auto`` (default): whose training recipes to use
``FMNIST_PRECISION``        ``float32``, ``bfloat16`` or ``auto`` (default): how the layers compute on a CPU
``FMNIST_DATA_DIR``         a folder with the four Fashion-MNIST files
``FMNIST_DATA_URL``         comma-separated web addresses of copies of the four files, tried first
``FMNIST_SYSTEM_DATA_DIR``  where Debian's ``dataset-fashion-mnist`` put the files (to hide it in a test)
``KERAS_HOME``              Keras' own folder (default ``~/.keras``): its data cache, 06's saved model
==========================  ======================================================================
"""

from __future__ import annotations

import os
from pathlib import Path

__all__ = [
    "DATA_DIR_VARIABLE",
    "DATA_URL_VARIABLE",
    "HARDWARE_CHOICES",
    "HARDWARE_VARIABLE",
    "LANGUAGE_VARIABLE",
    "PRECISION_CHOICES",
    "PRECISION_VARIABLE",
    "QUICK_VARIABLE",
    "STRICT_VARIABLE",
    "SYSTEM_DATA_DIR_VARIABLE",
    "data_dir",
    "data_urls",
    "env_flag",
    "hardware_setting",
    "keras_home",
    "language_setting",
    "precision_setting",
    "quick_mode",
    "strict_mode",
    "system_data_dir",
]

QUICK_VARIABLE = "FMNIST_QUICK"
STRICT_VARIABLE = "FMNIST_STRICT"
HARDWARE_VARIABLE = "FMNIST_HARDWARE"
LANGUAGE_VARIABLE = "FMNIST_LANGUAGE"
PRECISION_VARIABLE = "FMNIST_PRECISION"
DATA_DIR_VARIABLE = "FMNIST_DATA_DIR"
DATA_URL_VARIABLE = "FMNIST_DATA_URL"
SYSTEM_DATA_DIR_VARIABLE = "FMNIST_SYSTEM_DATA_DIR"

#: What ``FMNIST_HARDWARE`` (and ``python -m fmnist_helpers --hardware``) may say.
HARDWARE_CHOICES = ("auto", "cpu", "gpu")
#: What ``FMNIST_PRECISION`` may say (`fmnist_helpers.recipes.training_precision`).
PRECISION_CHOICES = ("auto", "bfloat16", "float32")

#: Where ``apt-get install dataset-fashion-mnist`` puts the files (Debian, Ubuntu): one optional place.
_DEBIAN_DATA_DIR = "/usr/share/datasets/fashion-mnist"


def env_flag(name: str) -> bool:
    """True when the environment variable ``name`` says yes: ``1``, ``true``, ``yes`` or ``on`` (any case)."""
    return os.environ.get(name, "").strip().lower() in ("1", "true", "yes", "on")


def quick_mode() -> bool:
    """True when ``FMNIST_QUICK=1``: CI's seconds-long run of every notebook (less data, 1 epoch)."""
    return env_flag(QUICK_VARIABLE)


def strict_mode() -> bool:
    """True when ``FMNIST_STRICT=1``: a maintainer's re-run, where a figure that differs from the prose is an error."""
    return env_flag(STRICT_VARIABLE)


def hardware_setting() -> str:
    """What ``FMNIST_HARDWARE`` says, in lower case, or ``"auto"`` when unset.

    `fmnist_helpers.recipes.hardware_choice` checks it against `HARDWARE_CHOICES` (its error in the
    student's language: this module imports no other, the language helpers included).
    """
    return os.environ.get(HARDWARE_VARIABLE, "").strip().lower() or "auto"


def precision_setting() -> str:
    """What ``FMNIST_PRECISION`` says, in lower case, or ``"auto"`` when unset (checked against `PRECISION_CHOICES`
    by `fmnist_helpers.recipes.training_precision`)."""
    return os.environ.get(PRECISION_VARIABLE, "").strip().lower() or "auto"


def language_setting() -> str:
    """What ``FMNIST_LANGUAGE`` says (e.g. ``"zh-CN"``), or ``""`` when unset (`fmnist_helpers.i18n.language` checks it)."""
    return os.environ.get(LANGUAGE_VARIABLE, "").strip()


def data_dir() -> Path | None:
    """The folder in ``FMNIST_DATA_DIR``, or None when it is unset."""
    value = os.environ.get(DATA_DIR_VARIABLE, "").strip()
    return Path(value) if value else None


def data_urls() -> list[str]:
    """The web addresses in ``FMNIST_DATA_URL`` (comma-separated), each ending in ``/``; empty when unset."""
    urls = (url.strip() for url in os.environ.get(DATA_URL_VARIABLE, "").split(","))
    return [url if url.endswith("/") else url + "/" for url in urls if url]


def system_data_dir() -> Path:
    """Where Debian's ``dataset-fashion-mnist`` puts the files, or ``FMNIST_SYSTEM_DATA_DIR`` when set."""
    return Path(os.environ.get(SYSTEM_DATA_DIR_VARIABLE, "").strip() or _DEBIAN_DATA_DIR)


def keras_home() -> Path:
    """The Keras folder: ``KERAS_HOME``, or ``~/.keras`` (where Keras keeps data sets and settings)."""
    return Path(os.environ.get("KERAS_HOME", "").strip() or Path.home() / ".keras")
