"""Lay out the site's sources: one Sphinx source folder per edition, from the files the course commits.

    python site/prepare.py OUT_DIR      # writes OUT_DIR/en (and OUT_DIR/zh-CN when the Chinese edition exists)

Each edition's folder mirrors the repository (``index.md`` from the README, ``notebooks/*.ipynb``,
``docs/*.md``), so the README's ``notebooks/NN_name.ipynb`` links resolve to the site's pages as
they are. The copies differ from the committed files only in their links: a link to a page of the
other edition becomes a plain link to that page, a link to the course's published website
(``https://OWNER.github.io/REPO/api.html``) a link to that page of this site, a link to any other
file of the repository (``fmnist_helpers/plots.py``) opens it on GitHub, and the Colab and Kaggle
badges' pictures come from the site instead of from Colab and Kaggle. Notebook outputs are copied untouched: the site
shows the committed run, it never re-executes a notebook. A figure's description (the ``alt`` of its
PNG output's metadata, which the helpers' figures carry) becomes its ``<img alt>`` on the site:
``figure-alt-texts.json`` maps each picture's SHA-256 (MyST-NB's name for its file) to it, for
``site/conf.py``. The English edition also gets ``api.md``,
the helper package's API reference, which Sphinx's autodoc makes from the docstrings (`api_page`).
Plain Python, no third-party package.
"""

from __future__ import annotations

import ast
import base64
import hashlib
import json
import posixpath
import re
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SITE = Path(__file__).resolve().parent
#: The repository file the API reference page is made from: the package's docstring lists its modules in course order.
API_SOURCE = "fmnist_helpers/__init__.py"
#: A module in that list: ``- ``name``   taught in ...``.
API_MODULE_ITEM = re.compile(r"^- ``(\w+)``", re.MULTILINE)
ZH = "zh-CN"
#: The badges' pictures on the web -> the site's own copies in site/_static (a page loads nothing from the web).
BADGE_IMAGES = {
    "https://colab.research.google.com/assets/colab-badge.svg": "colab-badge.svg",
    "https://kaggle.com/static/images/open-in-kaggle.svg": "kaggle-badge.svg",
}
# [text](target) and ![alt](target), not inside inline code; targets have no spaces in this course.
LINK = re.compile(r"(?<!\\)(!?)\[((?:[^\[\]]|\[[^\]]*\])*)\]\(\s*<?([^)\s>]+)>?(\s+\"[^\"]*\")?\s*\)")
#: The pictures a notebook output holds in base64, which MyST-NB writes to files named by their SHA-256.
PICTURES = ("image/png", "image/jpeg", "image/gif")
SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")


def course_home(root: Path = ROOT) -> dict[str, str]:
    """``{"repo": OWNER/REPO, "branch": ...}`` from the checkout's ``course.json``."""
    path = root / "course.json"
    if not path.is_file():
        raise SystemExit(
            f"No course.json in {root}: the site needs the course's GitHub home "
            "(python -m fmnist_helpers.course set-repo OWNER/REPO@BRANCH writes it)."
        )
    config = json.loads(path.read_text(encoding="utf-8"))
    return {"repo": config["repo"], "branch": config["branch"]}


def published_url(repo: str) -> str:
    """Where GitHub Pages publishes ``repo``'s website: `fmnist_helpers.course.site_url`, the one home of that rule."""
    sys.path.insert(0, str(ROOT))
    try:
        from fmnist_helpers.course import site_url  # plain Python: the package's import loads nothing heavy
    finally:
        sys.path.remove(str(ROOT))
    return site_url(repo)


def api_modules(root: Path = ROOT) -> list[str]:
    """The helper package's modules in course order, as its docstring lists them."""
    docstring = ast.get_docstring(ast.parse((root / API_SOURCE).read_text(encoding="utf-8"))) or ""
    return API_MODULE_ITEM.findall(docstring)


def api_page(root: Path = ROOT) -> str:
    """The API reference: the package's docstring, then each module's public names (``__all__``) with their docstrings."""
    # autodoc writes reStructuredText, so its directives sit in eval-rst blocks of this MyST page
    sections = [
        f"## `fmnist_helpers.{name}`\n\n```{{eval-rst}}\n.. automodule:: fmnist_helpers.{name}\n   :members:\n```\n"
        for name in api_modules(root)
    ]
    return (
        "# API reference: `fmnist_helpers`\n\n"
        "Every public name of the course's helper package, module by module in course order, with the "
        "documentation its code carries (made from the docstrings at each build of the site). "
        "`import fmnist_helpers as fh` reaches the modules as `fh.data`, `fh.plots`, ...; the names "
        "students use most also as `fh.load_data`, `fh.train`, ...\n\n"
        "```{eval-rst}\n.. automodule:: fmnist_helpers\n```\n\n" + "\n".join(sections)
    )


