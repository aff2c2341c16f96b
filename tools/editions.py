"""Translated editions of the course's notebooks, generated from the English ones, never hand-copied.

A translated notebook (``notebooks/<lang>/<stem>.ipynb``) is the English notebook
(``notebooks/<stem>.ipynb``) with its prose replaced: same cells, same ids, same order, same code.
The prose lives in one reviewable file per notebook, ``translations/<lang>/<stem>.md``, a sequence
of entries, each opened by a marker line:

    <!-- cell <id> en:<sha12> -->   the translation of the English markdown cell <id>
    <!-- code <id> en:<sha12> -->   the English code cell <id>, only its comments translated (optional)

``<sha12>`` is the start of the SHA-256 of the English cell's source when the entry was written, so
a changed English cell shows up as a stale translation. The course's own addresses (Colab badges,
the install line's repository and commit) are left out of the hash: `course pin` and `course
set-repo` rewrite them in the English notebooks and the translations alike, and no prose changes. An entry's text runs to the next marker
line, blank lines around it removed; lines before the first marker are a free header.

    python tools/editions.py build zh-CN   # write notebooks/zh-CN/*.ipynb from the English + translations
    python tools/editions.py check zh-CN   # the drift check: one line per problem, exit 1 if any
                                           # (also: a glossary variant, an English comment in a code cell)
    python tools/editions.py stub zh-CN    # add TODO entries for untranslated cells, list stale ones

`build` keeps the outputs of a translated code cell whose source did not change and clears the
others (re-execute the notebook then). Plain Python, no TensorFlow: it runs anywhere.
"""

from __future__ import annotations

import argparse
import hashlib
import io
import json
import re
import shlex
import sys
import tokenize
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
MARKER = re.compile(r"^<!-- (cell|code) (\S+) en:([0-9a-f]{12}) -->[ \t]*$")
#: A line that opens like a marker but is not one (a typo would silently merge two entries).
MARKER_LIKE = re.compile(r"^<!-- (cell|code) ")
#: What `stub` puts on the first line of an entry still to translate.
TODO = "<!-- TODO: translate this entry, then delete this line -->"
KIND_OF_CELL = {"markdown": "cell", "code": "code"}
#: A relative Markdown link target: ``[text](target)`` without a scheme.
RELATIVE_LINK = re.compile(r"\]\((?![a-zA-Z][a-zA-Z0-9+.-]*:)([^)\s#][^)\s]*)\)")


@dataclass
class Entry:
    """One translation entry: which English cell, which English text it was written from, the text."""

    kind: str  # "cell" (markdown) or "code"
    cell_id: str
    en_hash: str
    text: str
    line: int  # where its marker is in the file (1-based)


def source_of(cell: dict) -> str:
    """A cell's source as one string (nbformat stores it as a list of lines, or one string)."""
    source = cell.get("source", "")
    return "".join(source) if isinstance(source, list) else source


#: Where a Colab or a Kaggle badge names the notebook it opens: the address up to OWNER/REPO/...
BADGE_ADDRESS = r"(?:colab\.research\.google\.com/github/|kaggle\.com/kernels/welcome\?src=https://github\.com/)"
#: The course's own addresses, which `python -m fmnist_helpers.course pin|set-repo` rewrite everywhere.
COURSE_ADDRESS = re.compile(
    r"(colab\.research\.google\.com/github/|kaggle\.com/kernels/welcome\?src=https://github\.com/|git\+https://github\.com/)[^\s\"')]+"
)


def english_hash(cell: dict) -> str:
    """The 12 hex digits a translation entry records: the SHA-256 of the English source, addresses left out."""
    text = COURSE_ADDRESS.sub(r"\1...", source_of(cell))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]


def first_line(text: str) -> str:
    """The first non-blank line of a text, shortened: how a message names a cell to a translator."""
    line = next((line.strip() for line in text.splitlines() if line.strip()), "(empty)")
    return line if len(line) <= 70 else line[:67] + "..."


def as_lines(text: str) -> list[str]:
    """A source string as nbformat stores it: a list of lines, each but the last ending in a newline."""
    return text.splitlines(keepends=True)


