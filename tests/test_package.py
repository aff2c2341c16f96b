"""The helper package: light to import, every name reachable (in the code and in the docs), a clear sentence on an old Keras."""

from __future__ import annotations

import ast
import importlib
import os
import re
import subprocess
import sys
import types
from pathlib import Path

import pytest

import fmnist_helpers as fh

ROOT = Path(__file__).resolve().parents[1]
#: What a teacher's plain Python may lack: the fork commands must run without any of it.
HEAVY = ("tensorflow", "keras", "matplotlib", "numpy", "PIL")


def run_python(code: str) -> subprocess.CompletedProcess:
    """Run ``code`` in a fresh Python."""
    return subprocess.run(
        [sys.executable, "-c", "import sys\n" + code],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )


def test_every_public_name_and_every_module_is_reachable():
    for name in fh.__all__:
        assert getattr(fh, name) is not None, name
    for module in fh._MODULES:
        assert isinstance(getattr(fh, module), types.ModuleType)
    with pytest.raises(AttributeError, match="no attribute 'trian'"):
        fh.trian


def test_each_modules_public_line_holds_what_it_lists_and_every_top_level_name_is_public_at_home():
    for module_name in fh._MODULES:
        module = getattr(fh, module_name)
        public = getattr(module, "__all__", None)
        if public is None:  # a module without its public line yet: nothing to hold it to
            continue
        assert len(set(public)) == len(public), f"{module_name}.__all__ lists a name twice"
        for name in public:
            assert hasattr(module, name) and not name.startswith("_"), f"{module_name}.__all__ lists {name}"
    for name, home in fh._HOMES.items():
        public = getattr(getattr(fh, home), "__all__", [name])
        assert name in public, f"fh.{name} comes from {home}, whose __all__ does not list it"


#: ``fh.x.y`` or ``fmnist_helpers.x.y``: a name of the package as the notebooks and the docs write it.
DOTTED_NAME = re.compile(r"\b(?:fh|fmnist_helpers)((?:\.[A-Za-z_]\w*)+)")
#: The prose that names the package's names: the READMEs, docs/, and the newest section of the changelog (older
#: sections record names as they were then). The docstrings of the package are read as well.
DOCUMENTS = ("README.md", "README.zh-CN.md", "docs/*.md")


def resolves(dotted: str) -> bool:
    """Whether ``fmnist_helpers`` + ``dotted`` (``".data.load_data"``) is a real module or attribute."""
    target, module_name = fh, "fmnist_helpers"
    for part in dotted.strip(".").split("."):
        module_name += "." + part
        if hasattr(target, part):
            target = getattr(target, part)
            continue
        try:  # a submodule not imported yet, e.g. fmnist_helpers.exercises.nb06
            target = importlib.import_module(module_name)
        except ImportError:
            return False
        file = getattr(target, "__file__", None)
        if not file or not Path(file).resolve().is_relative_to(ROOT):  # not another install's leftover module
            return False
    return True


def newest_changelog_section() -> str:
    sections = re.split(r"^## ", (ROOT / "CHANGELOG.md").read_text(encoding="utf-8"), flags=re.MULTILINE)
    return sections[1] if len(sections) > 1 else ""


def documented_names() -> list[tuple[str, str]]:
    """``(where, dotted name)`` for every package name the docs and the package's docstrings write."""
    texts = [
        (path.relative_to(ROOT).as_posix(), path.read_text(encoding="utf-8"))
        for pattern in DOCUMENTS
        for path in sorted(ROOT.glob(pattern))
    ]
    texts.append(("CHANGELOG.md (newest section)", newest_changelog_section()))
    for path in sorted((ROOT / "fmnist_helpers").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(
                node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)
            ) and ast.get_docstring(node):
                name = getattr(node, "name", "module")
                texts.append((f"{path.relative_to(ROOT).as_posix()} ({name}'s docstring)", ast.get_docstring(node)))
    found = []
    for where, text in texts:
        for line_number, line in enumerate(text.splitlines(), 1):
            found += [(f"{where}:{line_number}", match) for match in DOTTED_NAME.findall(line)]
    return found


