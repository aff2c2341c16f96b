"""The helpers' feedback in the student's language: ``fh.set_language("zh-CN")`` (every notebook's setup cell).

Every message a student can meet (an exercise's verdict, hint and solution, `expect`'s note,
`train`'s one-line summary, an error that says what to do) goes through `translate`, imported in
each module as ``_``::

    from .i18n import translate as _
    raise ValueError(_("You have {count:,} images; the test set has {expected:,}.", count=n, expected=10000))

A message is keyed by its English text with ``{named}`` placeholders; the translation is looked up
first and the values are put in after (``str.format``), so a translation can move them around.
English is the default; ``FMNIST_LANGUAGE=zh-CN`` (read when a message is shown) or
``set_language("zh-CN")`` switches, and ``set_language("en")`` switches back.

The catalogs are package data, installed with the helpers: ``fmnist_helpers/locale/<code>.json``,
one ``"English": "translation"`` pair per message. Translators edit that file (the zh-CN one is
``fmnist_helpers/locale/zh-CN.json``, its terms from ``translations/zh-CN/glossary.md``);
tests/test_i18n.py fails on a message with no translation, on a stale one, and on a translation
whose placeholders differ from the English ones.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

from .config import LANGUAGE_VARIABLE, language_setting

__all__ = ["catalog", "LANGUAGES", "language", "N_", "set_language", "translate"]

#: The languages the helpers speak: English (the messages as written) and those with a catalog.
LANGUAGES = ("en", "zh-CN")

_LOCALE_DIR = Path(__file__).parent / "locale"
_chosen: str | None = None  # what set_language chose; None: FMNIST_LANGUAGE, else English


def _checked(code: str, where: str) -> str:
    """``code`` as one of `LANGUAGES` (any case); an unknown one gets an error that lists them."""
    for known in LANGUAGES:
        if code.strip().lower() == known.lower():
            return known
    raise ValueError(
        f"{where}: the helpers speak {', '.join(repr(known) for known in LANGUAGES)}, not {code!r}. "
        f'Use e.g. fh.set_language("zh-CN"), or fh.set_language("en") for English.'
    )


def set_language(code: str) -> None:
    """Show the helpers' feedback in ``code``: ``"zh-CN"`` (Chinese) or ``"en"`` (English, the default)."""
    global _chosen
    _chosen = _checked(code, "set_language")


def language() -> str:
    """The language the helpers speak now: `set_language`'s choice, else ``FMNIST_LANGUAGE``, else ``"en"``."""
    if _chosen is not None:
        return _chosen
    setting = language_setting()
    return _checked(setting, LANGUAGE_VARIABLE) if setting else "en"


@cache
def catalog(code: str) -> dict[str, str]:
    """The translations of one language, keyed by the English text (empty for English)."""
    if code == "en":
        return {}
    return json.loads((_LOCALE_DIR / f"{code}.json").read_text(encoding="utf-8"))


def translate(english: str, **values: object) -> str:
    """``english`` in the current language, with ``values`` put into its ``{placeholders}``.

    Without values the text is returned as it is (its braces untouched). A message missing from the
    catalog is shown in English (tests/test_i18n.py makes sure none is).
    """
    text = catalog(language()).get(english, english)
    return text.format(**values) if values else text


def N_(english: str) -> str:  # noqa: N802 (gettext's name for it)
    """Mark a message kept for later (a table of mistakes built at import): returned as it is.

    Where it is shown, ``translate(message)`` turns it into the current language, so a student's
    later `set_language` still counts; the tests collect the marked text like ``_("...")``'s.
    """
    return english
