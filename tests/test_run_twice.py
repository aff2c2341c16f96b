"""A student runs a cell again: every code cell of every English notebook keeps working the second time.

Each notebook runs in quick mode (``FMNIST_QUICK=1``) in a fresh kernel, each code cell twice in a row, in
order, as a student who presses Shift+Enter twice would. A cell that reassigns what it reads
(``x = fh.prepare_images(x)``) or deletes a name (``del x``) fails the second time; it should make a new name
instead. Minutes of CPU: marked slow.
"""

from __future__ import annotations

import os
from pathlib import Path

import nbformat
import pytest

nbclient = pytest.importorskip("nbclient", reason="nbclient comes with jupyter (pip install jupyter)")

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
    first_line = next((line for line in cell.source.splitlines() if line.strip()), "")
    return f"cell {index} (id {cell.get('id', '?')}: {first_line[:60]!r})"


@pytest.mark.slow
@pytest.mark.parametrize("path", NOTEBOOKS, ids=[path.stem for path in NOTEBOOKS])
def test_every_code_cell_runs_a_second_time_without_an_error(path, full_data, tmp_path):
    notebook = nbformat.read(path, as_version=4)
    client = nbclient.NotebookClient(
        notebook,
        timeout=CELL_TIMEOUT,
        kernel_name="python3",
        resources={"metadata": {"path": str(path.parent)}},
    )
    second_run_errors = []
    with client.setup_kernel(env=kernel_environment(tmp_path / "keras", full_data)):
        for index, cell in enumerate(notebook.cells):
            if cell.cell_type != "code" or not cell.source.strip():
                continue
            for run in ("first", "second"):
                try:
                    client.execute_cell(cell, index)
                except nbclient.exceptions.CellExecutionError as error:
                    message = f"{path.name}, {describe(index, cell)}, {run} run: {error.ename}: {error.evalue}"
                    if run == "first":  # what follows would only repeat it
                        pytest.fail("\n".join([*second_run_errors, message]))
                    second_run_errors.append(message)
    assert not second_run_errors, "\n".join(second_run_errors)
