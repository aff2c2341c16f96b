"""The Chinese edition cannot drift: tools/editions.py builds it from the English notebooks and catches drift.

The committed state must pass `check`; every other test builds a tiny course in tmp_path (synthetic
notebooks and a synthetic translation), so it does not depend on the real translations.
"""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
spec = importlib.util.spec_from_file_location("editions", ROOT / "tools" / "editions.py")
editions = importlib.util.module_from_spec(spec)
sys.modules["editions"] = editions  # tools/ is not a package: load the script as a module
spec.loader.exec_module(editions)

BADGE = "[![Open In Colab](https://colab.research.google.com/assets/colab-badge.svg)]"
KAGGLE = " [![Open In Kaggle](https://kaggle.com/static/images/open-in-kaggle.svg)](https://kaggle.com/kernels/welcome?src=https://github.com/owner/repo/blob/main/notebooks/"
ENGLISH_CELLS = [
    (
        "markdown",
        "intro",
        "# 01 · Demo\n\n"
        + BADGE
        + "(https://colab.research.google.com/github/owner/repo/blob/main/notebooks/01_demo.ipynb)"
        + KAGGLE
        + "01_demo.ipynb)\n\nLoad the data.",
    ),
    (
        "code",
        "setup",
        'import sys\nif "google.colab" in sys.modules:\n'
        '    %pip install -q "git+https://github.com/owner/repo@v1"  # on Colab only\nimport numpy as np',
    ),
    ("markdown", "explain", "The images are **uint8**.\n\nSee [the teacher's guide](../docs/teaching.md)."),
    ("code", "count", "# count\nprint(len(np.arange(3)))  # three"),
    ("markdown", "summary", "**Back:** [to the top](01_demo.ipynb)"),
]
TRANSLATED = {
    "intro": "# 01 · 示例\n\n"
    + BADGE
    + "(https://colab.research.google.com/github/owner/repo/blob/main/notebooks/zh-CN/01_demo.ipynb)"
    + KAGGLE
    + "zh-CN/01_demo.ipynb)\n\n加载数据。",
    "setup": 'import sys\nif "google.colab" in sys.modules:\n'
    '    %pip install -q "git+https://github.com/owner/repo@v1"  # 只在 Colab 上安装\nimport numpy as np',
    "explain": "图像是 **uint8**。\n\n参见[教师指南](../../docs/teaching.md)。",
    "summary": "**返回：** [回到开头](01_demo.ipynb)",
}


def sha12(text: str) -> str:
    return editions.english_hash({"source": text})


def write_english(root: Path, cells=ENGLISH_CELLS) -> None:
    notebook = {"cells": [], "metadata": {"kernelspec": {"name": "python3"}}, "nbformat": 4, "nbformat_minor": 5}
    for number, (kind, cell_id, source) in enumerate(cells, start=1):
        cell = {"cell_type": kind, "id": cell_id, "metadata": {}, "source": source.splitlines(keepends=True)}
        if kind == "code":
            cell.update(execution_count=number, outputs=[{"name": "stdout", "output_type": "stream", "text": ["3\n"]}])
        notebook["cells"].append(cell)
    (root / "notebooks").mkdir(parents=True, exist_ok=True)
    (root / "notebooks" / "01_demo.ipynb").write_text(json.dumps(notebook, indent=1, ensure_ascii=False) + "\n")


def write_translation(root: Path, translated=TRANSLATED, cells=ENGLISH_CELLS) -> Path:
    entries = ["<!-- zh-CN translation of notebooks/01_demo.ipynb -->"]
    for kind, cell_id, source in cells:
        if cell_id in translated:
            marker = "cell" if kind == "markdown" else "code"
            entries.append(f"<!-- {marker} {cell_id} en:{sha12(source)} -->\n{translated[cell_id]}")
    path = root / "translations" / "zh-CN" / "01_demo.md"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n\n".join(entries) + "\n", encoding="utf-8")
    return path


@pytest.fixture
def course(tmp_path) -> Path:
    """A one-notebook course with a complete zh-CN translation, built."""
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "teaching.md").write_text("# For teachers\n")
    write_english(tmp_path)
    write_translation(tmp_path)
    written, problems = editions.build(tmp_path, "zh-CN")
    assert problems == [] and written == [tmp_path / "notebooks" / "zh-CN" / "01_demo.ipynb"]
    return tmp_path


