"""The website's sources (site/prepare.py): what the site shows and where its links go, without building it.

The site itself is built and tested in a browser by ``bash site/build.sh`` and ``node --test site/test_site.mjs``.
"""

import base64
import hashlib
import importlib.util
import json
from pathlib import Path

import pytest

import fmnist_helpers as fh

ROOT = Path(__file__).resolve().parent.parent
_spec = importlib.util.spec_from_file_location("site_prepare", ROOT / "site" / "prepare.py")
prepare = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(prepare)


def notebook(title: str, *markdown: str, outputs: list | None = None) -> dict:
    """A small notebook: a title cell, more markdown cells, one code cell with ``outputs``."""
    cells = [{"cell_type": "markdown", "metadata": {}, "source": [text]} for text in (f"# {title}", *markdown)]
    cells.append(
        {"cell_type": "code", "metadata": {}, "execution_count": 1, "source": ["print(1)"], "outputs": outputs or []}
    )
    return {"cells": cells, "metadata": {}, "nbformat": 4, "nbformat_minor": 5}


@pytest.fixture
def course(tmp_path: Path) -> Path:
    """A tiny checkout of the course: README, two notebooks, the teacher's guide, course.json, a helper package."""
    (tmp_path / "notebooks").mkdir()
    (tmp_path / "docs").mkdir()
    (tmp_path / "fmnist_helpers").mkdir()
    (tmp_path / "course.json").write_text(json.dumps({"repo": "school/course", "branch": "main"}))
    (tmp_path / "fmnist_helpers" / "__init__.py").write_text(
        '"""The helpers.\n\n- ``data``   01   load_data\n- ``plots``  every notebook\n"""\n'
    )
    (tmp_path / "fmnist_helpers" / "plots.py").write_text("")
    badge = (
        "[![Open In Colab](https://colab.research.google.com/assets/colab-badge.svg)](https://colab.research.google.com/github/school/course/blob/main/notebooks/01_load_data.ipynb)"
        " [![Open In Kaggle](https://kaggle.com/static/images/open-in-kaggle.svg)](https://kaggle.com/kernels/welcome?src=https://github.com/school/course/blob/main/notebooks/01_load_data.ipynb)"
    )
    (tmp_path / "README.md").write_text(
        "# The course\n\n| [Load](notebooks/01_load_data.ipynb) | " + badge + " |\n\n"
        "See [the plots](fmnist_helpers/plots.py) and [the guide](docs/teaching.md#lesson-plan).\n"
    )
    (tmp_path / "docs" / "teaching.md").write_text(
        "# Teaching\n\n## Lesson plan\n\nStart with [01](../notebooks/01_load_data.ipynb).\n"
    )
    stream = [{"output_type": "stream", "name": "stdout", "text": ["1\n"]}]
    for name, text in [
        ("01_load_data", "Next: [02](02_train.ipynb)."),
        ("02_train", "Back to [the README](../README.md)."),
    ]:
        (tmp_path / "notebooks" / f"{name}.ipynb").write_text(json.dumps(notebook(name, text, outputs=stream)))
    return tmp_path


def staged_text(path: Path) -> str:
    """What a staged page says: a Markdown file, or a notebook's markdown cells."""
    if path.suffix != ".ipynb":
        return path.read_text(encoding="utf-8")
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    return "\n".join("".join(cell["source"]) for cell in cells if cell["cell_type"] == "markdown")


def test_site_turns_readme_links_to_notebooks_into_links_to_their_pages(course, tmp_path_factory):
    out = tmp_path_factory.mktemp("stage")
    prepare.stage(out, course)
    readme = staged_text(out / "en" / "index.md")
    assert "[Load](notebooks/01_load_data.ipynb)" in readme  # Sphinx resolves it to the notebook's page
    assert "[the guide](docs/teaching.md#lesson-plan)" in readme
    assert "[the README](../index.md)" in staged_text(out / "en" / "notebooks" / "02_train.ipynb")
    assert "notebooks/01_load_data\nnotebooks/02_train" in readme  # the navigation lists the notebooks in order


