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


#: The names a message is marked with; in downloads.py (a leaf, that imports no translate) also ``say``, the caller's.
MARKERS = ("_", "N_")
LEAF_MARKERS = {"downloads.py": ("say",)}


def markers(path: Path) -> tuple[str, ...]:
    return MARKERS + LEAF_MARKERS.get(path.name, ())


def marked_messages() -> dict[str, str]:
    """Every ``_("...")``, ``N_("...")`` and ``say("...")`` text in the package, with where it is (``path:line``)."""
    found = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in markers(path):
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


def notebook_claims() -> dict[str, str]:
    """The claim of every ``fh.expect(...)`` and ``fh.expect_between(...)`` in the English notebooks' code.

    The claim is an English literal, the same in every edition: `expect` translates it when it shows
    its note, so each needs a catalog entry like a message of the helpers.
    """
    found = {}
    for path in sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb")):
        cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
        for number, cell in enumerate(cells):
            if cell["cell_type"] != "code":
                continue
            source = "".join(cell["source"])
            python = "\n".join("pass" if line.lstrip().startswith(("%", "!")) else line for line in source.splitlines())
            for node in ast.walk(ast.parse(python)):
                if (
                    isinstance(node, ast.Call)
                    and isinstance(node.func, ast.Attribute)
                    and isinstance(node.func.value, ast.Name)
                    and node.func.value.id == "fh"
                    and node.func.attr in ("expect", "expect_between")
                ):
                    literal = next(
                        (
                            arg.value
                            for arg in node.args
                            if isinstance(arg, ast.Constant) and isinstance(arg.value, str)
                        ),
                        None,
                    )
                    where = f"{path.relative_to(ROOT).as_posix()} cell {number}, fh.{node.func.attr}"
                    assert literal is not None, f"{where}: the claim is no string literal, so it cannot be translated"
                    found.setdefault(literal, where)
    return found


def messages() -> dict[str, str]:
    """Every text the helpers show a student, keyed by its English, with where it comes from."""
    return {**exercise_texts(), **marked_messages(), **notebook_claims()}


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
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Name)
                and node.func.id in markers(path)
                and node.keywords
            ):
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
    fh.expect_between("the test accuracy", 0.5, 0.905, 0.93)  # the notebook's English claim, shown in Chinese
    assert (
        "ℹ️ 正文中说测试准确率在 0.905 到 0.93 之间，本次运行的结果与此不符（本次为 0.5）。" in capsys.readouterr().out
    )
    fh.expect("Shirt is the hardest class", False, "Coat")
    assert capsys.readouterr().out.startswith("ℹ️ 正文中说Shirt（衬衫）是最难的类别，本次运行的结果与此不符（Coat）。")
    fh.expect("a claim no catalog has", False)
    assert capsys.readouterr().out.startswith("ℹ️ 正文中说a claim no catalog has，本次运行的结果与此不符。")


def test_every_notebook_claim_is_collected_for_its_translation():
    claims = notebook_claims()
    assert "the test accuracy" in claims and "Shirt is the hardest class" in claims
    assert all(where.startswith("notebooks/") and "/zh-CN/" not in where for where in claims.values())


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


def test_the_setup_cells_runtime_lines_and_gpu_advice_speak_chinese(capsys, chinese, monkeypatch):
    from fmnist_helpers import gpu, runtime

    info = {"python": "3.12.3", "tensorflow": "2.21.0", "keras": "3.12.0", "gpus": [], "gpu_problem": None}
    info |= {"colab": True, "kaggle": False, "cpu_cores": 2, "quick_mode": True}
    monkeypatch.setattr(runtime, "quiet_tensorflow", lambda: False)
    monkeypatch.setattr(runtime, "_runtime_info", lambda: info)
    monkeypatch.setenv("FMNIST_HARDWARE", "cpu")
    fh.describe_runtime()
    printed = capsys.readouterr().out
    assert "运行环境：Google Colab；GPU：无" in printed
    assert "没有 GPU：这个笔记本照样能运行" in printed and "Runtime > Change runtime type" in printed
    assert "FMNIST_HARDWARE=cpu：辅助包在这台机器上用 CPU 训练配方训练。" in printed
    assert "快速模式（FMNIST_QUICK=1）" in printed
    monkeypatch.setattr(gpu, "tensorflow_cpu_installed", lambda: True)
    monkeypatch.setattr(gpu, "tensorflow_gpu_log", lambda: ["could not load libcudnn"])
    problem = gpu.gpu_problem([], ["Tesla T4"], colab=False)
    assert problem.startswith("有 GPU 但用不了：nvidia-smi 找到了 Tesla T4")
    assert "tensorflow-cpu，它不支持 GPU" in problem and "怎么办：安装 TensorFlow 的 GPU 版本" in problem
    assert problem.endswith("TensorFlow 的输出：\n  could not load libcudnn")