def zh_notebook(root: Path) -> dict:
    return json.loads((root / "notebooks" / "zh-CN" / "01_demo.ipynb").read_text(encoding="utf-8"))


def save_zh_notebook(root: Path, notebook: dict) -> None:
    editions.write_notebook(notebook, root / "notebooks" / "zh-CN" / "01_demo.ipynb")


def change_english_cell(root: Path, cell_id: str, source: str) -> None:
    write_english(root, [(kind, i, source if i == cell_id else s) for kind, i, s in ENGLISH_CELLS])


def run_tool(*args) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, str(ROOT / "tools" / "editions.py"), *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=60,
    )


def test_the_committed_chinese_edition_has_no_drift():
    if not (ROOT / "translations" / "zh-CN").is_dir():
        pytest.skip("translations/zh-CN does not exist yet: the Chinese edition has not been added")
    assert editions.check(ROOT, "zh-CN") == []


def test_build_gives_the_english_cells_in_order_with_the_translated_prose(course):
    english = json.loads((course / "notebooks" / "01_demo.ipynb").read_text())
    chinese = zh_notebook(course)
    assert [c["id"] for c in chinese["cells"]] == [c["id"] for c in english["cells"]]
    assert [c["cell_type"] for c in chinese["cells"]] == [c["cell_type"] for c in english["cells"]]
    by_id = {c["id"]: "".join(c["source"]) for c in chinese["cells"]}
    assert by_id["explain"] == TRANSLATED["explain"]
    assert by_id["setup"] == TRANSLATED["setup"]  # comments translated
    assert by_id["count"] == ENGLISH_CELLS[3][2]  # no code entry: the English cell as it is
    assert chinese["metadata"]["language"] == "zh-CN"
    assert all(c.get("outputs") == [] for c in chinese["cells"] if c["cell_type"] == "code")  # run it, then commit
    assert editions.check(course, "zh-CN") == []
    assert run_tool("check", "zh-CN", "--root", str(course)).returncode == 0


def test_a_changed_english_markdown_cell_is_caught_and_named_and_build_refuses(course):
    change_english_cell(course, "explain", "The images are **uint8**, from 0 to 255.\n\nSee the guide.")
    before = zh_notebook(course)
    result = run_tool("check", "zh-CN", "--root", str(course))
    assert result.returncode == 1
    stale = [line for line in result.stdout.splitlines() if "stale" in line]
    assert len(stale) == 1
    assert "01_demo.ipynb cell explain" in stale[0] and "The images are **uint8**, from 0 to 255." in stale[0]
    built = run_tool("build", "zh-CN", "--root", str(course))
    assert built.returncode == 1 and "cell explain" in built.stdout and "not built" in built.stdout
    assert zh_notebook(course) == before  # nothing written from a stale translation


def test_a_changed_english_code_cell_makes_its_code_entry_stale(course):
    change_english_cell(course, "setup", ENGLISH_CELLS[1][2].replace("import numpy as np", "import numpy"))
    problems = editions.check(course, "zh-CN")
    assert any("cell setup: stale translation" in line for line in problems)


def test_a_zh_code_cell_with_changed_code_is_caught_but_a_changed_comment_is_not(course):
    notebook = zh_notebook(course)
    count = next(c for c in notebook["cells"] if c["id"] == "count")
    count["source"] = ["# 数一数图像\n", "print(len(np.arange(3)))  # 三张"]
    save_zh_notebook(course, notebook)
    assert not any("code differs" in line for line in editions.check(course, "zh-CN"))
    count["source"] = ["# 数一数图像\n", "print(len(np.arange(4)))  # 三张"]
    save_zh_notebook(course, notebook)
    problems = [line for line in editions.check(course, "zh-CN") if "code differs" in line]
    assert len(problems) == 1 and "cell count" in problems[0] and "np.arange(3)" in problems[0]


