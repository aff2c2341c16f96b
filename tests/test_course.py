"""The course's GitHub home: badges, the pinned install line, and a teacher's fork, in real clones."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from fmnist_helpers import course

ROOT = Path(__file__).resolve().parents[1]
#: What a teacher's plain Python may lack: the fork commands must run without any of it.
HEAVY = ("tensorflow", "keras", "matplotlib", "numpy", "PIL")


def git(folder: Path, *arguments: str) -> str:
    return subprocess.run(["git", *arguments], cwd=folder, check=True, capture_output=True, text=True).stdout.strip()


@pytest.fixture
def fresh_clone(tmp_path) -> Path:
    """A clone of this repository as GitHub would serve it: what is committed, nothing else."""
    clone = tmp_path / "clone"
    git(tmp_path, "clone", "--quiet", "--no-local", str(ROOT), str(clone))
    git(clone, "config", "user.email", "teacher@example.org")
    git(clone, "config", "user.name", "A teacher")
    return clone


def commit_all(clone: Path, message: str) -> None:
    git(clone, "add", "-A")
    git(clone, "commit", "--quiet", "-m", message)


def course_command(clone: Path, *arguments: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "fmnist_helpers.course", *arguments],
        cwd=clone,
        capture_output=True,
        text=True,
        timeout=120,
        env=env or {**os.environ, "PYTHONPATH": str(ROOT)},
    )


def test_every_badge_and_install_cell_of_this_checkout_agrees_with_course_json_and_git():
    assert course.check(ROOT) == []


def test_every_notebook_of_both_editions_has_colab_and_kaggle_badges_that_open_that_notebook():
    config = course.read_config(ROOT)
    home = f"github.com/{config['repo']}/blob/{config['branch']}/"
    notebooks = sorted((ROOT / "notebooks").rglob("[0-9][0-9]_*.ipynb"))
    assert len(notebooks) >= 18
    for notebook in notebooks:
        own = notebook.relative_to(ROOT).as_posix()
        header = "".join(json.loads(notebook.read_text())["cells"][0]["source"])
        assert f"(https://colab.research.google.com/{home.replace('github.com/', 'github/')}{own})" in header, own
        assert f"(https://kaggle.com/kernels/welcome?src=https://{home}{own})" in header, own
        assert "[![Open In Kaggle](https://kaggle.com/static/images/open-in-kaggle.svg)]" in header, own
        assert "Settings > Internet" in header and "Settings > Accelerator" in header, own
        opened = re.findall(r"(?:colab\.research\.google\.com/github|kaggle\.com/kernels/welcome\?src=)[^)\s]*", header)
        assert len(opened) == 2 and all(link.endswith(f"/blob/{config['branch']}/{own}") for link in opened), opened


def test_in_a_fresh_clone_the_install_commit_exists_and_holds_heads_helper_code(fresh_clone):
    (ref,) = course.pinned_refs(fresh_clone)  # one ref, in every notebook of every edition
    assert course.COMMIT_PATTERN.match(ref)
    assert git(fresh_clone, "cat-file", "-t", ref) == "commit"
    for path in course.HELPER_PATHS:
        assert git(fresh_clone, "rev-parse", f"{ref}:{path}") == git(fresh_clone, "rev-parse", f"HEAD:{path}"), path
    assert course.check(fresh_clone) == []


def test_a_helper_change_makes_the_pin_stale_until_pin_is_run_again(fresh_clone):
    init = fresh_clone / "fmnist_helpers" / "__init__.py"
    init.write_text(init.read_text() + "\n# a change to the helpers\n")
    assert course_command(fresh_clone, "pin").returncode == 1  # uncommitted: pinning now would name the wrong code
    commit_all(fresh_clone, "Change the helpers")
    (problem,) = course.pin_problems(fresh_clone)
    assert "fmnist_helpers/__init__.py" in problem and "pin" in problem
    assert course_command(fresh_clone, "check").returncode == 1
    done = course_command(fresh_clone, "pin")
    assert done.returncode == 0, done.stderr
    assert course.pinned_refs(fresh_clone) == {git(fresh_clone, "rev-parse", "HEAD")}
    assert course.check(fresh_clone) == []


def test_a_pin_that_is_not_in_the_history_or_not_a_commit_is_caught(fresh_clone):
    (ref,) = course.pinned_refs(fresh_clone)
    notebook = sorted((fresh_clone / "notebooks").glob("0*.ipynb"))[0]
    text = notebook.read_text()
    notebook.write_text(text.replace(ref, "0" * 40))
    assert any("not in this checkout's history" in p or "different refs" in p for p in course.check(fresh_clone))
    for path in sorted((fresh_clone / "notebooks").rglob("*.ipynb")):
        path.write_text(path.read_text().replace(ref, "v0.2.0").replace("0" * 40, "v0.2.0"))
    assert any("not a commit id" in p for p in course.check(fresh_clone))


def test_a_teachers_fork_with_plain_python_badges_and_installs_point_at_the_fork(fresh_clone, tmp_path):
    blocker = tmp_path / "blocker"  # imported at start-up by every Python started with it on PYTHONPATH
    blocker.mkdir()
    (blocker / "sitecustomize.py").write_text(f"import sys\nfor name in {HEAVY!r}:\n    sys.modules[name] = None\n")
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(blocker), str(ROOT)])}
    blocked = subprocess.run([sys.executable, "-c", "import tensorflow"], env=env, capture_output=True, text=True)
    assert "import of tensorflow halted" in blocked.stderr  # the blocker works
    (ref,) = course.pinned_refs(fresh_clone)

    helped = course_command(fresh_clone, "--help", env=env)
    assert helped.returncode == 0 and all(word in helped.stdout for word in ("pin", "set-repo", "check"))
    moved = course_command(fresh_clone, "set-repo", "my-school/fmnist-class@spring", env=env)
    assert moved.returncode == 0, moved.stderr
    assert json.loads((fresh_clone / "course.json").read_text()) == {
        "repo": "my-school/fmnist-class",
        "branch": "spring",
    }
    for notebook in sorted((fresh_clone / "notebooks").rglob("*.ipynb")):
        own = notebook.relative_to(fresh_clone).as_posix()
        text = notebook.read_text()
        assert f"colab.research.google.com/github/my-school/fmnist-class/blob/spring/{own}" in text, own
        assert f"kaggle.com/kernels/welcome?src=https://github.com/my-school/fmnist-class/blob/spring/{own}" in text
        assert f"git+https://github.com/my-school/fmnist-class@{ref}" in text, own  # the same commit, in the fork
        assert "github.com/fmnist-course/" not in text and "github/fmnist-course/" not in text, own
    readme = (fresh_clone / "README.md").read_text()
    assert "github/my-school/fmnist-class/blob/spring/notebooks/" in readme and "github/fmnist-course/" not in readme
    assert "src=https://github.com/my-school/fmnist-class/blob/spring/notebooks/" in readme
    assert "github.com/fmnist-course/" not in readme
    assert "https://my-school.github.io/fmnist-class/" in readme and "fmnist-course.github.io" not in readme
    assert not git(fresh_clone, "status", "--porcelain", "--", *course.HELPER_PATHS)  # the helpers are untouched
    commit_all(fresh_clone, "Point the course at our fork")
    checked = course_command(fresh_clone, "check", env=env)
    assert checked.returncode == 0, checked.stdout + checked.stderr


def test_check_finds_a_stale_badge_or_install_line_in_the_readme_and_docs(fresh_clone):
    with (fresh_clone / "docs" / "teaching.md").open("a") as guide:
        guide.write(
            "pip install git+https://github.com/someone/else@main\n"
            "[badge](https://colab.research.google.com/github/fmnist-course/fashion-mnist-course/blob/main/notebooks/99_gone.ipynb)\n"
        )
    problems = "\n".join(course.check(fresh_clone))
    assert "docs/teaching.md: installs the helpers from someone/else" in problems
    assert "docs/teaching.md: a badge opens notebooks/99_gone.ipynb, which does not exist" in problems


def test_check_finds_a_kaggle_badge_that_opens_another_notebook_or_is_missing(fresh_clone):
    first, second = sorted((fresh_clone / "notebooks").glob("0*.ipynb"))[:2]
    kaggle = "kaggle.com/kernels/welcome?src=https://github.com/fmnist-course/fashion-mnist-course/blob/main/"
    first.write_text(first.read_text().replace(kaggle + "notebooks/" + first.name, kaggle + "notebooks/" + second.name))
    second.write_text(second.read_text().replace(kaggle, "kaggle.com/somewhere-else/"))
    problems = course.check(fresh_clone)
    assert (
        f"notebooks/{first.name}: the badge opens notebooks/{second.name}, expected notebooks/{first.name}" in problems
    )
    assert f"notebooks/{second.name}: no Kaggle badge" in problems


def test_the_commands_refuse_a_folder_that_is_not_a_checkout_and_a_malformed_target(tmp_path):
    done = course_command(tmp_path, "set-repo", "my-school/fmnist-class")
    assert done.returncode == 1 and "is not a checkout of the course" in done.stderr
    with pytest.raises(course.CourseError, match="OWNER/REPO"):
        course.parse_target("not a repo")


# PAI-DSW: the Chinese edition opens on Alibaba Cloud too, where Colab and Kaggle may not load.

HOME = "fmnist-course/fashion-mnist-course"
PAI = "https://gallery.pai-ml.com/#/import/https://github.com/"


def a_notebook(path: Path, header: str, install: str) -> None:
    """A notebook of two cells: its header (title, badges, links) and a setup cell that installs the helpers."""
    path.parent.mkdir(parents=True, exist_ok=True)
    cells = [
        {"cell_type": "markdown", "metadata": {}, "source": [header]},
        {"cell_type": "code", "metadata": {}, "source": [f"%pip install -q {install}"], "outputs": []},
    ]
    path.write_text(json.dumps({"cells": cells, "metadata": {}, "nbformat": 4, "nbformat_minor": 5}, indent=1))


def a_header(own: str, pai: bool) -> str:
    """A notebook's badges as the course writes them, with a PAI-DSW link when ``pai``."""
    colab = f"[![Open In Colab](https://colab.research.google.com/assets/colab-badge.svg)](https://colab.research.google.com/github/{HOME}/blob/main/{own})"
    kaggle = f"[![Open In Kaggle](https://kaggle.com/static/images/open-in-kaggle.svg)](https://kaggle.com/kernels/welcome?src=https://github.com/{HOME}/blob/main/{own})"
    link = f"\n\n[在阿里云 PAI-DSW 中打开]({PAI}{HOME}/blob/main/{own})" if pai else ""
    return f"# 01\n\n{colab} {kaggle}{link}\n"