def test_site_opens_other_repository_files_on_github_and_serves_its_own_badge_pictures(course, tmp_path_factory):
    out = tmp_path_factory.mktemp("stage")
    prepare.stage(out, course)
    readme = staged_text(out / "en" / "index.md")
    assert "[the plots](https://github.com/school/course/blob/main/fmnist_helpers/plots.py)" in readme
    assert "colab.research.google.com/assets" not in readme
    assert (
        "[![Open In Colab](images/colab-badge.svg)](https://colab.research.google.com/github/school/course/blob/main/notebooks/01_load_data.ipynb)"
        in readme
    )
    assert (out / "en" / "images" / "colab-badge.svg").is_file()
    assert "kaggle.com/static" not in readme
    assert (
        "[![Open In Kaggle](images/kaggle-badge.svg)](https://kaggle.com/kernels/welcome?src=https://github.com/school/course/blob/main/notebooks/01_load_data.ipynb)"
        in readme
    )
    assert (out / "en" / "images" / "kaggle-badge.svg").is_file()


def test_site_reads_the_course_home_from_course_json(course, tmp_path_factory):
    (course / "course.json").write_text(json.dumps({"repo": "fork/course", "branch": "spring"}))
    out = tmp_path_factory.mktemp("stage")
    prepare.stage(out, course)
    assert "https://github.com/fork/course/blob/spring/fmnist_helpers/plots.py" in staged_text(out / "en" / "index.md")
    assert json.loads((out / "site.json").read_text())["home"] == {"repo": "fork/course", "branch": "spring"}


def test_site_build_stops_without_a_course_json_and_never_reads_the_one_removed_from_the_package(
    course, tmp_path_factory
):
    (course / "course.json").rename(course / "fmnist_helpers" / "course.json")  # where it lived before 0.3.0
    with pytest.raises(SystemExit, match="No course.json in"):
        prepare.stage(tmp_path_factory.mktemp("stage"), course)


def test_site_has_an_api_reference_of_every_helper_module_in_course_order():
    modules = prepare.api_modules(ROOT)
    assert sorted(modules) == sorted(fh._MODULES), "fmnist_helpers/__init__.py's docstring must list each module once"
    assert modules[:4] == ["config", "data", "downloads", "preprocessing"] and modules[-1] == "course"
    page = prepare.api_page(ROOT)
    for name in modules:
        assert f".. automodule:: fmnist_helpers.{name}\n   :members:\n" in page
    assert prepare.editions(ROOT)["en"]["fmnist_helpers/__init__.py"] == "api"


def test_site_turns_links_to_the_published_website_into_links_within_the_site(course, tmp_path_factory):
    with (course / "README.md").open("a") as readme:
        readme.write("The [API reference](https://school.github.io/course/api.html#fmnist_helpers.data).\n")
    (course / "README.zh-CN.md").write_text("# 课程\n\n[API reference](https://school.github.io/course/api.html)\n")
    out = tmp_path_factory.mktemp("stage")
    prepare.stage(out, course)
    assert '<a href="api.html#fmnist_helpers.data">API reference</a>' in staged_text(out / "en" / "index.md")
    assert '<a href="../api.html">API reference</a>' in staged_text(out / "zh-CN" / "index.md")
    assert "\napi\n```" in staged_text(out / "en" / "index.md")  # in the English navigation
    assert ".. automodule:: fmnist_helpers.plots" in staged_text(out / "en" / "api.md")

    (course / "README.md").write_text("See [the old page](https://school.github.io/course/helpers.html).\n")
    with pytest.raises(
        SystemExit,
        match="README.md links to https://school.github.io/course/helpers.html, a page the site does not have",
    ):
        prepare.stage(tmp_path_factory.mktemp("stage"), course)


def test_site_shows_the_committed_outputs_untouched(course, tmp_path_factory):
    out = tmp_path_factory.mktemp("stage")
    prepare.stage(out, course)
    committed = json.loads((course / "notebooks" / "01_load_data.ipynb").read_text())
    staged = json.loads((out / "en" / "notebooks" / "01_load_data.ipynb").read_text())
    assert [cell.get("outputs") for cell in staged["cells"]] == [cell.get("outputs") for cell in committed["cells"]]


def test_site_build_stops_at_a_link_to_a_file_that_is_not_in_the_repository(course, tmp_path_factory):
    (course / "docs" / "teaching.md").write_text("# Teaching\n\nRun [the benchmark](../benchmarks/benchmark.py).\n")
    with pytest.raises(
        SystemExit, match=r"docs/teaching.md links to ../benchmarks/benchmark.py, which is not in the repository"
    ):
        prepare.stage(tmp_path_factory.mktemp("stage"), course)