@pytest.mark.parametrize(
    "translated, caught",
    [
        (
            'import sys\nif "google.colab" in sys.modules:\n    %pip install -q "git+https://github.com/owner/repo@v1"  # 注释\nimport numpy as np',
            False,
        ),
        (
            'import sys\nif "google.colab" in sys.modules:\n    %pip install -q "git+https://github.com/owner/repo@v9"  # 注释\nimport numpy as np',
            True,
        ),
        (
            'import sys\nif "google.colab" in sys.modules:\n    %pip install -q "git+https://github.com/owner/repo@v1"\nimport numpy as np  # "#" 也行',
            False,
        ),
        (
            'import sys\nif "google.colab" in sys.modules:\n    %pip install -q "git+https://github.com/owner/repo@v1"\nimport numpy as npy',
            True,
        ),
        (
            'import sys\nif "google.colab" in sys.modules:\n    %pip install -q "git+https://github.com/owner/repo@v1"\nimport numpy as np\nprint("#")',
            True,
        ),
    ],
    ids=["pip-comment", "pip-ref", "code-comment", "code-name", "added-line"],
)
def test_a_code_entry_may_translate_comments_only(course, translated, caught):
    write_translation(course, {**TRANSLATED, "setup": translated})
    problems = editions.check(course, "zh-CN")
    assert any("cell setup: the translated code differs" in line for line in problems) == caught


def test_missing_extra_and_reordered_cells_in_the_zh_notebook_are_caught(course):
    notebook = zh_notebook(course)
    cells = notebook["cells"]
    notebook["cells"] = [c for c in cells if c["id"] != "count"]
    save_zh_notebook(course, notebook)
    assert any("cell count is missing" in line for line in editions.check(course, "zh-CN"))
    notebook["cells"] = [cells[0], cells[2], cells[1], cells[3], cells[4]]
    save_zh_notebook(course, notebook)
    assert any("cells out of order" in line and "cell explain" in line for line in editions.check(course, "zh-CN"))
    notebook["cells"] = cells + [{"cell_type": "markdown", "id": "extra", "metadata": {}, "source": ["多余"]}]
    save_zh_notebook(course, notebook)
    assert any("cell extra is not in notebooks/01_demo.ipynb" in line for line in editions.check(course, "zh-CN"))


def test_a_missing_or_misplaced_translation_entry_is_caught(course):
    write_translation(course, {key: text for key, text in TRANSLATED.items() if key != "summary"})
    assert any("cell summary: no translation" in line for line in editions.check(course, "zh-CN"))
    reordered = [ENGLISH_CELLS[i] for i in (2, 0, 1, 3, 4)]
    write_translation(course, TRANSLATED, cells=reordered)
    assert any("entries out of order" in line for line in editions.check(course, "zh-CN"))


def test_a_hand_edited_zh_notebook_is_out_of_date_with_build(course):
    notebook = zh_notebook(course)
    notebook["cells"][2]["source"] = ["在生成的笔记本里直接改的"]
    save_zh_notebook(course, notebook)
    assert any("cell explain: out of date" in line for line in editions.check(course, "zh-CN"))
    editions.build(course, "zh-CN")
    assert editions.check(course, "zh-CN") == []


def test_build_keeps_the_outputs_of_unchanged_code_cells_and_clears_changed_ones(course):
    notebook = zh_notebook(course)
    for number, cell in enumerate(notebook["cells"], start=1):
        if cell["cell_type"] == "code":  # as if the maintainer had run it
            cell.update(execution_count=number, outputs=[{"name": "stdout", "output_type": "stream", "text": ["3\n"]}])
    save_zh_notebook(course, notebook)
    change_english_cell(course, "count", "print(len(np.arange(4)))")
    editions.build(course, "zh-CN")
    cells = {c["id"]: c for c in zh_notebook(course)["cells"]}
    assert cells["setup"]["execution_count"] == 2 and cells["setup"]["outputs"]
    assert cells["count"]["execution_count"] is None and cells["count"]["outputs"] == []
    assert "".join(cells["count"]["source"]) == "print(len(np.arange(4)))"


