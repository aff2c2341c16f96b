"""The exercise framework itself: what a check returns and how a notebook shows it."""

import re
from pathlib import Path

import nbformat
import pytest
from IPython.core.formatters import DisplayFormatter

from fmnist_helpers.exercises import Verdict, check, exercises_for

NOTEBOOKS = sorted((Path(__file__).resolve().parents[1] / "notebooks").glob("[0-9][0-9]_*.ipynb"))


def test_a_verdict_is_true_or_false():
    assert Verdict(True) and not Verdict(False)
    assert Verdict(True) == True and Verdict(False) == False  # noqa: E712  (the comparison is the point)
    assert Verdict(True) == Verdict(True) and Verdict(True) != Verdict(False)
    assert repr(Verdict(False)) == "Verdict(right=False)"


def test_a_notebook_shows_nothing_after_the_printed_verdict(capsys):
    verdict = check.shape_of_one_image(...)  # unanswered: prints the question
    assert not verdict and "✏️" in capsys.readouterr().out
    assert DisplayFormatter().format(verdict) == ({}, {})  # no stray "False" under the message
    assert DisplayFormatter().format(False) != ({}, {})  # (a plain False would be shown)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[path.stem for path in NOTEBOOKS])
def test_every_check_a_notebook_calls_is_one_of_its_own_exercises(path):
    notebook = nbformat.read(path, as_version=4)
    called = {name for cell in notebook.cells if cell.cell_type == "code"
              for name in re.findall(r"\bcheck\.(\w+)\(", cell.source)}
    own = {entry.name for entry in exercises_for(path.stem)}
    assert called and called <= own, f"{path.name} calls {sorted(called - own)}, which are not exercises of {path.stem}"
