"""The exercise framework itself: what a check returns and how a notebook shows it."""

import functools
import re
from pathlib import Path

import nbformat
import pytest
from conftest import needs_full_data
from IPython.core.formatters import DisplayFormatter

from fmnist_helpers.exercises import Verdict, check, exercises_for, hint, solution

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


def _all_exercises() -> list[str]:
    from fmnist_helpers.exercises import EXERCISES, _load_all

    _load_all()
    return sorted(EXERCISES)


def _answer_count(name: str) -> int:
    """How many answers check.NAME takes (its checker's parameters without a default)."""
    import inspect

    from fmnist_helpers.exercises import EXERCISES

    parameters = inspect.signature(EXERCISES[name].checker).parameters.values()
    return len([parameter for parameter in parameters if parameter.default is parameter.empty])


@pytest.mark.parametrize("name", _all_exercises())
def test_an_unanswered_exercise_prints_its_question(name, capsys):
    from fmnist_helpers.exercises import EXERCISES

    verdict = getattr(check, name)(*[...] * _answer_count(name))  # the cell as the notebook ships it
    printed = capsys.readouterr().out
    assert verdict.right is False and printed.startswith("✏️") and "❌" not in printed
    assert EXERCISES[name].question in printed and "Replace the ..." in printed and f"hint({name!r})" in printed


@pytest.mark.parametrize("name", _all_exercises())
def test_a_check_never_raises_on_an_answer_of_the_wrong_kind(name, capsys):
    verdict = getattr(check, name)(*[object()] * _answer_count(name))  # nothing a checker expects
    printed = capsys.readouterr().out
    assert verdict.right is False and printed.startswith("❌ Not yet:") and "Traceback" not in printed


def test_a_checker_that_crashes_on_an_answer_gives_the_student_one_friendly_line(capsys, monkeypatch):
    from fmnist_helpers.exercises import EXERCISES, Exercise

    def crashes(answer):
        raise ZeroDivisionError("division by zero\n  (a second line the student need not see)")

    monkeypatch.setitem(
        EXERCISES, "crashes", Exercise("crashes", "00_test", "What is 1/0?", "Think again.", "", crashes)
    )
    verdict = check.crashes(1)
    printed = capsys.readouterr().out
    assert verdict.right is False and printed.count("\n") == 1
    assert printed.startswith("❌ Not yet: this answer could not be checked (ZeroDivisionError: division by zero).")
    assert "the kind of answer the question asks for" in printed and printed.strip().endswith("Hint: Think again.")
    assert check.steps_per_epoch("two hundred and eleven").right is False  # a real checker, a text for a number
    assert "could not be checked (ValueError: could not convert string to float" in capsys.readouterr().out


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[path.stem for path in NOTEBOOKS])
def test_every_check_a_notebook_calls_is_one_of_its_own_exercises(path):
    notebook = nbformat.read(path, as_version=4)
    called = {
        name
        for cell in notebook.cells
        if cell.cell_type == "code"
        for name in re.findall(r"\bcheck\.(\w+)\(", cell.source)
    }
    own = {entry.name for entry in exercises_for(path.stem)}
    assert called and called <= own, f"{path.name} calls {sorted(called - own)}, which are not exercises of {path.stem}"


# --- every exercise's own solution passes its own check ---------------------------------------------

#: The names 08 defines before its open exercise (the table's models and its measuring tools): a
#: solution must not overwrite them, or re-running the table afterwards would measure something else.
NAMES_08_DEFINES = (
    "article_cnn",
    "with_dropout",
    "with_batch_norm",
    "more_convolutions",
    "wider_dense",
    "with_flips",
    "with_shifts",
    "measure",
    "baseline_accuracies",
    "baseline_rows",
)


class _Recorder:
    """``check`` as a notebook has it, remembering the verdict when a solution calls a check itself."""

    def __init__(self) -> None:
        self.verdicts: dict[str, object] = {}

    def __getattr__(self, name: str):
        def run(*answers):
            self.verdicts[name] = getattr(check, name)(*answers)
            return self.verdicts[name]

        return run


def _fake_history(val_accuracy: float):
    """What fh.train returns, as far as 06's experiment reads it."""
    import types

    return types.SimpleNamespace(history={"val_accuracy": [val_accuracy - 0.02, val_accuracy]}, best_epoch=2)


@functools.cache
def _full_data():
    import fmnist_helpers as fh

    return fh.load_data()


