"""The committed notebooks: valid, in course order, one clean Restart & Run All, ready for any Jupyter.

(Their badges and install cells are checked against course.json by `course.check` in tests/test_course.py; their
exercises by test_exercises.py.)"""

from __future__ import annotations

import re
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

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


#: A lesson a beginner finishes in one class hour (issue 24): words of prose per notebook, and for the course.
MAX_WORDS_PER_NOTEBOOK = 1_400
MAX_WORDS_IN_COURSE = 10_000


def prose_words(nb) -> int:
    """The words of a notebook's markdown cells, split at white space (the fenced code of solution blocks included)."""
    return sum(len(cell.source.split()) for cell in nb.cells if cell.cell_type == "markdown")


def test_a_notebook_is_a_lesson_of_at_most_1400_words(notebook):
    path, nb = notebook
    words = prose_words(nb)
    assert words <= MAX_WORDS_PER_NOTEBOOK, f"{path.name}: {words:,} words of prose; a lesson has at most 1,400"


def test_the_whole_course_is_at_most_10000_words_of_prose():
    words = {path.stem: prose_words(nbformat.read(path, as_version=4)) for path in NOTEBOOKS}
    assert sum(words.values()) <= MAX_WORDS_IN_COURSE, f"{sum(words.values()):,} words: {words}"


def test_prose_words_counts_markdown_only():
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_markdown_cell("One two\n\n```python\nx = 1\n```"), nbformat.v4.new_code_cell("a b c d")]
    assert prose_words(nb) == 7  # One, two, ```python, x, =, 1, ```


def test_notebook_is_valid_nbformat(notebook):
    path, nb = notebook
    nbformat.validate(nb)


def install_lines(setup: str) -> list[str]:
    """The setup cell's install code: its lines before the first blank one, comments left out (they are translated)."""
    block = setup.split("\n\n")[0]
    code = [re.sub(r"\s+# [^\"']*$", "", line) for line in block.splitlines()]
    return [line for line in code if not line.lstrip().startswith("#")]


def test_setup_cell_installs_the_helpers_only_where_they_are_missing_and_never_tensorflow(notebook):
    path, nb = notebook
    setup = code_cells(nb)[0].source
    lines = install_lines(setup)
    assert 'if importlib.util.find_spec("fmnist_helpers") is None:' in lines
    pip = [line for line in lines if '"pip", "install"' in line]
    assert len(pip) == 1 and pip[0].startswith("    "), "pip runs only where the helpers are missing"
    assert "capture_output=True" in pip[0], "no wall of pip output"
    code = "\n".join(lines)
    assert not re.search(r"\b(tensorflow|keras)\b|--upgrade|-U\b|--force|--no-deps", code)
    assert "%pip" not in code and "!pip" not in code, "plain Python: the same code runs in any Jupyter"
    assert "describe_runtime()" in setup


def test_every_notebook_of_both_editions_has_the_same_install_lines():
    every = sorted((ROOT / "notebooks").rglob("[0-9][0-9]_*.ipynb"))
    assert len(every) == 2 * len(NOTEBOOKS)
    blocks = {"\n".join(install_lines(code_cells(nbformat.read(path, as_version=4))[0].source)) for path in every}
    assert len(blocks) == 1, "\n\n".join(sorted(blocks))


def run_setup_code(tmp_path: Path, helpers_missing: bool) -> list[dict]:
    """Notebook 01's install code in a fresh Jupyter kernel, with GitHub unreachable (pointed at a missing folder);
    what the student sees: the cell's outputs."""
    setup = code_cells(nbformat.read(NOTEBOOKS[0], as_version=4))[0].source
    code = "\n".join(install_lines(setup))
    if helpers_missing:  # as in a Python where they were never installed: find_spec returns None
        code = 'import sys\nsys.modules["fmnist_helpers"] = None\n' + code
    offline = {
        "GIT_CONFIG_COUNT": "1",
        "GIT_CONFIG_KEY_0": f"url.file://{tmp_path / 'unreachable'}/.insteadOf",
        "GIT_CONFIG_VALUE_0": "https://github.com/",
        "PIP_NO_INDEX": "1",
        "PIP_DISABLE_PIP_VERSION_CHECK": "1",
        "PYTHONPATH": str(ROOT),
    }
    notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(code)])
    client = NotebookClient(notebook, timeout=120, allow_errors=True, resources={"metadata": {"path": str(tmp_path)}})
    with pytest.MonkeyPatch.context() as patch:
        for name, value in offline.items():
            patch.setenv(name, value)  # the kernel inherits them
        client.execute()
    return notebook.cells[0].outputs


def test_setup_cell_that_cannot_install_says_what_to_do_in_one_line_without_a_traceback(tmp_path):
    (output,) = run_setup_code(tmp_path, helpers_missing=True)  # no pip output, no warning on stderr
    assert output.output_type == "error", "the notebook stops here"
    (advice,) = output.traceback  # all Jupyter shows of an error
    assert advice == output.evalue and "Settings > Internet" in advice and "pip install" in advice


def test_setup_cell_is_silent_and_installs_nothing_where_the_helpers_are_present(tmp_path):
    assert run_setup_code(tmp_path, helpers_missing=False) == []  # pip would fail here: it must not run


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