def editions(root: Path = ROOT) -> dict[str, dict[str, str]]:
    """For each edition, ``{repository path: page name}`` of the pages it has (zh-CN only when committed)."""
    english = {"README.md": "index"}
    english |= {f"notebooks/{p.name}": f"notebooks/{p.stem}" for p in sorted((root / "notebooks").glob("*.ipynb"))}
    english |= {
        f"docs/{name}.md": f"docs/{name}"
        for name in ("teaching", "benchmarks")
        if (root / "docs" / f"{name}.md").is_file()
    }
    if (root / API_SOURCE).is_file():
        english[API_SOURCE] = "api"
    found = {"en": english}
    chinese = {
        f"notebooks/{ZH}/{p.name}": f"notebooks/{p.stem}" for p in sorted((root / "notebooks" / ZH).glob("*.ipynb"))
    }
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
    items = [
        f"- [{notebook_title(root / path)}](notebooks/{Path(path).name})" for path in pages if path.endswith(".ipynb")
    ]
    return (
        "# Fashion-MNIST 图像分类（中文版）\n\n"
        + "\n".join(items)
        + '\n\n<a href="../index.html">English edition</a>\n'
    )


def site_url(edition: str, page: str) -> str:
    """The page's path from the site's root: the English edition at the top, the Chinese one under zh-CN/."""
    return (f"{ZH}/" if edition == ZH else "") + page + ".html"


class Linker:
    """Rewrites the links of one repository file for its copy in one edition's source folder."""

    def __init__(self, pages: dict[str, dict[str, str]], home: dict[str, str], root: Path = ROOT):
        self.pages, self.home, self.root = pages, home, root
        self.website = published_url(home["repo"])
        self.pictures: set[str] = set()  # the repository's pictures that pages show, copied by stage()

    def rewrite(self, text: str, source: str, edition: str) -> str:
        """``text`` of the repository file ``source`` with its links made right for the site."""
        return LINK.sub(lambda match: self._link(match, source, edition), text)

    def _link(self, match: re.Match, source: str, edition: str) -> str:
        bang, label, target, title = match.group(1), match.group(2), match.group(3), match.group(4) or ""
        label = self.rewrite(label, source, edition)  # a badge: a picture inside a link
        if bang and target in BADGE_IMAGES:
            return f"![{label}]({self._relative(source, edition, f'images/{BADGE_IMAGES[target]}', page=False)})"
        if not bang and target.startswith(self.website):
            return self._website_link(label, target.removeprefix(self.website), source, edition)
        if SCHEME.match(target) or target.startswith(("#", "/")):
            return f"{bang}[{label}]({target}{title})"
        path, hash_, anchor = target.partition("#")
        repo_path = posixpath.normpath(posixpath.join(posixpath.dirname(source), path))
        if not (self.root / repo_path).exists():
            raise SystemExit(
                f"{source} links to {target}, which is not in the repository: mend the link or add the file."
            )
        if bang:  # a picture of the repository: stage() copies it to images/, the same for every edition
            self.pictures.add(repo_path)
            return f"![{label}]({self._relative(source, edition, f'images/{repo_path}', page=False)}{title})"
        for other, pages in self.pages.items():
            if repo_path in pages:
                if other == edition:  # a page of this edition: Sphinx resolves the link to its source
                    staged = self._staged_path(repo_path, edition)
                    here = self._staged_path(source, edition)
                    return (
                        f"[{label}]({posixpath.relpath(staged, posixpath.dirname(here) or '.')}{hash_}{anchor}{title})"
                    )
                url = self._relative(source, edition, site_url(other, pages[repo_path]), page=True) + hash_ + anchor
                return f'<a href="{url}">{label}</a>'
        kind = "tree" if (self.root / repo_path).is_dir() else "blob"
        url = f"https://github.com/{self.home['repo']}/{kind}/{self.home['branch']}/{repo_path}{hash_}{anchor}"
        return f"[{label}]({url}{title})"

    def _website_link(self, label: str, address: str, source: str, edition: str) -> str:
        """A link to a page of the course's published website (``api.html``): to that page of this site."""
        path, hash_, anchor = address.partition("#")
        path = path + "index.html" if path.endswith("/") or not path else path
        if path not in {site_url(other, page) for other, pages in self.pages.items() for page in pages.values()}:
            raise SystemExit(
                f"{source} links to {self.website}{address}, a page the site does not have: mend the link."
            )
        return f'<a href="{self._relative(source, edition, path, page=True)}{hash_}{anchor}">{label}</a>'

    def _staged_path(self, repo_path: str, edition: str) -> str:
        """Where the repository file lies in the edition's source folder."""
        page = self.pages[edition][repo_path]
        return page + (".ipynb" if repo_path.endswith(".ipynb") else ".md")  # api: from API_SOURCE, made by api_page

    def _relative(self, source: str, edition: str, site_path: str, page: bool) -> str:
        """``site_path`` as seen from ``source``'s page: a page's path is from the site's root (``page``),
        a file's from the edition's source folder."""
        here = site_url(edition, self.pages[edition][source]) if page else self._staged_path(source, edition)
        return posixpath.relpath(site_path, posixpath.dirname(here) or ".")


