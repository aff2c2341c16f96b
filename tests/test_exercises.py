"""The exercise framework itself: what a check returns and how a notebook shows it."""

from IPython.core.formatters import DisplayFormatter

from fmnist_helpers.exercises import Verdict, check


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
