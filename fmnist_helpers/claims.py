"""Checks of the prose's claims that depend on the run (an accuracy, a best epoch), in every notebook.

A figure that depends on the run is checked by `expect` or `expect_between`: a friendly note when
this run differs from the text, never an error for a student; an error only in a maintainer's
strict re-run (``FMNIST_STRICT=1``), so the prose gets fixed before a commit.

The claim is an English literal in the notebook's code, the same in every edition; the note shows
it in the student's language from the helpers' catalog (tests/test_i18n.py collects every notebook's
claims and requires their translation).
"""

from __future__ import annotations

from .config import quick_mode, strict_mode
from .i18n import translate
from .i18n import translate as _

__all__ = ["expect", "expect_between"]


def expect(claim: str, holds: bool, this_run: str = "") -> None:
    """Check a claim of the prose that depends on the run (an accuracy, a best epoch) without stopping a student.

    When the claim holds, nothing is printed. When it does not, a friendly note says so, with
    ``claim`` in the student's language (translated from the catalog; English if it has none):
    results vary with the hardware, the library versions and the random start, and the lesson still
    stands. Only a maintainer's strict re-run (``FMNIST_STRICT=1``) raises, so the prose gets
    fixed before a commit; in quick mode (CI's small data) nothing is compared. Returns nothing,
    so a cell that ends with it shows no stray ``True``.
    """
    if not holds:
        _differs(claim, this_run, translate(claim), this_run)


def expect_between(what: str, value: float, low: float, high: float) -> None:
    """`expect` for a number: the text says ``what`` is between ``low`` and ``high``."""
    if not low <= value <= high:
        _differs(
            f"{what} is between {low:g} and {high:g}",
            f"this run: {value:.4g}",
            _("{what} is between {low:g} and {high:g}", what=translate(what), low=low, high=high),
            _("this run: {value:.4g}", value=value),
        )


def _differs(claim: str, this_run: str, shown_claim: str, shown_run: str) -> None:
    """A claim that does not hold: the maintainer's error in English (strict), else the student's note."""
    if quick_mode():
        return
    if strict_mode():
        detail = f" ({this_run})" if this_run else ""
        raise AssertionError(f"FMNIST_STRICT=1: the text says {claim}, but this run differs{detail}.")
    print(
        _(
            "ℹ️ The text says {claim}; this run differs{detail}. Results vary a little with the hardware, the TensorFlow version and the random start; the lesson still holds.",
            claim=shown_claim,
            detail=_(" ({this_run})", this_run=shown_run) if shown_run else "",
        )
    )