def read_notebook(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def write_notebook(notebook: dict, path: Path) -> None:
    """Write a notebook as Jupyter does (indent 1, sorted keys, UTF-8, trailing newline)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(notebook, indent=1, ensure_ascii=False, sort_keys=True) + "\n", encoding="utf-8")


def parse_translation(text: str) -> tuple[str, list[Entry], list[str]]:
    """Split a translation file into its header, its entries, and the problems with its marker lines."""
    header: list[str] = []
    entries: list[Entry] = []
    problems: list[str] = []
    body: list[str] = []
    for number, line in enumerate(text.splitlines(), start=1):
        match = MARKER.match(line)
        if match:
            if entries:
                entries[-1].text = "\n".join(body).strip("\n")
            entries.append(Entry(match[1], match[2], match[3], "", number))
            body = []
        else:
            if MARKER_LIKE.match(line):
                problems.append(
                    f"line {number}: not a valid marker: {line.strip()!r} "
                    f"(expected <!-- cell|code <id> en:<12 hex digits> -->)"
                )
            (body if entries else header).append(line)
    if entries:
        entries[-1].text = "\n".join(body).strip("\n")
    return "\n".join(header), entries, problems


# Code cells: equal "ignoring comments" means the same Python tokens once the comments are dropped.


def as_python(line: str) -> str:
    """One line of a code cell as Python: an IPython line (``%pip ...``, ``!ls``) becomes ``pass`` at its indentation."""
    stripped = line.lstrip()
    return line[: len(line) - len(stripped)] + "pass" if stripped.startswith(("%", "!")) else line


def code_without_comments(source: str) -> list[tuple]:
    """The code of a cell as comparable tokens: Python tokens without comments or blank lines.

    IPython lines (``%pip ...``, ``!ls ...``, ``%%time``) are not Python: each is compared as its
    shell words without a trailing ``# comment``.
    """
    lines = source.splitlines()
    magics: list[tuple] = []
    python_lines = []
    for number, line in enumerate(lines):
        stripped = line.lstrip()
        if stripped.startswith(("%", "!")):
            try:
                words = tuple(shlex.split(stripped, comments=True))
            except ValueError:  # unbalanced quotes: compare the line as it is
                words = (stripped.rstrip(),)
            magics.append((number, words))
        python_lines.append(as_python(line))
    try:
        tokens = [
            (token.type, token.string)
            for token in tokenize.generate_tokens(io.StringIO("\n".join(python_lines) + "\n").readline)
            if token.type not in (tokenize.COMMENT, tokenize.NL, tokenize.ENCODING)
        ]
    except (tokenize.TokenError, SyntaxError, IndentationError):
        # Not valid Python (a student's exercise with a gap?): drop what follows " #" on each line.
        tokens = [
            ("line", re.sub(r"\s+#.*$", "", line).rstrip())
            for line in python_lines
            if line.strip() and not line.lstrip().startswith("#")
        ]
    return tokens + [("ipython", number, words) for number, words in magics]


#: The one line a translated edition may add to its code (the setup cell's ``fh.set_language("zh-CN")``), so
#: that the helpers' feedback, hints and errors speak the edition's language (fmnist_helpers/i18n.py).
SET_LANGUAGE_LINE = re.compile(r'^\s*fh\.set_language\("[A-Za-z-]+"\)\s*(#.*)?$')


def without_language_line(source: str) -> str:
    """``source`` without its first ``fh.set_language("...")`` line (a translated setup cell's one extra line)."""
    lines = source.splitlines()
    for number, line in enumerate(lines):
        if SET_LANGUAGE_LINE.match(line):
            return "\n".join(lines[:number] + lines[number + 1 :])
    return source


def same_code(english: str, translated: str) -> bool:
    """True when two code cells differ at most in their comments, and in one added ``fh.set_language(...)`` line."""
    english_code = code_without_comments(english)
    return english_code in (code_without_comments(translated), code_without_comments(without_language_line(translated)))


def first_code_difference(english: str, translated: str) -> str:
    """The first English line whose code the translation changed (for a message)."""
    english_lines = [line for line in english.splitlines() if line.strip()]
    translated_lines = [line for line in translated.splitlines() if line.strip()]
    for mine, theirs in zip(english_lines, translated_lines):
        if not same_code(mine, theirs):
            return f"English {first_line(mine)!r}, translated {first_line(theirs)!r}"
    return "a line was added or removed"


# One edition of one notebook.


@dataclass
class Edition:
    """The files of one notebook in one language."""

    root: Path
    language: str
    stem: str

    @property
    def english(self) -> Path:
        return self.root / "notebooks" / f"{self.stem}.ipynb"

    @property
    def translation(self) -> Path:
        return self.root / "translations" / self.language / f"{self.stem}.md"

    @property
    def translated(self) -> Path:
        return self.root / "notebooks" / self.language / f"{self.stem}.ipynb"

    def rel(self, path: Path) -> str:
        return path.relative_to(self.root).as_posix()


def english_stems(root: Path) -> list[str]:
    """The English notebooks of the course: ``notebooks/NN_name.ipynb``."""
    return [path.stem for path in sorted((root / "notebooks").glob("[0-9][0-9]_*.ipynb"))]


def translation_problems(edition: Edition) -> tuple[dict[str, Entry], list[str]]:
    """The usable entries of a translation, by cell id, and its problems (one line each)."""
    if not edition.translation.is_file():
        return {}, [
            f"{edition.rel(edition.translation)}: missing: no translation of {edition.rel(edition.english)} "
            f"(python tools/editions.py stub {edition.language} writes one to fill in)"
        ]
    english_cells = read_notebook(edition.english)["cells"]
    by_id = {cell.get("id"): cell for cell in english_cells}
    _, entries, problems = parse_translation(edition.translation.read_text(encoding="utf-8"))
    where = edition.rel(edition.translation)
    problems = [f"{where} {problem}" for problem in problems]
    usable: dict[str, Entry] = {}
    for entry in entries:
        cell = by_id.get(entry.cell_id)
        if cell is None:
            problems.append(
                f"{where} line {entry.line}: entry for cell {entry.cell_id}, which "
                f"{edition.rel(edition.english)} does not have (removed? delete the entry)"
            )
        elif KIND_OF_CELL.get(cell["cell_type"]) != entry.kind:
            problems.append(
                f"{where} line {entry.line}: cell {entry.cell_id} is a {cell['cell_type']} cell, "
                f"its marker should say '{KIND_OF_CELL.get(cell['cell_type'])}'"
            )
        elif entry.cell_id in usable:
            problems.append(f"{where} line {entry.line}: a second entry for cell {entry.cell_id}")
        else:
            usable[entry.cell_id] = entry
    order = [cell.get("id") for cell in english_cells if cell.get("id") in usable]
    in_file = [entry.cell_id for entry in entries if entry.cell_id in usable]
    if order != list(dict.fromkeys(in_file)):
        wrong = next(i for i, (a, b) in enumerate(zip(order, in_file)) if a != b)
        problems.append(
            f"{where}: entries out of order: entry {wrong + 1} is cell {in_file[wrong]}, "
            f"the English order has cell {order[wrong]} there"
        )
    for cell in english_cells:
        entry = usable.get(cell.get("id"))
        name = f"{edition.rel(edition.english)} cell {cell.get('id')}"
        english = source_of(cell)
        if entry is None:
            if cell["cell_type"] == "markdown":
                problems.append(f"{name}: no translation (English: {first_line(english)!r})")
            continue
        if TODO in entry.text:
            problems.append(
                f"{name}: not translated yet (the TODO line is still there; English: {first_line(english)!r})"
            )
        elif entry.en_hash != english_hash(cell):
            problems.append(
                f"{name}: stale translation: the English cell changed since it was translated "
                f"(en:{entry.en_hash}, now en:{english_hash(cell)}); re-translate "
                f"{first_line(english)!r}"
            )
        elif entry.kind == "code" and not same_code(english, entry.text):
            problems.append(
                f"{name}: the translated code differs from the English code, not only in comments: "
                f"{first_code_difference(english, entry.text)}"
            )
        elif not entry.text.strip():
            problems.append(f"{name}: empty translation (English: {first_line(english)!r})")
    problems += badge_problems(edition, english_cells, usable)
    return usable, problems


def badge_problems(edition: Edition, english_cells: list[dict], entries: dict[str, Entry]) -> list[str]:
    """A translated cell's Colab and Kaggle badges open the translated notebook; its relative links lead to files that exist."""
    problems = []
    english_target = re.compile(BADGE_ADDRESS + r"[^\s)\"']+/notebooks/" + re.escape(edition.stem) + r"\.ipynb")
    folder = edition.translated.parent
    for cell in english_cells:
        entry = entries.get(cell.get("id"))
        if entry is None or entry.kind != "cell":
            continue
        name = f"{edition.rel(edition.translation)} cell {entry.cell_id}"
        if english_target.search(entry.text):
            problems.append(
                f"{name}: a badge (Colab or Kaggle) opens the English notebook; point it at "
                f"notebooks/{edition.language}/{edition.stem}.ipynb"
            )
        for target in RELATIVE_LINK.findall(entry.text):
            path = (folder / target.split("#")[0]).resolve()
            will_be_built = path.parent == folder.resolve() and (edition.root / "notebooks" / path.name).is_file()
            if not (path.exists() or will_be_built):
                problems.append(
                    f"{name}: the link {target} leads nowhere from notebooks/{edition.language}/ "
                    f"(a file outside notebooks/ needs one more ../)"
                )
    return problems


def built_notebook(edition: Edition, entries: dict[str, Entry]) -> dict:
    """The translated notebook: the English one with the translated text, and kept outputs where still valid."""
    notebook = read_notebook(edition.english)
    previous = {}
    if edition.translated.is_file():
        previous = {cell.get("id"): cell for cell in read_notebook(edition.translated)["cells"]}
    for cell in notebook["cells"]:
        entry = entries.get(cell.get("id"))
        if entry is not None:
            cell["source"] = as_lines(entry.text)
        if cell["cell_type"] == "code":
            old = previous.get(cell.get("id"))
            if old is not None and old.get("cell_type") == "code" and source_of(old) == source_of(cell):
                cell["outputs"] = old.get("outputs", [])
                cell["execution_count"] = old.get("execution_count")
            else:
                cell["outputs"] = []
                cell["execution_count"] = None
    notebook["metadata"]["language"] = edition.language
    notebook["metadata"]["edition"] = {
        "language": edition.language,
        "built_from": [edition.rel(edition.english), edition.rel(edition.translation)],
        "do_not_edit": f"generated: edit the translation, then run python tools/editions.py build {edition.language}",
    }
    return notebook


def notebook_problems(edition: Edition, entries: dict[str, Entry] | None) -> list[str]:
    """Drift between the translated notebook and the English one (and what `build` would write)."""
    where = edition.rel(edition.translated)
    if not edition.translated.is_file():
        return [f"{where}: missing (python tools/editions.py build {edition.language})"]
    english_cells = read_notebook(edition.english)["cells"]
    translated_cells = read_notebook(edition.translated)["cells"]
    english_ids = [cell.get("id") for cell in english_cells]
    translated_ids = [cell.get("id") for cell in translated_cells]
    english_by_id = {cell.get("id"): cell for cell in english_cells}
    problems = []
    for cell in english_cells:
        if cell.get("id") not in translated_ids:
            problems.append(f"{where}: cell {cell.get('id')} is missing (English: {first_line(source_of(cell))!r})")
    for cell_id in translated_ids:
        if cell_id not in english_by_id:
            problems.append(f"{where}: cell {cell_id} is not in {edition.rel(edition.english)}")
    common = [cell_id for cell_id in translated_ids if cell_id in english_by_id]
    expected = [cell_id for cell_id in english_ids if cell_id in common]
    if common != expected:
        wrong = next(i for i, (a, b) in enumerate(zip(common, expected)) if a != b)
        problems.append(
            f"{where}: cells out of order: cell {common[wrong]} is where the English notebook has "
            f"cell {expected[wrong]} ({first_line(source_of(english_by_id[expected[wrong]]))!r})"
        )
    for cell in translated_cells:
        english = english_by_id.get(cell.get("id"))
        if english is None:
            continue
        name = f"{where} cell {cell.get('id')}"
        if cell["cell_type"] != english["cell_type"]:
            problems.append(f"{name}: a {cell['cell_type']} cell, but a {english['cell_type']} cell in English")
        elif cell["cell_type"] == "code" and not same_code(source_of(english), source_of(cell)):
            problems.append(
                f"{name}: its code differs from the English cell, not only in comments: "
                f"{first_code_difference(source_of(english), source_of(cell))}"
            )
    if problems or entries is None:
        return problems
    wanted = {cell.get("id"): cell for cell in built_notebook(edition, entries)["cells"]}
    for cell in translated_cells:
        if source_of(cell) != source_of(wanted[cell.get("id")]):
            problems.append(
                f"{where} cell {cell.get('id')}: out of date with its translation or the English "
                f"notebook (python tools/editions.py build {edition.language})"
            )
    return problems


# The words of an edition: the glossary's one term per idea, and comments in the edition's language.

#: A glossary row: ``| English | term | other book's term | variants the check rejects |``.
GLOSSARY_ROW = re.compile(r"^\|(?P<english>[^|]+)\|(?P<term>[^|]+)\|[^|]*\|(?P<variants>[^|]*)\|\s*$")
#: Comments that are markers for tools, not prose: left in English.
TOOL_COMMENT = re.compile(r"^#\s*(NBVAL_\w+|noqa\b|type:|fmt:|pragma\b|-\*-)")
#: Two English words in a row: what makes a comment English prose.
ENGLISH_WORDS = re.compile(r"[A-Za-z]{2,}[,;:]?\s+(?:a |an |the )?[A-Za-z]{2,}")
CJK = re.compile(r"[\u3400-\u9fff]")
#: A quoted word: “…” or 「…」 (a mention of a word, e.g. what the translated article says, is no use of it).
QUOTED = re.compile(r"“[^”]*”|「[^」]*」")


def glossary_variants(root: Path, language: str) -> dict[str, str]:
    """The variants the glossary of ``language`` rejects, each with the term to use instead."""
    path = root / "translations" / language / "glossary.md"
    if not path.is_file():
        return {}
    variants = {}
    below_header = False  # the rows after the table's |---| line (the header row names the columns)
    for line in path.read_text(encoding="utf-8").splitlines():
        row = GLOSSARY_ROW.match(line)
        if row and set(row["term"].strip()) <= set("-: "):
            below_header = True
        elif row and below_header:
            for variant in row["variants"].split(" / "):
                if variant.strip():
                    variants[variant.strip()] = row["term"].strip()
    return variants


def glossary_problems(root: Path, language: str) -> list[str]:
    """Every use of a variant the glossary rejects: in the translations, the edition's README and the helpers' catalog."""
    variants = glossary_variants(root, language)
    files = sorted((root / "translations" / language).glob("[0-9][0-9]_*.md"))
    files += [path for path in [root / f"README.{language}.md"] if path.is_file()]
    problems = []
    for path in files:
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            used = QUOTED.sub("", line)  # “纪元” in quotes is a mention (what another text says), not a use
            for variant, term in variants.items():
                if variant in used:
                    problems.append(
                        f"{path.relative_to(root).as_posix()} line {number}: {variant!r} is not the glossary's "
                        f"word: use {term!r} (translations/{language}/glossary.md)"
                    )
    catalog = root / "fmnist_helpers" / "locale" / f"{language}.json"  # the helpers' messages, translated
    if catalog.is_file():
        translations: dict[str, str] = json.loads(catalog.read_text(encoding="utf-8"))
        for english, translated in translations.items():
            used = QUOTED.sub("", translated)  # the translation only: the English key may say anything
            for variant, term in variants.items():
                if variant in used:
                    problems.append(
                        f"{catalog.relative_to(root).as_posix()}: {variant!r} is not the glossary's word: use "
                        f"{term!r} (translations/{language}/glossary.md), in the translation of {english[:60]!r}"
                    )
    return problems


def english_comments(source: str) -> list[str]:
    """The comments of a code cell that are English prose (tool markers aside), and its docstrings."""
    found = []
    python = "\n".join(as_python(line) for line in source.splitlines())
    try:
        tokens = list(tokenize.generate_tokens(io.StringIO(python + "\n").readline))
    except (tokenize.TokenError, SyntaxError, IndentationError):
        return []
    previous = tokenize.NEWLINE
    for token in tokens:
        text = token.string.strip()
        if token.type == tokenize.COMMENT and not TOOL_COMMENT.match(text):
            if ENGLISH_WORDS.search(text) and not CJK.search(text):
                found.append(text)
        elif token.type == tokenize.STRING and previous == tokenize.INDENT and text[:3] in ('"""', "'''"):
            found.append(f"a docstring ({first_line(text)}): make it a # comment, which can be translated")
        if token.type not in (tokenize.NL, tokenize.COMMENT):
            previous = token.type
    return found


def comment_problems(edition: Edition) -> list[str]:
    """English comments left in the translated notebook's code cells (translate them in a code entry)."""
    if not edition.translated.is_file():
        return []
    problems = []
    for cell in read_notebook(edition.translated)["cells"]:
        if cell["cell_type"] == "code":
            for comment in english_comments(source_of(cell)):
                problems.append(
                    f"{edition.rel(edition.translated)} cell {cell.get('id')}: an English comment: {first_line(comment)!r} "
                    f"(translate it in a code entry of {edition.rel(edition.translation)})"
                )
    return problems


# The three commands.


def editions(root: Path, language: str) -> list[Edition]:
    return [Edition(root, language, stem) for stem in english_stems(root)]


def check(root: Path, language: str) -> list[str]:
    """Every drift between the translated edition and the English notebooks, one line each."""
    problems = []
    if not (root / "translations" / language).is_dir():
        return [f"translations/{language}: no such folder (python tools/editions.py stub {language} starts one)"]
    stems = set(english_stems(root))
    for edition in editions(root, language):
        entries, translation = translation_problems(edition)
        problems += translation
        problems += notebook_problems(edition, None if translation else entries)
        problems += comment_problems(edition)
    for path in sorted((root / "notebooks" / language).glob("*.ipynb")):
        if path.stem not in stems:
            problems.append(f"notebooks/{language}/{path.name}: no English notebook notebooks/{path.name} (delete it)")
    problems += glossary_problems(root, language)
    for path in sorted((root / "translations" / language).glob("[0-9][0-9]_*.md")):
        if path.stem not in stems:
            problems.append(f"translations/{language}/{path.name}: no English notebook notebooks/{path.stem}.ipynb")
    return problems


def build(root: Path, language: str) -> tuple[list[Path], list[str]]:
    """Write every translated notebook whose translation is complete and current; refuse the others."""
    written, problems = [], []
    for edition in editions(root, language):
        entries, translation = translation_problems(edition)
        if translation:
            problems += translation
            problems.append(f"{edition.rel(edition.translated)}: not built (fix the lines above first)")
            continue
        notebook = built_notebook(edition, entries)
        if not edition.translated.is_file() or read_notebook(edition.translated) != notebook:
            write_notebook(notebook, edition.translated)
            written.append(edition.translated)
    return written, problems


def stub(root: Path, language: str) -> tuple[list[Path], list[str]]:
    """Add a TODO entry (the English text) for each markdown cell without one; list the stale entries.

    The new entry's Colab badge and links already point where the translated notebook needs them.
    Code cells get no entry: one is optional (copy the English cell, translate its comments).
    Existing entries are kept as they are, in the English cell order; entries for cells that the
    English notebook no longer has are kept at the end, for the translator to delete.
    """
    changed, todo = [], []
    for edition in editions(root, language):
        english_cells = read_notebook(edition.english)["cells"]
        if edition.translation.is_file():
            header, entries, _ = parse_translation(edition.translation.read_text(encoding="utf-8"))
        else:
            header = f"<!-- {language} translation of {edition.rel(edition.english)}; format: see tools/editions.py -->"
            entries = []
        by_id: dict[str, Entry] = {}
        for entry in entries:
            by_id.setdefault(entry.cell_id, entry)
        blocks = [header.strip("\n")] if header.strip() else []
        added = 0
        for cell in english_cells:
            kind = KIND_OF_CELL.get(cell["cell_type"])
            english = source_of(cell)
            entry = by_id.pop(cell.get("id"), None)
            name = f"{edition.rel(edition.english)} cell {cell.get('id')}"
            if entry is None:
                if kind == "cell":
                    entry = Entry(
                        kind, cell.get("id"), english_hash(cell), f"{TODO}\n{pointed_at_edition(edition, english)}", 0
                    )
                    added += 1
                    todo.append(f"{name}: to translate (new TODO entry): {first_line(english)!r}")
            elif entry.en_hash != english_hash(cell):
                todo.append(
                    f"{name}: stale, re-translate and set its marker to en:{english_hash(cell)}: "
                    f"{first_line(english)!r}"
                )
            elif TODO in entry.text:
                todo.append(f"{name}: still to translate: {first_line(english)!r}")
            if entry is not None:
                blocks.append(f"<!-- {entry.kind} {entry.cell_id} en:{entry.en_hash} -->\n{entry.text}")
        for entry in by_id.values():
            todo.append(
                f"{edition.rel(edition.translation)}: entry for cell {entry.cell_id}, which the English "
                f"notebook no longer has: delete it"
            )
            blocks.append(f"<!-- {entry.kind} {entry.cell_id} en:{entry.en_hash} -->\n{entry.text}")
        if added or not edition.translation.is_file():
            edition.translation.parent.mkdir(parents=True, exist_ok=True)
            edition.translation.write_text("\n\n".join(blocks) + "\n", encoding="utf-8")
            changed.append(edition.translation)
    return changed, todo


def pointed_at_edition(edition: Edition, english: str) -> str:
    """English markdown with its badges opening the translated notebook and its links one folder deeper."""
    text = re.sub(
        "(" + BADGE_ADDRESS + r"[^\s)\"']+/notebooks/)(" + re.escape(edition.stem) + r"\.ipynb)",
        rf"\g<1>{edition.language}/\g<2>",
        english,
    )
    return re.sub(r"\]\(\.\./", "](../../", text)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("command", choices=["build", "check", "stub"])
    parser.add_argument("language", help="the edition, e.g. zh-CN (translations/<language>/, notebooks/<language>/)")
    parser.add_argument("--root", type=Path, default=ROOT, help="the course checkout (default: this one)")
    args = parser.parse_args(argv)
    root = args.root.resolve()
    if args.command == "check":
        problems = check(root, args.language)
        for problem in problems:
            print(problem)
        print(f"{args.language}: {len(english_stems(root))} notebooks checked, {len(problems)} problems")
        return 1 if problems else 0
    if args.command == "build":
        written, problems = build(root, args.language)
        for path in written:
            print(f"wrote {path.relative_to(root).as_posix()}")
        for problem in problems:
            print(problem)
        unexecuted = sum(
            1
            for path in written
            for cell in read_notebook(path)["cells"]
            if cell["cell_type"] == "code" and cell.get("execution_count") is None
        )
        if unexecuted:
            print(f"{unexecuted} code cells changed and have no outputs: re-execute the notebooks written above")
        return 1 if problems else 0
    changed, todo = stub(root, args.language)
    for path in changed:
        print(f"wrote {path.relative_to(root).as_posix()}")
    for line in todo:
        print(line)
    print(f"{args.language}: {len(todo)} entries to translate or fix")
    return 0


if __name__ == "__main__":
    sys.exit(main())
