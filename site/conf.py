"""Sphinx settings of the course's website, one edition at a time (``site/build.sh`` runs it).

``SITE_EDITION`` is ``en`` or ``zh-CN``; ``SITE_STAGE`` is the folder ``site/prepare.py`` wrote,
whose ``site.json`` names the editions' pages and the course's GitHub home (read from
``course.json`` at build time, so ``set-repo`` needs nothing more for the site).
Everything the pages use is served by the site itself: no font, script or picture from the web.
The API reference (``api.md``, English edition) is made by autodoc from the helper package's
docstrings, with TensorFlow, Keras, Matplotlib and Pillow mocked: the site's builder needs none of them.
"""

from __future__ import annotations

import json
import os
import posixpath
import sys
from pathlib import Path

SITE = Path(__file__).resolve().parent
sys.path.insert(0, str(SITE.parent))  # autodoc imports the checkout's fmnist_helpers, not an installed one
EDITION = os.environ.get("SITE_EDITION", "en")
STAGE = json.loads((Path(os.environ["SITE_STAGE"]) / "site.json").read_text(encoding="utf-8"))
_ALT_TEXTS = Path(os.environ["SITE_STAGE"]) / "figure-alt-texts.json"
#: ``{SHA-256 of a notebook's picture: its description}``, from the outputs' metadata (site/prepare.py).
FIGURE_ALT_TEXTS = json.loads(_ALT_TEXTS.read_text(encoding="utf-8")) if _ALT_TEXTS.is_file() else {}
HOME = STAGE["home"]
PAGES = {edition: set(pages.values()) for edition, pages in STAGE["pages"].items()}
OTHER = next((edition for edition in PAGES if edition != EDITION), None)
ZH = "zh-CN"

project = "Fashion-MNIST, step by step"
author = "the course's authors"
language = "zh_CN" if EDITION == ZH else "en"
html_title = "Fashion-MNIST 图像分类，一步一步" if EDITION == ZH else "Fashion-MNIST, step by step"

extensions = ["myst_nb", "sphinx.ext.autodoc"]
exclude_patterns = ["_build", "**.ipynb_checkpoints"]
# 04 quotes the article's code as printed, curly quotes and all (a lesson): Pygments cannot lex it.
suppress_warnings = ["misc.highlighting_failure"]

# The notebooks are shown with the outputs and figures they were committed with: never executed here.
nb_execution_mode = "off"
nb_merge_streams = True
myst_enable_extensions = ["colon_fence"]
myst_heading_anchors = 3

# The API reference: each module's public names (its __all__) in the order the code gives them.
autodoc_mock_imports = ["tensorflow", "keras", "matplotlib", "PIL"]
autodoc_member_order = "bysource"
# `name` in a docstring links to that name's entry when there is one (and stays plain text when not).
default_role = "py:obj"

html_theme = "sphinx_book_theme"
html_static_path = [str(SITE / "_static")]
html_css_files = ["course.css"]
templates_path = [str(SITE / "_templates")]
html_copy_source = False
html_show_sourcelink = False
html_theme_options = {
    "repository_url": f"https://github.com/{HOME['repo']}",
    "repository_branch": HOME["branch"],
    "use_repository_button": True,
    "use_download_button": False,
    "use_fullscreen_button": False,
    "home_page_in_toc": True,
    "show_toc_level": 2,
    "navbar_persistent": [],  # search lives in the sidebar and the article's header: no bar above the page
    "navigation_with_keys": False,
    "article_header_end": ["edition-switch.html", "article-header-buttons.html"],
}
html_context = {"edition": EDITION, "default_mode": "auto"}


def add_edition_switch(app, pagename, templatename, context, doctree):
    """The link to this page in the other edition (its landing page where it has no such page)."""
    if OTHER is None:
        context["edition_switch"] = None
        return
    counterpart = pagename if pagename in PAGES[OTHER] else "index"
    here = (f"{ZH}/" if EDITION == ZH else "") + pagename + ".html"
    there = (f"{ZH}/" if OTHER == ZH else "") + counterpart + ".html"
    context["edition_switch"] = {
        "url": posixpath.relpath(there, posixpath.dirname(here) or "."),
        "label": "中文" if OTHER == ZH else "English",
        "lang": OTHER,
    }


def describe_figures(app, doctree):
    """A notebook's figure gets its description as ``<img alt>`` (MyST-NB reads only width and height there).

    MyST-NB names each output picture's file by the SHA-256 of its bytes: that name finds the
    description which ``site/prepare.py`` read from the output's metadata.
    """
    from docutils import nodes

    for image in doctree.findall(nodes.image):
        description = FIGURE_ALT_TEXTS.get(posixpath.splitext(posixpath.basename(image["uri"]))[0])
        if description and not image.get("alt"):
            image["alt"] = description


def drop_mathjax(app):
    """No MathJax from a CDN on every page (myst-nb asks for it): a page must load nothing from the web."""
    listeners = app.events.listeners["html-page-context"]
    listeners[:] = [
        listener for listener in listeners if getattr(listener.handler, "__name__", "") != "install_mathjax"
    ]


def refuse_formulas(app, doctree, docname):
    """The course writes no formulas; one would show as raw LaTeX, so stop the build and say so."""
    from docutils import nodes

    if next(iter(doctree.findall(nodes.math)), None) or next(iter(doctree.findall(nodes.math_block)), None):
        raise RuntimeError(
            f"{docname} has a formula, and the site serves no MathJax: write it in words or code, "
            "or ship MathJax in site/_static and set mathjax_path in site/conf.py."
        )


def fix_chinese_search(app):
    """Sphinx 9.0's Chinese search ships the English stemmer but names it ChineseStemmer: a console error."""
    from sphinx.search.zh import SearchChinese

    class SearchChineseWithItsStemmer(SearchChinese):
        language_name = "English"  # only names the stemmer script: english-stemmer.js defines EnglishStemmer

    app.add_search_language(SearchChineseWithItsStemmer)


def setup(app):
    if EDITION == ZH:
        fix_chinese_search(app)
    app.connect("builder-inited", drop_mathjax)
    app.connect("doctree-read", describe_figures)
    app.connect("doctree-resolved", refuse_formulas)
    app.connect("html-page-context", add_edition_switch)
