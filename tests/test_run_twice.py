"""A student runs a cell again: every code cell of every English notebook keeps working the second time.

Each notebook runs in quick mode (``FMNIST_QUICK=1``) in a fresh kernel, each code cell twice in a row, in
order, as a student who presses Shift+Enter twice would. A cell that reassigns what it reads
(``x = fh.prepare_images(x)``) or deletes a name (``del x``) fails the second time; it should make a new name
instead. A cell whose output nbval checks (``# NBVAL_CHECK_OUTPUT``: it cannot vary) must also print the same
twice. Minutes of CPU: marked slow.
"""

from __future__ import annotations

import os
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
#: The longest one cell may run in quick mode, in seconds (the slowest take well under a minute).
CELL_TIMEOUT = 600


def kernel_environment(keras_home: Path, data_dir: Path) -> dict[str, str]:
    """What the kernel runs with: quick mode, this checkout's helpers, a fresh Keras folder, the data."""
    environment = {name: value for name, value in os.environ.items() if name != "MPLBACKEND"}  # inline figures
    pythonpath = [str(ROOT), *filter(None, [os.environ.get("PYTHONPATH")])]
    environment.update(
        FMNIST_QUICK="1",
        PYTHONPATH=os.pathsep.join(pythonpath),
        KERAS_HOME=str(keras_home),  # no model saved by an earlier run of 06: each notebook trains its own
        FMNIST_DATA_DIR=str(data_dir),
    )
    return environment


def describe(index: int, cell) -> str:
    """How a failure names a cell: its position in nb["cells"] (0-based), its id and its first line."""
    lines = [line for line in cell.source.splitlines() if line.strip() and not line.startswith("# NBVAL_")]
    first_line = lines[0] if lines else ""
    return f"cell {index} (id {cell.get('id', '?')}: {first_line[:60]!r})"


def printed(cell) -> str:
    """What a cell printed and returned, as text (stderr left out: a warning shows only the first time)."""
    parts = []
    for output in cell.outputs:
        if output.output_type == "stream" and output.name == "stdout":
            parts.append(output.text)
        elif output.output_type == "execute_result":
            parts.append(output.data.get("text/plain", ""))
    return "".join(parts)


def first_difference(first: str, second: str) -> str:
    """The first line where two outputs differ, each side quoted."""
    for line_1, line_2 in zip([*first.splitlines(), ""], [*second.splitlines(), ""]):
        if line_1 != line_2:
            return f"{line_1!r} the first time, {line_2!r} the second"
    return "the same lines, other line ends"


@pytest.mark.slow
@pytest.mark.parametrize("path", NOTEBOOKS, ids=[path.stem for path in NOTEBOOKS])
def test_every_code_cell_runs_a_second_time_without_an_error_or_another_checked_output(path, full_data, tmp_path):
    notebook = nbformat.read(path, as_version=4)
    client = NotebookClient(
        notebook,
        timeout=CELL_TIMEOUT,
        kernel_name="python3",
        resources={"metadata": {"path": str(path.parent)}},
    )
    problems = []
    with client.setup_kernel(env=kernel_environment(tmp_path / "keras", full_data)):
        for index, cell in enumerate(notebook.cells):
            if cell.cell_type != "code" or not cell.source.strip():
                continue
            outputs = []
            for run in ("first", "second"):
                try:
                    client.execute_cell(cell, index)
                except CellExecutionError as error:
                    problem = f"{path.name}, {describe(index, cell)}, {run} run: {error.ename}: {error.evalue}"
                    if run == "first":  # what follows would only repeat it
                        pytest.fail("\n".join([*problems, problem]))
                    problems.append(problem)
                    break
                outputs.append(printed(cell))
            if "NBVAL_CHECK_OUTPUT" in cell.source and len(outputs) == 2 and outputs[0] != outputs[1]:
                problems.append(
                    f"{path.name}, {describe(index, cell)}, second run printed {first_difference(*outputs)}"
                )
    assert not problems, "\n".join(problems)
