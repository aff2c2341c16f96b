"""The project's promises to a maintainer and to Colab: one test command, safe installs."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def readme_test_command() -> str:
    readme = (ROOT / "README.md").read_text()
    section = readme.split("Run all the tests", 1)[1]
    return re.search(r"```bash\n(.+?)\n```", section, re.S).group(1).strip()


def test_ci_runs_exactly_the_readmes_test_command():
    command = readme_test_command()
    ci_lines = [line.strip() for line in (ROOT / ".ci" / "run").read_text().splitlines()]
    assert command in ci_lines
    assert "nbval" in command and "tests" in command and "notebooks" in command and "FMNIST_QUICK=1" in command


def test_ci_installs_the_data_and_the_requirements_in_a_fresh_venv():
    ci = (ROOT / ".ci" / "run").read_text()
    for step in ("apt-get update", "apt-get install -y -qq dataset-fashion-mnist", "python3 -m venv .venv",
                 "pip install -q -r requirements.txt"):
        assert step in ci


def test_the_package_never_pulls_tensorflow_or_pins_colabs_libraries():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    for requirement in project["dependencies"]:
        assert not re.search(r"tensorflow|keras", requirement, re.I)
        assert not re.search(r"[=<>~!]", requirement), f"{requirement} is pinned: it could change Colab's install"


def test_requirements_install_tensorflow_cpu_and_the_test_tools():
    requirements = (ROOT / "requirements.txt").read_text()
    for name in ("tensorflow-cpu==2.21.0", "nbval", "pytest", "jupyter", "matplotlib", "-e ."):
        assert name in requirements


def test_every_helper_subpackage_is_installed():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())
    listed = set(project["tool"]["setuptools"]["packages"])
    on_disk = {str(p.parent.relative_to(ROOT)).replace("/", ".") for p in (ROOT / "fmnist_helpers").rglob("__init__.py")}
    assert on_disk <= listed
