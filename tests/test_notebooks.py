"""The committed notebooks: valid, in course order, one clean Restart & Run All, Colab-ready.

(Their badges and install cells are checked against course.json by `course.check`, below; their
exercises by test_exercises.py.)"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import nbformat
import pytest

import fmnist_helpers
from fmnist_helpers import course

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
COURSE_ORDER = ["01_load_data", "02_reshape", "03_normalize", "04_build_cnn", "05_compile", "06_train", "07_evaluate"]


def code_cells(notebook):
    return [cell for cell in notebook.cells if cell.cell_type == "code" and cell.source.strip()]


@pytest.fixture(params=NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def notebook(request):
    return request.param, nbformat.read(request.param, as_version=4)


def test_the_seven_steps_of_the_article_are_there_in_order():
    names = [p.stem for p in NOTEBOOKS]
    assert names[: len(COURSE_ORDER)] == COURSE_ORDER


def test_notebook_is_valid_nbformat(notebook):
    path, nb = notebook
    nbformat.validate(nb)


def test_setup_cell_installs_the_helpers_only_on_colab_and_never_tensorflow(notebook):
    path, nb = notebook
    setup = code_cells(nb)[0].source
    assert 'if "google.colab" in sys.modules:' in setup
    assert "describe_runtime()" in setup
    install_lines = [line for line in setup.splitlines() if "pip install" in line]
    assert install_lines and all(line.startswith("    ") for line in install_lines), "install only inside the Colab guard"
    assert not any(re.search(r"\b(tensorflow|keras)\b", line) for line in install_lines)


def test_committed_from_one_clean_run(notebook):
    path, nb = notebook
    counts = [cell.execution_count for cell in code_cells(nb)]
    assert None not in counts, "a code cell was never run"
    assert counts == sorted(counts) and len(set(counts)) == len(counts), "not one Restart & Run All"
    assert counts[0] == 1
    for cell in code_cells(nb):
        for output in cell.get("outputs", []):
            assert output.output_type != "error", f"error output in: {cell.source[:60]}"
            assert not (output.output_type == "stream" and output.name == "stderr"), f"stderr in: {cell.source[:60]}"


def test_has_the_course_bones(notebook):
    path, nb = notebook
    text = "\n".join(cell.source for cell in nb.cells if cell.cell_type == "markdown")
    for heading in ("You will learn", "Pitfalls", "Try it", "Summary"):
        assert heading in text, f"{path.name} has no '{heading}' section"
    assert "<details>" in text, "solutions a student can reveal"


def test_links_to_the_next_notebook(notebook):
    path, nb = notebook
    index = NOTEBOOKS.index(path)
    if index + 1 < len(NOTEBOOKS):
        assert f"({NOTEBOOKS[index + 1].name})" in nb.cells[-1].source + nb.cells[-2].source


def test_at_least_one_output_checked_cell_with_output(notebook):
    path, nb = notebook
    checked = [cell for cell in code_cells(nb) if cell.source.lstrip().startswith("# NBVAL_CHECK_OUTPUT")]
    assert checked and all(cell.outputs for cell in checked)


def test_shows_at_least_one_figure(notebook):
    path, nb = notebook
    assert any("image/png" in output.get("data", {}) for cell in code_cells(nb) for output in cell.outputs)


def test_every_badge_and_install_cell_agrees_with_course_json():
    assert course.check(ROOT) == []


def test_notebooks_install_the_tag_of_this_helper_version_and_badges_open_the_branch():
    repo, branch = course.course_home()
    assert course.install_ref() == f"v{fmnist_helpers.__version__}" != branch
    assert course.install_spec() == f"git+https://github.com/{repo}@v{fmnist_helpers.__version__}"
    assert f"from a tag: `{course.install_ref()}`" in (ROOT / "docs" / "teaching.md").read_text()  # the teachers' guide


def copy_of_the_course(root: Path) -> Path:
    """The files set-repo rewrites, in a fresh folder laid out like a checkout."""
    for folder in ("notebooks", "docs"):
        shutil.copytree(ROOT / folder, root / folder)
    shutil.copy(ROOT / "README.md", root / "README.md")
    (root / "fmnist_helpers").mkdir()
    shutil.copy(ROOT / "fmnist_helpers" / "course.json", root / "fmnist_helpers" / "course.json")
    return root


def test_set_repo_rewrites_the_checkouts_badges_install_cells_and_course_json(tmp_path):
    root = copy_of_the_course(tmp_path)
    installed_config = course.CONFIG_PATH.read_text()
    changed = course.set_repo("my-school/fmnist-class@spring", root)
    assert len(changed) >= len(NOTEBOOKS) + 2  # the notebooks, README.md, course.json
    assert course.course_home(root) == ("my-school/fmnist-class", "spring")
    assert course.install_ref(root) == course.install_ref()  # the tag stays, unless --ref says otherwise
    assert course.CONFIG_PATH.read_text() == installed_config  # the installed package is left alone
    assert course.check(root) == []
    first = json.loads((root / "notebooks" / NOTEBOOKS[0].name).read_text())
    text = "".join("".join(cell["source"]) for cell in first["cells"])
    assert f"colab.research.google.com/github/my-school/fmnist-class/blob/spring/notebooks/{NOTEBOOKS[0].name}" in text
    assert f"git+https://github.com/my-school/fmnist-class@{course.install_ref()}" in text
    readme = (root / "README.md").read_text()
    assert "github/my-school/fmnist-class/blob/spring/notebooks/" in readme and "github/fmnist-course/" not in readme


def test_set_repo_with_ref_installs_the_helpers_from_that_ref(tmp_path, capsys):
    root = copy_of_the_course(tmp_path)
    assert course.main(["set-repo", "my-school/fmnist-class", "--ref", "spring-2027", "--root", str(root)]) == 0
    assert "install cells install spring-2027" in capsys.readouterr().out
    assert course.course_home(root) == ("my-school/fmnist-class", "main")
    assert course.install_ref(root) == "spring-2027"
    assert course.main(["check", "--root", str(root)]) == 0


def test_check_finds_a_stale_badge_or_install_line_in_the_readme_and_docs(tmp_path):
    root = copy_of_the_course(tmp_path)
    readme = root / "README.md"
    readme.write_text(readme.read_text().replace("/blob/main/notebooks/02_reshape", "/blob/old/notebooks/02_reshape"))
    (root / "docs" / "extra.md").write_text(
        "pip install git+https://github.com/someone/else@main\n"
        "[badge](https://colab.research.google.com/github/fmnist-course/fashion-mnist-course/blob/main/notebooks/99_gone.ipynb)\n")
    problems = "\n".join(course.check(root))
    assert "README.md: a badge opens fmnist-course/fashion-mnist-course@old" in problems
    assert "docs/extra.md: installs from someone/else@main" in problems
    assert "docs/extra.md: a badge opens notebooks/99_gone.ipynb, which does not exist" in problems


def test_set_repo_refuses_a_folder_that_is_not_a_checkout(tmp_path):
    with pytest.raises(ValueError, match="not a checkout of the course"):
        course.set_repo("my-school/fmnist-class@spring", tmp_path)


def test_set_repo_refuses_a_malformed_target():
    with pytest.raises(ValueError, match="OWNER/REPO"):
        course.parse_target("not a repo")