def notebook_namespace(notebook: str, monkeypatch) -> dict[str, object]:
    """The variables an exercise cell of ``notebook`` sees, on the full data; training stands in with fixed numbers."""
    import inspect
    import math
    import types

    import keras
    import numpy as np

    import fmnist_helpers as fh
    from fmnist_helpers.exercises import nb10

    (train_images, train_labels), (test_images, test_labels) = _full_data()
    namespace = {
        "np": np,
        "math": math,
        "keras": keras,
        "layers": keras.layers,
        "fh": fh,
        "check": _Recorder(),
        "train_images": train_images,
        "train_labels": train_labels,
        "test_images": test_images,
        "test_labels": test_labels,
    }
    if notebook == "03_normalize":
        namespace["test_images"] = fh.reshape_images(test_images)
    if notebook == "06_train":  # 06's experiment trains twice for minutes: a stand-in with the real signature
        real_train = fh.train
        signature = inspect.signature(real_train)

        def train(*args, **kwargs):
            signature.bind(*args, **kwargs)  # the solution calls fh.train as fh.train really is
            return _fake_history(0.885 if kwargs.get("cosine_decay", True) else 0.87)

        monkeypatch.setattr(fh, "train", train, raising=False)
        namespace.update(subset_images=fh.prepare_images(train_images[:10_000]), subset_labels=train_labels[:10_000])
    if notebook == "07_evaluate":  # a model's probabilities: right for 9 images in 10
        rng = np.random.default_rng(0)
        guesses = np.where(rng.random(len(test_labels)) < 0.9, test_labels, rng.integers(0, 10, len(test_labels)))
        probabilities = np.full((len(test_labels), 10), 0.02)
        probabilities[np.arange(len(test_labels)), guesses] = 0.82
        namespace.update(test_probabilities=probabilities, confusion=fh.confusion_matrix(test_labels, guesses))
    if notebook == "08_improve_the_model":  # 08's table and measure(): a stand-in that builds the model
        namespace.update({name: types.SimpleNamespace(name=name) for name in NAMES_08_DEFINES})

        def measure(name, build):
            assert isinstance(build(), keras.Model)
            return {"val accuracy": 0.893, "right": np.arange(100) % 9 != 0}

        baseline_rows = [{"val accuracy": value, "right": np.arange(100) % 8 != 0} for value in (0.876, 0.884, 0.889)]
        namespace.update(measure=measure, baseline_accuracies=[0.876, 0.884, 0.889], baseline_rows=baseline_rows)
    if notebook == "10_your_own_images":
        namespace["gray_photo"] = nb10.sneaker_photo_in_gray()
    return namespace


@needs_full_data
@pytest.mark.parametrize("name", _all_exercises())
def test_every_exercise_solution_passes_its_own_check_and_hint_and_solution_print(name, capsys, monkeypatch):
    import inspect

    from fmnist_helpers.exercises import EXERCISES

    entry = EXERCISES[name]
    hint(name)
    solution(name)
    printed = capsys.readouterr().out
    assert printed.startswith("💡 ") and entry.solution in printed
    namespace = notebook_namespace(entry.notebook, monkeypatch)
    before = dict(namespace)
    exec(entry.solution, namespace)  # the solution as a student pastes it into the exercise cell
    recorder = namespace["check"]
    if name in recorder.verdicts:  # the solution calls its check itself
        verdict = recorder.verdicts[name]
    else:
        parameters = list(inspect.signature(entry.checker).parameters)[: _answer_count(name)]  # options keep defaults
        answers = [namespace[parameter] for parameter in parameters]
        verdict = getattr(check, name)(*answers)
    out = capsys.readouterr().out
    assert verdict.right is True, out
    assert "❌" not in out
    overwritten = [key for key in NAMES_08_DEFINES if key in before and namespace[key] is not before[key]]
    assert not overwritten, f"the solution overwrites the notebook's {overwritten}"


@pytest.mark.parametrize("name", _all_exercises())
def test_a_hint_nudges_without_giving_the_solution_code_away(name):
    """Hints name the idea and the function; the code itself is only in solution()."""
    from fmnist_helpers.exercises import EXERCISES

    entry = EXERCISES[name]
    assert not re.search(r"\bmy_\w+\s*=", entry.hint), f"the hint of {name} writes the answer's assignment"
    for line in entry.solution.splitlines():
        code = line.split("#")[0].strip()
        right_side = code.split("=", 1)[1].strip() if re.match(r"^\w+\s*=[^=]", code) else code
        if len(right_side) >= 12:
            assert right_side not in entry.hint, f"the hint of {name} gives the solution's code: {right_side}"
