"""Lay out the site's sources: one Sphinx source folder per edition, from the files the course commits.

    python site/prepare.py OUT_DIR      # writes OUT_DIR/en (and OUT_DIR/zh-CN when the Chinese edition exists)

Each edition's folder mirrors the repository (``index.md`` from the README, ``notebooks/*.ipynb``,
``docs/*.md``), so the README's ``notebooks/NN_name.ipynb`` links resolve to the site's pages as
they are. The copies differ from the committed files only in their links: a link to a page of the
other edition becomes a plain link to that page, a link to any other file of the repository
(``fmnist_helpers/plots.py``) opens it on GitHub, and the Colab badge's picture comes from the
site instead of from Colab. Notebook outputs are copied untouched: the site shows the committed
run, it never re-executes a notebook. Plain Python, no third-party package.
"""

from __future__ import annotations

import json
import posixpath
import re
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SITE = Path(__file__).resolve().parent
ZH = "zh-CN"
BADGE_IMAGE = "https://colab.research.google.com/assets/colab-badge.svg"
# [text](target) and ![alt](target), not inside inline code; targets have no spaces in this course.
LINK = re.compile(r"(?<!\\)(!?)\[((?:[^\[\]]|\[[^\]]*\])*)\]\(\s*<?([^)\s>]+)>?(\s+\"[^\"]*\")?\s*\)")
SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")


def course_home(root: Path = ROOT) -> dict[str, str]:
    """``{"repo": OWNER/REPO, "branch": ...}``: ``course.json`` at the top level, else the helper package's."""
    for path in (root / "course.json", root / "fmnist_helpers" / "course.json"):
        if path.is_file():
            config = json.loads(path.read_text(encoding="utf-8"))
            return {"repo": config["repo"], "branch": config["branch"]}
    raise SystemExit(f"No course.json in {root} or {root / 'fmnist_helpers'}: the site needs the course's GitHub home.")


def editions(root: Path = ROOT) -> dict[str, dict[str, str]]:
    """For each edition, ``{repository path: page name}`` of the pages it has (zh-CN only when committed)."""
    english = {"README.md": "index"}
    english |= {f"notebooks/{p.name}": f"notebooks/{p.stem}" for p in sorted((root / "notebooks").glob("*.ipynb"))}
    english |= {f"docs/{name}.md": f"docs/{name}" for name in ("teaching", "benchmarks") if (root / "docs" / f"{name}.md").is_file()}
    found = {"en": english}
    chinese = {f"notebooks/{ZH}/{p.name}": f"notebooks/{p.stem}" for p in sorted((root / "notebooks" / ZH).glob("*.ipynb"))}
    if chinese or (root / f"README.{ZH}.md").is_file():  # without README.zh-CN.md, stage() writes a landing page
        found[ZH] = {f"README.{ZH}.md": "index"} | chinese
    return found


def notebook_title(path: Path) -> str:
    """The first heading of a notebook (its title), else its file name."""
    for cell in json.loads(path.read_text(encoding="utf-8"))["cells"]:
        for line in "".join(cell["source"]).splitlines():
            if cell["cell_type"] == "markdown" and line.startswith("# "):
                return line[2:].strip()
    return path.stem


def chinese_landing_page(root: Path, pages: dict[str, str]) -> str:
    """The Chinese edition's landing page while README.zh-CN.md is not written yet: its notebooks, and the English edition."""
    items = [f"- [{notebook_title(root / path)}](notebooks/{Path(path).name})" for path in pages if path.endswith(".ipynb")]
    return "# Fashion-MNIST 图像分类（中文版）\n\n" + "\n".join(items) + '\n\n<a href="../index.html">English edition</a>\n'


def site_url(edition: str, page: str) -> str:
    """The page's path from the site's root: the English edition at the top, the Chinese one under zh-CN/."""
    return (f"{ZH}/" if edition == ZH else "") + page + ".html"


