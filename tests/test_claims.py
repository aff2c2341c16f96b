"""Every notebook's run-dependent figures: a friendly note for a student, an error only in a strict re-run."""

from __future__ import annotations

import pytest

from fmnist_helpers import claims


def test_a_run_dependent_claim_that_holds_prints_nothing(capsys, monkeypatch):
    monkeypatch.delenv("FMNIST_QUICK", raising=False)
    monkeypatch.setenv("FMNIST_STRICT", "0")
    claims.expect_between("the test accuracy", 0.915, 0.905, 0.93)
    assert capsys.readouterr().out == ""


def test_a_claim_that_differs_gets_a_friendly_note_and_never_stops_a_student(capsys, monkeypatch):
    monkeypatch.delenv("FMNIST_QUICK", raising=False)
    monkeypatch.delenv("FMNIST_STRICT", raising=False)
    assert claims.expect_between("the test accuracy", 0.87, 0.905, 0.93) is None  # no stray True/False in a cell
    printed = capsys.readouterr().out
    assert "between 0.905 and 0.93" in printed and "this run: 0.87" in printed and "lesson still holds" in printed


def test_a_maintainers_strict_rerun_stops_on_a_claim_that_differs(monkeypatch):
    monkeypatch.delenv("FMNIST_QUICK", raising=False)
    monkeypatch.setenv("FMNIST_STRICT", "1")
    with pytest.raises(AssertionError, match="Shirt is the hardest class"):
        claims.expect("Shirt is the hardest class", False, "this run: Coat")


def test_quick_mode_compares_nothing_even_when_strict(capsys, monkeypatch):
    monkeypatch.setenv("FMNIST_QUICK", "1")
    monkeypatch.setenv("FMNIST_STRICT", "1")
    claims.expect("Shirt is the hardest class", False)
    assert capsys.readouterr().out == ""
