"""The helper package: light to import, every name reachable, a clear sentence on an old Keras."""

from __future__ import annotations

import os
import subprocess
import sys
import types
from pathlib import Path

import pytest

import fmnist_helpers as fh

ROOT = Path(__file__).resolve().parents[1]
#: What a teacher's plain Python may lack: the fork commands must run without any of it.
HEAVY = ("tensorflow", "keras", "matplotlib", "numpy", "PIL")


def run_python(code: str, *, blocked: tuple[str, ...] = (), env: dict[str, str] | None = None,
               cwd: Path = ROOT) -> subprocess.CompletedProcess:
    """Run ``code`` in a fresh Python in which importing any of ``blocked`` fails."""
    shim = "import sys\nfor name in %r:\n    sys.modules[name] = None\n" % (blocked,)
    return subprocess.run([sys.executable, "-c", shim + code], cwd=cwd, capture_output=True, text=True,
                          timeout=120, env={**os.environ, "PYTHONPATH": str(ROOT), **(env or {})})


def test_every_public_name_and_every_module_is_reachable():
    for name in fh.__all__:
        assert getattr(fh, name) is not None, name
    for module in ("training", "model", "evaluation", "plots", "runtime", "data", "preprocessing", "photos",
                   "course", "exercises"):
        assert isinstance(getattr(fh, module), types.ModuleType)
    assert fh.training.EpochLog and fh.training.recipe()  # what the notebooks use
    with pytest.raises(AttributeError, match="no attribute 'trian'"):
        fh.trian


def test_importing_the_package_loads_no_tensorflow_keras_or_matplotlib_and_changes_no_environment():
    done = run_python(
        "import os\nbefore = dict(os.environ)\nimport fmnist_helpers\n"
        f"print(sorted(m for m in sys.modules if m.split('.')[0] in {HEAVY!r}))\n"
        "print(dict(os.environ) == before)"
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["[]", "True"]


def test_the_fork_commands_run_with_plain_python(tmp_path):
    for folder in ("notebooks", "docs"):
        (tmp_path / folder).mkdir()
        for path in (ROOT / folder).iterdir():
            (tmp_path / folder / path.name).write_bytes(path.read_bytes())
    (tmp_path / "fmnist_helpers").mkdir()
    (tmp_path / "fmnist_helpers" / "course.json").write_bytes((ROOT / "fmnist_helpers" / "course.json").read_bytes())
    (tmp_path / "README.md").write_bytes((ROOT / "README.md").read_bytes())
    as_the_command = "import runpy\nsys.argv = ['fmnist_helpers.course'] + sys.argv[1:]\n" \
                     "runpy.run_module('fmnist_helpers.course', run_name='__main__', alter_sys=True)"

    def command(*arguments: str) -> subprocess.CompletedProcess:
        code = f"sys.argv[1:] = {list(arguments)!r}\n" + as_the_command
        return run_python(code, blocked=HEAVY, cwd=tmp_path)

    helped = command("--help")
    assert helped.returncode == 0, helped.stderr
    assert "set-repo" in helped.stdout and "check" in helped.stdout
    moved = command("set-repo", "my-school/fmnist-class@spring")
    assert moved.returncode == 0, moved.stderr
    assert "my-school/fmnist-class" in (tmp_path / "fmnist_helpers" / "course.json").read_text()
    checked = command("check")
    assert checked.returncode == 0, checked.stdout + checked.stderr


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