@pytest.fixture
def small_course(tmp_path) -> Path:
    """A course of its own, in two commits: the helpers, then one notebook per edition, installing them from the first.

    Its helpers are a ``pyproject.toml`` alone: a ``fmnist_helpers`` folder would hide this checkout's from the commands.
    """
    root = tmp_path / "small_course"
    root.mkdir()
    (root / "pyproject.toml").write_text('[project]\nname = "fmnist-helpers"\n')
    (root / course.CONFIG_NAME).write_text(json.dumps({"repo": HOME, "branch": "main"}, indent=2) + "\n")
    git(root, "init", "--quiet", "--initial-branch", "main")
    git(root, "config", "user.email", "maintainer@example.org")
    git(root, "config", "user.name", "A maintainer")
    commit_all(root, "The helpers")
    install = f"git+https://github.com/{HOME}@{git(root, 'rev-parse', 'HEAD')}"
    for own in ("notebooks/01_load_data.ipynb", "notebooks/zh-CN/01_load_data.ipynb"):
        a_notebook(root / own, a_header(own, pai="/zh-CN/" in own), install)
    commit_all(root, "The notebooks")
    return root


def replace_in(path: Path, old: str, new: str) -> None:
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new))


def test_a_chinese_notebook_needs_its_own_pai_dsw_link_and_an_english_one_does_not(small_course):
    assert course.check(small_course) == []  # the English notebook has no PAI-DSW link, and needs none
    chinese = small_course / "notebooks" / "zh-CN" / "01_load_data.ipynb"
    replace_in(chinese, f"gallery.pai-ml.com/#/import/https://github.com/{HOME}/", "gallery.pai-ml.com/somewhere-else/")
    assert course.check(small_course) == ["notebooks/zh-CN/01_load_data.ipynb: no PAI-DSW link"]


