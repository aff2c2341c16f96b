"""The committed notebooks: valid, in course order, one clean Restart & Run All, Colab-ready.

(Their badges and install cells are checked against course.json by `course.check` in tests/test_course.py; their
exercises by test_exercises.py.)"""

from __future__ import annotations

import re
from pathlib import Path

import nbformat
import pytest

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
    assert install_lines and all(line.startswith("    ") for line in install_lines), (
        "install only inside the Colab guard"
    )
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