def figure_alt_texts(notebook: dict) -> dict[str, str]:
    """``{SHA-256 of the picture: its alt text}`` for each output picture whose metadata has an ``alt``.

    MyST-NB names a picture's file by the SHA-256 of its bytes, so the site finds each figure's
    description by its file name, however many figures a cell shows.
    """
    found = {}
    for cell in notebook["cells"]:
        for output in cell.get("outputs", []):
            for mime in PICTURES:
                alt = output.get("metadata", {}).get(mime, {}).get("alt")
                if alt and mime in output.get("data", {}):
                    picture = base64.b64decode("".join(output["data"][mime]))
                    found[hashlib.sha256(picture).hexdigest()] = " ".join(str(alt).split())
    return found


def toctree(caption: str, entries: list[str]) -> str:
    """A hidden MyST toctree: the left-hand navigation of the site."""
    lines = "\n".join(entries)
    return f"\n\n```{{toctree}}\n:hidden:\n:caption: {caption}\n\n{lines}\n```\n"


def stage(out: Path, root: Path = ROOT) -> dict[str, dict[str, str]]:
    """Write one Sphinx source folder per edition into ``out``; returns the editions' pages."""
    pages, home = editions(root), course_home(root)
    linker = Linker(pages, home, root)
    alt_texts: dict[str, str] = {}
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
                alt_texts |= figure_alt_texts(notebook)
                for cell in notebook["cells"]:
                    if cell["cell_type"] == "markdown":
                        text = linker.rewrite("".join(cell["source"]), repo_path, edition)
                        cell["source"] = text.splitlines(keepends=True)
                target.write_text(json.dumps(notebook, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
            else:
                if repo_path == API_SOURCE:
                    text = api_page(root)
                elif source.is_file():
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
        for badge in BADGE_IMAGES.values():
            shutil.copy(SITE / "_static" / badge, folder / "images" / badge)
    (out / "figure-alt-texts.json").write_text(
        json.dumps(alt_texts, indent=1, ensure_ascii=False, sort_keys=True) + "\n", encoding="utf-8"
    )
    (out / "site.json").write_text(
        json.dumps({"home": home, "pages": pages}, indent=1, ensure_ascii=False) + "\n", encoding="utf-8"
    )
    return pages


def navigation(edition: str, edition_pages: dict[str, str]) -> str:
    """The landing page's hidden toctrees: the notebooks, then (English) the teacher's guide, benchmarks and API reference."""
    notebooks = [page for path, page in edition_pages.items() if path.endswith(".ipynb")]
    docs = [page for path, page in edition_pages.items() if path.startswith("docs/")]
    text = toctree("课程笔记本" if edition == ZH else "Notebooks", notebooks)
    text += toctree("For teachers", docs) if docs else ""
    return text + (toctree("Reference", [edition_pages[API_SOURCE]]) if API_SOURCE in edition_pages else "")


if __name__ == "__main__":
    if len(sys.argv) != 2:
        raise SystemExit(__doc__)
    staged = stage(Path(sys.argv[1]))
    print("staged " + ", ".join(f"{edition}: {len(pages)} pages" for edition, pages in staged.items()))