@pytest.mark.parametrize(
    "link, problem",
    [
        (
            f"{PAI}someone/else/blob/main/notebooks/zh-CN/01_load_data.ipynb",
            f"a PAI-DSW link opens someone/else@main, expected {HOME}@main",
        ),
        (
            f"{PAI}{HOME}/blob/spring/notebooks/zh-CN/01_load_data.ipynb",
            f"a PAI-DSW link opens {HOME}@spring, expected {HOME}@main",
        ),
        (
            f"{PAI}{HOME}/blob/main/notebooks/01_load_data.ipynb",
            "the PAI-DSW link opens notebooks/01_load_data.ipynb, expected notebooks/zh-CN/01_load_data.ipynb",
        ),
        (
            f"{PAI}{HOME}/blob/main/notebooks/zh-CN/99_gone.ipynb",
            "a PAI-DSW link opens notebooks/zh-CN/99_gone.ipynb, which does not exist",
        ),
    ],
    ids=["another_repo", "another_branch", "another_notebook", "a_missing_notebook"],
)
def test_check_finds_a_pai_dsw_link_that_disagrees_with_course_json_or_opens_the_wrong_notebook(
    small_course, link, problem
):
    chinese = small_course / "notebooks" / "zh-CN" / "01_load_data.ipynb"
    replace_in(chinese, f"{PAI}{HOME}/blob/main/notebooks/zh-CN/01_load_data.ipynb", link)
    assert f"notebooks/zh-CN/01_load_data.ipynb: {problem}" in course.check(small_course)


