"""The helpers speak the student's language: every message has its Chinese, and set_language switches."""

from __future__ import annotations

import ast
import json
import string
from pathlib import Path

import pytest

import fmnist_helpers as fh
from fmnist_helpers import i18n
from fmnist_helpers.exercises import EXERCISES, _load_all, check, hint, solution

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "fmnist_helpers"
CATALOG = PACKAGE / "locale" / "zh-CN.json"


def marked_messages() -> dict[str, str]:
    """Every ``_("...")`` and ``N_("...")`` text in the package, with where it is (``path:line``)."""
    found = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in ("_", "N_"):
                where = f"{path.relative_to(ROOT).as_posix()}:{node.lineno}"
                assert node.args and isinstance(node.args[0], ast.Constant) and isinstance(node.args[0].value, str), (
                    f"{where}: {node.func.id}() takes the English text as a literal (translate(text) for a text kept elsewhere)"
                )
                found.setdefault(node.args[0].value, where)
    return found


def exercise_texts() -> dict[str, str]:
    """Every exercise's question and hint, and its solution where it has a comment to translate."""
    _load_all()
    texts = {}
    for entry in EXERCISES.values():
        texts.setdefault(entry.question, f"{entry.name}'s question")
        texts.setdefault(entry.hint, f"{entry.name}'s hint")
        if "#" in entry.solution:
            texts.setdefault(entry.solution, f"{entry.name}'s solution")
    return texts


def messages() -> dict[str, str]:
    """Every text the helpers show a student, keyed by its English, with where it comes from."""
    return {**exercise_texts(), **marked_messages()}


def placeholders(text: str) -> list[tuple[str, str, str]]:
    """The ``{name!conversion:spec}`` fields of a message, in sorted order."""
    return sorted(
        (name, conversion or "", spec or "")
        for _, name, spec, conversion in string.Formatter().parse(text)
        if name is not None
    )


@pytest.fixture
def chinese():
    fh.set_language("zh-CN")
    yield
    fh.set_language("en")


def test_every_message_a_student_can_meet_has_its_chinese():
    catalog = json.loads(CATALOG.read_text(encoding="utf-8"))
    missing = [f"{where}: {english!r}" for english, where in messages().items() if not catalog.get(english, "").strip()]
    assert missing == [], f"{CATALOG.relative_to(ROOT)} has no translation for:\n" + "\n".join(missing)


def test_the_catalog_holds_no_stale_message():
    catalog = json.loads(CATALOG.read_text(encoding="utf-8"))
    stale = sorted(set(catalog) - set(messages()))
    assert stale == [], (
        f"{CATALOG.relative_to(ROOT)} translates texts the helpers no longer show (delete or update):\n"
        + "\n".join(stale)
    )


def test_each_translation_keeps_the_placeholders_of_its_english():
    for english, chinese_text in json.loads(CATALOG.read_text(encoding="utf-8")).items():
        assert placeholders(chinese_text) == placeholders(english), (
            f"placeholders differ: {english!r} -> {chinese_text!r}"
        )


def test_a_translated_solution_keeps_the_code_and_translates_only_its_comments():
    for english, chinese_text in json.loads(CATALOG.read_text(encoding="utf-8")).items():
        if english in {entry.solution for entry in EXERCISES.values()}:
            code = [line.split("#")[0].rstrip() for line in english.splitlines()]
            assert [line.split("#")[0].rstrip() for line in chinese_text.splitlines()] == code, english


def test_each_message_call_names_the_values_its_placeholders_ask_for():
    for path in sorted(PACKAGE.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "_" and node.keywords:
                wanted = {name for name, _, _ in placeholders(node.args[0].value)}
                assert {keyword.arg for keyword in node.keywords} == wanted, f"{path.name}:{node.lineno}"


def test_an_unanswered_exercise_asks_in_chinese_and_set_language_en_restores_english(capsys, chinese):
    assert fh.language() == "zh-CN"
    check.shape_of_one_image(...)
    assert "把 ... 换成你的答案" in capsys.readouterr().out
    check.shape_of_one_image(784)
    printed = capsys.readouterr().out
    assert printed.startswith("❌ 还不对：") and "784" in printed
    hint("shape_of_one_image")
    solution("shape_of_one_image")
    assert "参考答案" in capsys.readouterr().out
    fh.set_language("en")
    check.shape_of_one_image(...)
    assert "Replace the ... with your answer" in capsys.readouterr().out


def test_errors_and_notes_speak_chinese(capsys, chinese, monkeypatch):
    monkeypatch.delenv("FMNIST_QUICK", raising=False)
    monkeypatch.delenv("FMNIST_STRICT", raising=False)
    with pytest.raises(ValueError, match="已经归一化"):
        fh.normalize(fh.normalize(__import__("numpy").zeros((1, 28, 28, 1), dtype="uint8") + 255))
    fh.expect_between("验证准确率", 0.5, 0.8, 0.9)
    assert "ℹ️ 正文说 验证准确率 在 0.8 到 0.9 之间；这次运行的结果不同 (这次运行：0.5)" in capsys.readouterr().out


def test_fmnist_language_chooses_the_language_when_set_language_was_not_called(monkeypatch, capsys):
    monkeypatch.setattr(i18n, "_chosen", None)
    monkeypatch.setenv("FMNIST_LANGUAGE", "zh-CN")
    assert fh.language() == "zh-CN"
    monkeypatch.setenv("FMNIST_LANGUAGE", "")
    assert fh.language() == "en"
    monkeypatch.setenv("FMNIST_LANGUAGE", "klingon")
    with pytest.raises(ValueError, match="FMNIST_LANGUAGE: the helpers speak 'en', 'zh-CN', not 'klingon'"):
        fh.language()


def test_an_unknown_language_gets_an_error_that_lists_the_languages():
    with pytest.raises(ValueError, match=r"not 'fr'\. Use e\.g\. fh\.set_language\(\"zh-CN\"\)"):
        fh.set_language("fr")
    assert fh.language() == "en"