def test_badges_and_links_must_point_where_the_zh_notebook_is(course):
    write_translation(
        course,
        {
            **TRANSLATED,
            "intro": TRANSLATED["intro"].replace("notebooks/zh-CN/", "notebooks/"),
            "explain": "参见[教师指南](../docs/teaching.md)。",
        },
    )
    problems = editions.check(course, "zh-CN")
    assert any("cell intro: a badge (Colab or Kaggle) opens the English notebook" in line for line in problems)
    assert any("cell explain: the link ../docs/teaching.md leads nowhere" in line for line in problems)


def test_a_kaggle_badge_that_opens_the_english_notebook_is_caught(course):
    english_kaggle = TRANSLATED["intro"].replace(
        "src=https://github.com/owner/repo/blob/main/notebooks/zh-CN/",
        "src=https://github.com/owner/repo/blob/main/notebooks/",
    )
    assert english_kaggle != TRANSLATED["intro"]
    write_translation(course, {**TRANSLATED, "intro": english_kaggle})
    problems = editions.check(course, "zh-CN")
    assert any("cell intro: a badge (Colab or Kaggle) opens the English notebook" in line for line in problems)


def test_stub_adds_a_todo_entry_for_a_new_english_cell_which_check_and_build_refuse(course):
    cells = (
        ENGLISH_CELLS[:3]
        + [("markdown", "new", "## A new section\n\n[Guide](../docs/teaching.md)")]
        + ENGLISH_CELLS[3:]
    )
    write_english(course, cells)
    result = run_tool("stub", "zh-CN", "--root", str(course))
    assert result.returncode == 0 and "cell new: to translate" in result.stdout
    text = (course / "translations" / "zh-CN" / "01_demo.md").read_text(encoding="utf-8")
    assert (
        text.index("<!-- cell explain")
        < text.index(f"<!-- cell new en:{sha12(cells[3][2])} -->")
        < text.index("<!-- cell summary")
    )
    assert editions.TODO in text and "](../../docs/teaching.md)" in text
    assert TRANSLATED["explain"] in text  # the existing entries are kept as they were
    assert any("cell new: not translated yet" in line for line in editions.check(course, "zh-CN"))
    assert run_tool("build", "zh-CN", "--root", str(course)).returncode == 1
    (course / "translations" / "zh-CN" / "01_demo.md").write_text(
        text.replace(editions.TODO + "\n", "").replace("## A new section", "## 新的一节"), encoding="utf-8"
    )
    assert run_tool("build", "zh-CN", "--root", str(course)).returncode == 0
    assert editions.check(course, "zh-CN") == []


def test_code_without_comments_keeps_strings_that_look_like_comments():
    assert editions.same_code("x = 1  # one", "x = 1  # 一")
    assert not editions.same_code('print("# one")', 'print("# 一")')
    assert editions.same_code("# only a comment\nx = 1", "x = 1")


def commit_all(root: Path, message: str) -> None:
    git = ["git", "-C", str(root), "-c", "user.name=course", "-c", "user.email=course@example.org"]
    if not (root / ".git").exists():
        subprocess.run(git + ["init", "-q"], check=True)
    subprocess.run(git + ["add", "-A"], check=True)
    subprocess.run(git + ["commit", "-q", "-m", message], check=True)


def test_a_new_install_commit_or_a_forks_badges_leave_every_translation_fresh(course):
    from fmnist_helpers import course as course_files

    for path in [*course.glob("notebooks/**/*.ipynb"), *course.glob("translations/*/*.md")]:  # as pin and set-repo do
        path.write_text(course_files.rewrite_text(path.read_text(), "my-school/fmnist-class", "spring", "1" * 40))
    assert editions.check(course, "zh-CN") == []


GLOSSARY = """# 术语表

| English | 本课程 | d2l-zh 2.0 | 不用 |
|---|---|---|---|
| filter | 卷积核 | 卷积核 | 滤波器 |
| solution | 参考答案 | | 不用 |
| epoch | 轮 | 迭代周期 | 纪元 / 轮次 |
| early stopping | 早停 | | |
"""