def test_check_finds_a_stale_pai_dsw_link_in_the_readme(small_course):
    (small_course / "README.zh-CN.md").write_text(
        f"[在阿里云 PAI-DSW 中打开]({PAI}{HOME}/blob/main/notebooks/zh-CN/01_load_data.ipynb)\n"
        f"[在阿里云 PAI-DSW 中打开]({PAI}{HOME}/blob/main/notebooks/zh-CN/09_gone.ipynb)\n"
    )
    assert course.check(small_course) == [
        "README.zh-CN.md: a PAI-DSW link opens notebooks/zh-CN/09_gone.ipynb, which does not exist"
    ]


def test_set_repo_points_every_pai_dsw_link_at_the_fork(small_course):
    (small_course / "README.zh-CN.md").write_text(
        f"[在阿里云 PAI-DSW 中打开]({PAI}{HOME}/blob/main/notebooks/zh-CN/01_load_data.ipynb)\n"
    )
    moved = course_command(small_course, "set-repo", "my-school/fmnist-class@spring")
    assert moved.returncode == 0, moved.stderr
    fork = f"{PAI}my-school/fmnist-class/blob/spring/notebooks/zh-CN/01_load_data.ipynb"
    for path in (small_course / "notebooks" / "zh-CN" / "01_load_data.ipynb", small_course / "README.zh-CN.md"):
        assert fork in path.read_text() and HOME not in path.read_text(), path.name
    assert "pai-ml" not in (small_course / "notebooks" / "01_load_data.ipynb").read_text()
    commit_all(small_course, "Point the course at our fork")
    checked = course_command(small_course, "check")
    assert checked.returncode == 0, checked.stdout + checked.stderr