def test_the_full_training_plan_and_trains_errors_speak_chinese(chinese):
    from fmnist_helpers.recipes import recipe_for

    recipe = recipe_for("article", "cpu")
    plan = fh.plan_training(300, recipe, epochs=1)
    described = plan.describe()
    assert (
        described.startswith("在 270 张图像上训练，用 30 张验证，批量大小 64（短训练：") and "1 轮，学习率" in described
    )
    assert "衰减到 0（用一个按此调度的新 Adam 重新编译）" in described
    with pytest.raises(ValueError, match="早停要观察验证损失，而这次训练没有验证图像"):
        fh.plan_training(300, recipe, validation_split=0, early_stopping=True)
    with pytest.raises(ValueError, match="像素最大到 255：这些图像没有归一化"):
        fh.train(object(), __import__("numpy").full((2, 28, 28, 1), 255.0), [0, 1])


def test_compare_on_same_images_gives_its_verdict_in_chinese(chinese):
    import numpy as np

    labels = np.zeros(1_000, dtype=int)
    lopsided = fh.compare_on_same_images(labels, np.zeros(1_000, dtype=int), np.where(np.arange(1_000) < 30, 1, 0))
    assert str(lopsided) == "只有 A 答对的图像 30 张，只有 B 答对的 0 张；|a-b| = 30，2*sqrt(a+b) = 11.0：差别确实存在"
    index = np.arange(1_000)
    even = fh.compare_on_same_images(labels, np.where(index < 2, 0, 1), np.where((index >= 2) & (index < 4), 0, 1))
    assert even.verdict == "在噪声范围内"
    with pytest.raises(ValueError, match="请在同一批图像上给两个模型打分"):
        fh.compare_on_same_images(labels, labels, labels[:5])


def test_the_download_lines_and_why_a_site_was_skipped_speak_chinese(chinese, nowhere, capsys):
    with pytest.raises(fh.data.DataNotFoundError) as error:
        fh.load_data()
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == (
        "正在从 http://127.0.0.1:9/（Keras 自己的网站）下载 4 个文件…… "
        "跳过：连接被拒绝（网站关闭了，或者那个地址上没有服务在监听）。"
    )
    assert "(Keras 自己的网站): 连接被拒绝" in str(error.value)


def test_downloads_words_are_english_unless_its_caller_passes_translate(chinese, tmp_path, capsys):
    from fmnist_helpers import downloads

    files = {"a.gz": "0" * 64, "b.gz": "0" * 64}
    source = [downloads.Source("192.168.1.10:8000/", "一份副本")]
    with pytest.raises(downloads.DownloadFailedError):
        downloads.download(files, tmp_path, source, say=i18n.translate)
    assert capsys.readouterr().out == (
        "正在从 192.168.1.10:8000/（一份副本）下载 2 个文件…… 跳过：不是网址：请在前面加上 http://，例如 http://192.168.1.10:8000/。\n"
    )
    with pytest.raises(downloads.DownloadFailedError):
        downloads.download(files, tmp_path, source)  # the leaf's own default: English
    assert capsys.readouterr().out.startswith(
        "Downloading 2 files from 192.168.1.10:8000/ (一份副本) ... skipped: not a"
    )


def test_the_hardware_recipe_schedule_and_saved_model_errors_speak_chinese(chinese, monkeypatch, tmp_path):
    from fmnist_helpers import model_cache, recipes, schedule

    monkeypatch.setenv("FMNIST_HARDWARE", "tpu")
    with pytest.raises(ValueError, match="FMNIST_HARDWARE 只能是 gpu、cpu 或 auto，不能是 'tpu'。"):
        recipes.recipe_for("article")
    with pytest.raises(ValueError, match="硬件只能是 'gpu'、'cpu' 或 'auto'，不能是 'tpu'。"):
        recipes.training_hardware("tpu")
    with pytest.raises(ValueError, match="没有模型 'resnet' 的训练配方"):
        recipes.recipe_for("resnet", "cpu")
    with pytest.raises(ValueError, match="需要 total_steps >= 1"):
        schedule.cosine_schedule(0.001, 0, 0)

    class ScheduledOptimizer:
        def get_config(self):
            return {"learning_rate": {"class_name": "ExponentialDecay", "config": {}}}

    with pytest.raises(ValueError, match="这个模型的优化器已经有学习率调度了：训练时传入 cosine_decay=False"):
        schedule.peak_learning_rate(ScheduledOptimizer())
    monkeypatch.setenv("KERAS_HOME", str(tmp_path))
    folder = model_cache.course_model_dir()
    folder.mkdir(parents=True)
    (folder / model_cache._FINGERPRINT_FILE).write_text('{"seed": 1}')
    (folder / model_cache._MODEL_FILE).write_bytes(b"not a model")
    said = []
    assert model_cache.load_course_model({"seed": 1}, print_fn=said.append) is None
    assert said[0].startswith(f"保存在 {folder} 的模型无法加载（") and said[0].endswith(
        "），所以按没有保存过的模型处理。"
    )