class Linker:
    """Rewrites the links of one repository file for its copy in one edition's source folder."""

    def __init__(self, pages: dict[str, dict[str, str]], home: dict[str, str], root: Path = ROOT):
        self.pages, self.home, self.root = pages, home, root
        self.pictures: set[str] = set()  # the repository's pictures that pages show, copied by stage()

    def rewrite(self, text: str, source: str, edition: str) -> str:
        """``text`` of the repository file ``source`` with its links made right for the site."""
        return LINK.sub(lambda match: self._link(match, source, edition), text)

    def _link(self, match: re.Match, source: str, edition: str) -> str:
        bang, label, target, title = match.group(1), match.group(2), match.group(3), match.group(4) or ""
        label = self.rewrite(label, source, edition)  # a badge: a picture inside a link
        if bang and target == BADGE_IMAGE:
            return f"![{label}]({self._relative(source, edition, 'images/colab-badge.svg', page=False)})"
        if SCHEME.match(target) or target.startswith(("#", "/")):
            return f"{bang}[{label}]({target}{title})"
        path, hash_, anchor = target.partition("#")
        repo_path = posixpath.normpath(posixpath.join(posixpath.dirname(source), path))
        if not (self.root / repo_path).exists():
            raise SystemExit(f"{source} links to {target}, which is not in the repository: mend the link or add the file.")
        if bang:  # a picture of the repository: stage() copies it to images/, the same for every edition
            self.pictures.add(repo_path)
            return f"![{label}]({self._relative(source, edition, f'images/{repo_path}', page=False)}{title})"
        for other, pages in self.pages.items():
            if repo_path in pages:
                if other == edition:  # a page of this edition: Sphinx resolves the link to its source
                    staged = self._staged_path(repo_path, edition)
                    here = self._staged_path(source, edition)
                    return f"[{label}]({posixpath.relpath(staged, posixpath.dirname(here) or '.')}{hash_}{anchor}{title})"
                url = self._relative(source, edition, site_url(other, pages[repo_path]), page=True) + hash_ + anchor
                return f'<a href="{url}">{label}</a>'
        kind = "tree" if (self.root / repo_path).is_dir() else "blob"
        url = f"https://github.com/{self.home['repo']}/{kind}/{self.home['branch']}/{repo_path}{hash_}{anchor}"
        return f"[{label}]({url}{title})"

    def _staged_path(self, repo_path: str, edition: str) -> str:
        """Where the repository file lies in the edition's source folder."""
        page = self.pages[edition][repo_path]
        return page + (".ipynb" if repo_path.endswith(".ipynb") else ".md")

    def _relative(self, source: str, edition: str, site_path: str, page: bool) -> str:
        """``site_path`` as seen from ``source``'s page: a page's path is from the site's root (``page``),
        a file's from the edition's source folder."""
        here = site_url(edition, self.pages[edition][source]) if page else self._staged_path(source, edition)
        return posixpath.relpath(site_path, posixpath.dirname(here) or ".")


def toctree(caption: str, entries: list[str]) -> str:
    """A hidden MyST toctree: the left-hand navigation of the site."""
    lines = "\n".join(entries)
    return f"\n\n```{{toctree}}\n:hidden:\n:caption: {caption}\n\n{lines}\n```\n"


def stage(out: Path, root: Path = ROOT) -> dict[str, dict[str, str]]:
    """Write one Sphinx source folder per edition into ``out``; returns the editions' pages."""
    pages, home = editions(root), course_home(root)
    linker = Linker(pages, home, root)
    if out.exists():
        shutil.rmtree(out)
    for edition, edition_pages in pages.items():
        folder = out / edition
        for repo_path, page in edition_pages.items():
            source = root / repo_path
            target = folder / linker._staged_path(repo_path, edition)
            target.parent.mkdir(parents=True, exist_ok=True)
            if repo_path.endswith(".ipynb"):
                notebook = json.loads(source.read_text(encoding="utf-8"))
                for cell in notebook["cells"]:
                    if cell["cell_type"] == "markdown":
                        text = linker.rewrite("".join(cell["source"]), repo_path, edition)
                        cell["source"] = text.splitlines(keepends=True)
                target.write_text(json.dumps(notebook, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
            else:
                if source.is_file():
                    text = linker.rewrite(source.read_text(encoding="utf-8"), repo_path, edition)
                else:
                    text = chinese_landing_page(root, edition_pages)
                if page == "index":
                    text += navigation(edition, edition_pages)
                target.write_text(text, encoding="utf-8")
        for picture in sorted(linker.pictures):
            (folder / "images" / picture).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy(root / picture, folder / "images" / picture)
        (folder / "images").mkdir(exist_ok=True)
        shutil.copy(SITE / "_static" / "colab-badge.svg", folder / "images" / "colab-badge.svg")
    (out / "site.json").write_text(json.dumps({"home": home, "pages": pages}, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    return pages


def navigation(edition: str, edition_pages: dict[str, str]) -> str:
    """The landing page's hidden toctrees: the notebooks, then (English) the teacher's guide and benchmarks."""
    notebooks = [page for path, page in edition_pages.items() if path.endswith(".ipynb")]
    docs = [page for path, page in edition_pages.items() if path.startswith("docs/")]
    text = toctree("课程笔记本" if edition == ZH else "Notebooks", notebooks)
    return text + (toctree("For teachers", docs) if docs else "")


if __name__ == "__main__":
    if len(sys.argv) != 2:
        raise SystemExit(__doc__)
    staged = stage(Path(sys.argv[1]))
    print("staged " + ", ".join(f"{edition}: {len(pages)} pages" for edition, pages in staged.items()))