def test_every_name_the_notebooks_use_from_the_package_is_there():
    used = {
        match
        for path in sorted((ROOT / "notebooks").glob("*.ipynb"))
        for match in re.findall(r"\bfh\.(\w+(?:\.\w+)*)", path.read_text())
    }
    assert "recipes.CPU_RECIPE" in used  # the search finds what the notebooks use, dotted names too
    for dotted in sorted(used):
        assert resolves(dotted), f"the notebooks use fh.{dotted}, which is gone"


def test_every_package_name_the_readmes_docs_changelog_and_docstrings_write_is_there():
    found = documented_names()
    assert len(found) > 10  # the search finds the names the docs write
    gone = [f"{where}: fmnist_helpers{dotted} (or fh{dotted})" for where, dotted in found if not resolves(dotted)]
    assert gone == [], "these texts name what the package does not have (renamed or moved?):\n" + "\n".join(gone)


def test_a_name_that_is_gone_or_misspelled_does_not_resolve():
    assert resolves(".sample_photos.make_sample_photo") and resolves(".exercises.nb10")
    assert not resolves(".photo_samples") and not resolves(".data.DOWNLOAD_TIMEOUT") and not resolves(".trian")
    assert ("x", ".data.load_data") in [("x", m) for m in DOTTED_NAME.findall("call `fh.data.load_data()`.")]


def test_importing_the_package_loads_no_tensorflow_keras_or_matplotlib_and_changes_no_environment():
    done = run_python(
        "import os\nbefore = dict(os.environ)\nimport fmnist_helpers\n"
        f"print(sorted(m for m in sys.modules if m.split('.')[0] in {HEAVY!r}))\n"
        "print(dict(os.environ) == before)"
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["[]", "True"]


def test_an_old_keras_gets_one_sentence_that_says_what_to_install():
    done = run_python(
        "import types\n"
        "sys.modules['keras'] = types.SimpleNamespace(__version__='2.15.0')\n"
        "sys.modules['tensorflow'] = types.SimpleNamespace(__version__='2.15.1')\n"
        "import fmnist_helpers as fh\n"
        "fh.build_model()"
    )
    last_line = done.stderr.strip().splitlines()[-1]
    assert last_line.startswith("ImportError: This course needs Keras 3")
    assert "TensorFlow 2.15.1 with Keras 2.15.0" in last_line and 'pip install -U "tensorflow>=2.16"' in last_line


def course_imports() -> dict[str, set[str]]:
    """For each module of the package, the package's modules it imports: at the top, or inside a function."""
    from importlib.util import resolve_name

    package = ROOT / "fmnist_helpers"
    graph: dict[str, set[str]] = {}
    for path in sorted(package.rglob("*.py")):
        parts = path.relative_to(ROOT).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        anchor = name if parts[-1] == "__init__" else name.rpartition(".")[0]
        graph[name] = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.level:
                base = resolve_name("." * node.level + (node.module or ""), anchor)
                targets = [base] if node.module else [f"{base}.{alias.name}" for alias in node.names]
                graph[name] |= {
                    target
                    for target in targets
                    if (ROOT / Path(*target.split("."))).exists()
                    or (ROOT / Path(*target.split("."))).with_suffix(".py").exists()
                }
        graph[name].discard(name)
    return graph


def import_cycle(graph: dict[str, set[str]]) -> list[str]:
    """One cycle of imports in ``graph`` (a module that reaches itself), or [] when the arrows go one way."""
    done: set[str] = set()

    def visit(name: str, path: list[str]) -> list[str]:
        if name in path:
            return path[path.index(name) :] + [name]
        if name in done:
            return []
        for target in sorted(graph.get(name, ())):
            if target == "fmnist_helpers" or target.startswith(name + "."):
                continue  # a package's own __init__ and its submodules are one home
            cycle = visit(target, path + [name])
            if cycle:
                return cycle
        done.add(name)
        return []

    for name in sorted(graph):
        cycle = visit(name, [])
        if cycle:
            return cycle
    return []


def test_the_modules_import_each_other_one_way_only():
    graph = course_imports()
    assert "fmnist_helpers.downloads" in graph["fmnist_helpers.data"]  # the search finds the arrows
    assert "fmnist_helpers.model_cache" in graph["fmnist_helpers.training"]
    assert import_cycle(graph) == [], " -> ".join(import_cycle(graph))


def test_an_import_circle_is_found():
    assert import_cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert import_cycle({"a": {"b"}, "b": set()}) == []
