"""Exercises that check themselves: the "Try it" cells of every notebook.

In a notebook::

    from fmnist_helpers.exercises import check, hint, solution
    my_images = ...                      # your answer
    check.reshape_with_minus_one(my_images)   # says right, or names the mistake
    hint("reshape_with_minus_one")       # a nudge
    solution("reshape_with_minus_one")   # the answer, when you want it

A check never raises: it prints a verdict (with a specific hint for the mistakes students
really make) and returns a `Verdict` that is true or false (and shows nothing more in a
notebook), so a notebook still runs top to bottom while the exercise is unanswered. Each
notebook's exercises live in their own module (``nb01`` ... ``nb10``).

Every message is printed in the student's language (``fh.set_language("zh-CN")``, see
`fmnist_helpers.i18n`): a checker writes its mistakes as ``_("English {placeholder}", placeholder=...)``;
an exercise's question, hint and solution (a solution's comments only) are looked up when shown.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from ..i18n import N_, translate
from ..i18n import translate as _

__all__ = [
    "as_array",
    "check",
    "Exercise",
    "exercise",
    "EXERCISES",
    "exercises_for",
    "hint",
    "Mistake",
    "NOTEBOOK_MODULES",
    "require",
    "RIGHT",
    "run_check",
    "solution",
    "unanswered",
    "Verdict",
    "WRONG",
]

#: The verdicts first words (in English; printed in the current language, see fmnist_helpers.i18n).
RIGHT = N_("✅ Right!")
WRONG = N_("❌ Not yet:")


class Verdict:
    """What a check returns: true when the answer is right.

    ``if check.reshape(my_images): ...`` works as with True/False, but a notebook shows nothing
    for it (the check has already printed its verdict), so no stray ``False`` follows the message.
    """

    __slots__ = ("right",)

    def __init__(self, right: bool) -> None:
        self.right = bool(right)

    def __bool__(self) -> bool:
        return self.right

    def __eq__(self, other: object) -> bool:
        return self.right == (other.right if isinstance(other, Verdict) else other)

    def __hash__(self) -> int:
        return hash(self.right)

    def __repr__(self) -> str:
        return f"Verdict(right={self.right})"

    def _ipython_display_(self) -> None:
        """Show nothing in Jupyter: the verdict was printed already."""


class Mistake(Exception):
    """Raised inside a checker to say which mistake the answer shows (the message is the hint)."""


@dataclass(frozen=True)
class Exercise:
    name: str
    notebook: str
    question: str
    hint: str
    solution: str
    #: Raises `Mistake` for a wrong answer; for a right one returns None, or a note printed after the verdict.
    checker: Callable[..., str | None]


EXERCISES: dict[str, Exercise] = {}


def exercise(notebook: str, question: str, hint: str, solution: str):
    """Register a checker function as an exercise named after the function."""

    def register(checker: Callable[..., str | None]) -> Callable[..., str | None]:
        EXERCISES[checker.__name__] = Exercise(checker.__name__, notebook, question, hint, solution, checker)
        return checker

    return register


def unanswered(*answers: object) -> bool:
    """True when the student has not filled the answer in yet (``None`` or ``...``)."""
    return any(answer is None or answer is Ellipsis for answer in answers)


def run_check(name: str, *answers: object, **options: object) -> Verdict:
    """Check one exercise; print the verdict and return whether the answer is right."""
    entry = _find(name)
    if unanswered(*answers):
        print(
            _(
                "✏️  {question}\n   Replace the ... with your answer, then run this cell again. Stuck? hint({name!r})",
                question=translate(entry.question),
                name=name,
            )
        )
        return Verdict(False)
    try:
        note = entry.checker(*answers, **options)
    except Mistake as mistake:
        print(f"{translate(WRONG)} {mistake}")
        return Verdict(False)
    except Exception as error:  # a crash in the student's answer is feedback too, never a traceback
        reason = next((line.strip() for line in str(error).splitlines() if line.strip()), _("no message"))
        print(
            _(
                "{wrong} this answer could not be checked ({error}: {reason}). Is it the kind of answer the question asks for (a number, an array, a model...)? Hint: {hint}",
                wrong=translate(WRONG),
                error=type(error).__name__,
                reason=reason,
                hint=translate(entry.hint),
            )
        )
        return Verdict(False)
    print(f"{translate(RIGHT)} ({translate(entry.question)})")
    if isinstance(note, str) and note:
        print(note)  # what a checker adds to a right answer, e.g. how Keras counts the same thing
    return Verdict(True)


def hint(name: str) -> None:
    """Print the hint of an exercise."""
    print(f"💡 {translate(_find(name).hint)}")


def solution(name: str) -> None:
    """Print the solution of an exercise."""
    print(_("Solution of {name!r}:", name=name) + "\n" + translate(_find(name).solution))


def exercises_for(notebook: str) -> list[Exercise]:
    """The exercises of one notebook, e.g. ``exercises_for("02_reshape")``."""
    _load_all()
    return [entry for entry in EXERCISES.values() if entry.notebook == notebook]


class _Checks:
    """``check.NAME(answer)`` checks exercise NAME; ``dir(check)`` lists them."""

    def __getattr__(self, name: str) -> Callable[..., Verdict]:
        _find(name)
        return lambda *answers, **options: run_check(name, *answers, **options)

    def __dir__(self) -> list[str]:
        _load_all()
        return sorted(EXERCISES)


check = _Checks()

NOTEBOOK_MODULES = ["nb01", "nb02", "nb03", "nb04", "nb05", "nb06", "nb07", "nb08", "nb09", "nb10"]


def _load_all() -> None:
    for module in NOTEBOOK_MODULES:
        try:
            importlib.import_module(f"{__name__}.{module}")
        except ModuleNotFoundError as error:
            if error.name != f"{__name__}.{module}":
                raise


def _find(name: str) -> Exercise:
    _load_all()
    if name not in EXERCISES:
        raise AttributeError(
            _("No exercise called {name!r}. The exercises are: {names}", name=name, names=", ".join(sorted(EXERCISES)))
        )
    return EXERCISES[name]


def require(condition: bool, message: str) -> None:
    """Inside a checker: raise `Mistake` with ``message`` unless ``condition`` holds.

    (Not to be confused with ``fmnist_helpers.expect``, which checks a claim of the prose.)
    """
    if not condition:
        raise Mistake(message)


def as_array(answer: object) -> np.ndarray:
    """The answer as a NumPy array (TensorFlow tensors and lists included)."""
    return np.asarray(answer)