def test_site_has_a_chinese_edition_only_when_it_is_committed(course, tmp_path_factory):
    out = tmp_path_factory.mktemp("stage")
    assert set(prepare.stage(out, course)) == {"en"}
    assert not (out / "zh-CN").exists()

    (course / "notebooks" / "zh-CN").mkdir()
    (course / "notebooks" / "zh-CN" / "01_load_data.ipynb").write_text(
        json.dumps(notebook("01 · 加载数据", "英文版：[English](../01_load_data.ipynb)"))
    )
    (course / "README.zh-CN.md").write_text(
        "# 课程\n\n[加载数据](notebooks/zh-CN/01_load_data.ipynb) · [English](README.md) · [教师指南](docs/teaching.md)\n"
    )
    pages = prepare.stage(out, course)
    assert pages["zh-CN"] == {
        "README.zh-CN.md": "index",
        "notebooks/zh-CN/01_load_data.ipynb": "notebooks/01_load_data",
    }
    readme = staged_text(out / "zh-CN" / "index.md")
    assert "[加载数据](notebooks/01_load_data.ipynb)" in readme  # a page of the Chinese edition
    assert '<a href="../index.html">English</a>' in readme  # the English edition's pages, by their address
    assert '<a href="../docs/teaching.html">教师指南</a>' in readme
    assert '<a href="../../notebooks/01_load_data.html">English</a>' in staged_text(
        out / "zh-CN" / "notebooks" / "01_load_data.ipynb"
    )


def test_site_lists_the_chinese_notebooks_while_readme_zh_cn_is_not_written(course, tmp_path_factory):
    (course / "notebooks" / "zh-CN").mkdir()
    (course / "notebooks" / "zh-CN" / "01_load_data.ipynb").write_text(json.dumps(notebook("01 · 加载数据")))
    out = tmp_path_factory.mktemp("stage")
    prepare.stage(out, course)
    assert "- [01 · 加载数据](notebooks/01_load_data.ipynb)" in staged_text(out / "zh-CN" / "index.md")


def picture_output(picture: bytes, alt: str | None = None) -> dict:
    """A display output of a PNG, with an ``alt`` in its metadata as the helpers' figures have."""
    return {
        "output_type": "display_data",
        "data": {"image/png": base64.b64encode(picture).decode() + "\n", "text/plain": ["<Figure>"]},
        "metadata": {"image/png": {"alt": alt}} if alt else {},
    }


def test_site_gives_each_figure_its_description_as_alt_text_in_both_editions(course, tmp_path_factory, monkeypatch):
    from docutils import nodes
    from docutils.core import publish_from_doctree
    from docutils.utils import new_document

    matrix, curves, other = b"\x89PNG matrix", b"\x89PNG curves", b"\x89PNG drawn by hand"
    outputs = [
        picture_output(matrix, "Confusion matrix: most confused,\nShirt taken for T-shirt/top"),
        picture_output(curves, "Training curves"),
        picture_output(other),
    ]
    (course / "notebooks" / "02_train.ipynb").write_text(json.dumps(notebook("02_train", outputs=outputs)))
    (course / "notebooks" / "zh-CN").mkdir()
    (course / "notebooks" / "zh-CN" / "02_train.ipynb").write_text(json.dumps(notebook("02 训练", outputs=outputs)))
    out = tmp_path_factory.mktemp("stage")
    prepare.stage(out, course)
    alt_texts = json.loads((out / "figure-alt-texts.json").read_text())
    assert alt_texts == {
        hashlib.sha256(matrix).hexdigest(): "Confusion matrix: most confused, Shirt taken for T-shirt/top",
        hashlib.sha256(curves).hexdigest(): "Training curves",
    }

    monkeypatch.setenv("SITE_STAGE", str(out))
    for edition in ("en", "zh-CN"):
        monkeypatch.setenv("SITE_EDITION", edition)
        spec = importlib.util.spec_from_file_location("site_conf", ROOT / "site" / "conf.py")
        conf = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(conf)
        document = new_document("02_train")
        for picture in (matrix, curves, other):  # where MyST-NB puts a notebook's pictures, named by their hash
            document += nodes.image(uri=f"../_build/jupyter_execute/{hashlib.sha256(picture).hexdigest()}.png")
        conf.describe_figures(None, document)
        html = publish_from_doctree(document, writer="html5").decode()
        assert 'alt="Confusion matrix: most confused, Shirt taken for T-shirt/top"' in html
        assert 'alt="Training curves"' in html
        assert [image.get("alt") for image in document.findall(nodes.image)][2] is None  # drawn by hand: as before
