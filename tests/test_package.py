"""The helper package: light to import, every name reachable, a clear sentence on an old Keras."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import types
from pathlib import Path

import pytest

import fmnist_helpers as fh

ROOT = Path(__file__).resolve().parents[1]
#: What a teacher's plain Python may lack: the fork commands must run without any of it.
HEAVY = ("tensorflow", "keras", "matplotlib", "numpy", "PIL")


def run_python(code: str) -> subprocess.CompletedProcess:
    """Run ``code`` in a fresh Python."""
    return subprocess.run([sys.executable, "-c", "import sys\n" + code], cwd=ROOT, capture_output=True, text=True,
                          timeout=120, env={**os.environ, "PYTHONPATH": str(ROOT)})


def test_every_public_name_and_every_module_is_reachable():
    for name in fh.__all__:
        assert getattr(fh, name) is not None, name
    for module in fh._MODULES:
        assert isinstance(getattr(fh, module), types.ModuleType)
    with pytest.raises(AttributeError, match="no attribute 'trian'"):
        fh.trian


def test_every_name_the_notebooks_use_from_the_package_is_there():
    used = {match for path in sorted((ROOT / "notebooks").glob("*.ipynb"))
            for match in re.findall(r"\bfh\.(\w+(?:\.\w+)*)", path.read_text())}
    assert "recipes.CPU_RECIPE" in used  # the search finds what the notebooks use, dotted names too
    for dotted in sorted(used):
        target = fh
        for part in dotted.split("."):
            assert hasattr(target, part), f"the notebooks use fh.{dotted}, which is gone"
            target = getattr(target, part)


def test_importing_the_package_loads_no_tensorflow_keras_or_matplotlib_and_changes_no_environment():
    done = run_python(
        "import os\nbefore = dict(os.environ)\nimport fmnist_helpers\n"
        f"print(sorted(m for m in sys.modules if m.split('.')[0] in {HEAVY!r}))\n"
        "print(dict(os.environ) == before)"
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["[]", "True"]


def test_an_old_keras_gets_one_sentence_that_says_what_to_install():
    done = run_python(
        "import types\n"
        "sys.modules['keras'] = types.SimpleNamespace(__version__='2.15.0')\n"
        "sys.modules['tensorflow'] = types.SimpleNamespace(__version__='2.15.1')\n"
        "import fmnist_helpers as fh\n"
        "fh.build_model()"
    )
    last_line = done.stderr.strip().splitlines()[-1]
    assert last_line.startswith("ImportError: This course needs Keras 3")
    assert "TensorFlow 2.15.1 with Keras 2.15.0" in last_line and 'pip install -U "tensorflow>=2.16"' in last_line