def test_a_word_the_glossary_rejects_is_named_with_the_glossarys_term(course):
    (course / "translations" / "zh-CN" / "glossary.md").write_text(GLOSSARY, encoding="utf-8")
    assert editions.check(course, "zh-CN") == []  # the glossary itself is no translation of a notebook
    assert editions.glossary_variants(course, "zh-CN") == {
        "滤波器": "卷积核",
        "不用": "参考答案",
        "纪元": "轮",
        "轮次": "轮",
    }
    write_translation(course, {**TRANSLATED, "explain": "每个滤波器训练 5 个轮次。译本说的“纪元”就是轮。"})
    (course / "README.zh-CN.md").write_text("# 课程\n\n训练 5 个纪元。\n", encoding="utf-8")
    problems = [line for line in editions.check(course, "zh-CN") if "glossary" in line]
    assert len(problems) == 3
    assert any("01_demo.md" in line and "'滤波器'" in line and "use '卷积核'" in line for line in problems)
    assert any("01_demo.md" in line and "'轮次'" in line and "use '轮'" in line for line in problems)
    assert any(line.startswith("README.zh-CN.md line 3: '纪元'") for line in problems)


def test_a_word_the_glossary_rejects_in_the_helpers_messages_is_named_with_its_english(course):
    (course / "translations" / "zh-CN" / "glossary.md").write_text(GLOSSARY, encoding="utf-8")
    locale = course / "fmnist_helpers" / "locale"
    locale.mkdir(parents=True)
    catalog = {
        "Each filter of the first layer": "第一层的每个滤波器",  # rejected
        "Train for {epochs} epochs": "训练 {epochs} 轮",  # the glossary's word
        "A filter is also called a kernel": "“滤波器”在别的书里就是卷积核",  # a mention in quotes
        "epochs (not filters)": "轮",  # the English key is never checked
    }
    (locale / "zh-CN.json").write_text(json.dumps(catalog, ensure_ascii=False), encoding="utf-8")
    problems = [line for line in editions.check(course, "zh-CN") if "glossary" in line]
    assert problems == [
        "fmnist_helpers/locale/zh-CN.json: '滤波器' is not the glossary's word: use '卷积核' "
        "(translations/zh-CN/glossary.md), in the translation of 'Each filter of the first layer'"
    ]


def test_the_helpers_chinese_messages_use_the_glossarys_words():
    problems = [line for line in editions.glossary_problems(ROOT, "zh-CN") if line.startswith("fmnist_helpers/")]
    assert problems == []


@pytest.mark.parametrize(
    "code, english",
    [
        ("x = 1  # one image at a time", ["# one image at a time"]),
        ("x = 1  # 一次一张图像", []),
        ("# NBVAL_CHECK_OUTPUT\nx = 1", []),
        ("x = 1  # 28 x 28 x 32", []),
        ("x = 1  # /255", []),
        ('def f():\n    """Train one variant."""\n    return 1', ["a docstring"]),
        ('print("""two English words""")', []),
        ("%env FMNIST_QUICK=1\nx = 1", []),
        ("if x:\n    %pip install y\n    z = 1  # install the helpers here", ["# install the helpers here"]),
    ],
)
def test_english_comments_are_found_and_tool_markers_and_numbers_are_not(code, english):
    found = editions.english_comments(code)
    assert len(found) == len(english) and all(found[i].startswith(e) for i, e in enumerate(english))


def test_an_english_comment_left_in_a_zh_code_cell_is_caught(course):
    assert editions.check(course, "zh-CN") == []  # one English word ("# count") is not yet prose
    change_english_cell(course, "count", "# count the images\nprint(len(np.arange(3)))  # three")
    editions.build(course, "zh-CN")
    problems = [line for line in editions.check(course, "zh-CN") if "English comment" in line]
    assert problems == [
        "notebooks/zh-CN/01_demo.ipynb cell count: an English comment: '# count the images' "
        "(translate it in a code entry of translations/zh-CN/01_demo.md)"
    ]


def test_a_translated_code_cell_may_add_one_set_language_line_and_nothing_else():
    english = "import fmnist_helpers as fh\nfh.describe_runtime()"
    chinese = 'import fmnist_helpers as fh\nfh.set_language("zh-CN")  # 练习的反馈、提示和报错用中文显示\nfh.describe_runtime()'
    assert editions.same_code(english, chinese)
    assert not editions.same_code(english, chinese.replace("fh.describe", 'fh.set_language("en")\nfh.describe'))
    assert not editions.same_code(english, chinese.replace("set_language", "set_seed"))
