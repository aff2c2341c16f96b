"""A release to PyPI: the tag names the version, and the archives hold the student package only (tools/release.py)."""

from __future__ import annotations

import io
import sys
import tarfile
import zipfile
from pathlib import Path

import pytest

import fmnist_helpers

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools"))
import release  # noqa: E402


def test_the_release_script_reads_the_packages_own_version():
    assert release.package_version() == fmnist_helpers.__version__


def test_a_tag_that_names_the_version_releases_it():
    assert release.tag_problem(f"v{fmnist_helpers.__version__}") is None
    assert release.main(["check-tag", f"v{fmnist_helpers.__version__}"]) == 0


@pytest.mark.parametrize("tag", ["v0.0.1", fmnist_helpers.__version__, f"v{fmnist_helpers.__version__}.1", "main"])
def test_a_tag_that_names_another_version_is_refused_with_what_to_do(tag, capsys):
    assert release.main(["check-tag", tag]) == 1
    said = capsys.readouterr().err
    assert f"v{fmnist_helpers.__version__}" in said and "__version__" in said


def make_archives(folder: Path, extra: str | None = None) -> Path:
    version = fmnist_helpers.__version__
    files = ["fmnist_helpers/__init__.py", "fmnist_helpers/sample_photos/bag.png"] + ([extra] if extra else [])
    with zipfile.ZipFile(folder / f"fmnist_helpers-{version}-py3-none-any.whl", "w") as wheel:
        for name in files + [f"fmnist_helpers-{version}.dist-info/METADATA"]:
            wheel.writestr(name, "x")
    with tarfile.open(folder / f"fmnist_helpers-{version}.tar.gz", "w:gz") as sdist:
        for name in files + ["PKG-INFO", "pyproject.toml", "README.md", "LICENSE"]:
            info = tarfile.TarInfo(f"fmnist_helpers-{version}/{name}")
            info.size = 1
            sdist.addfile(info, io.BytesIO(b"x"))
    return folder


def test_archives_with_the_package_only_pass(tmp_path):
    assert release.dist_problems(make_archives(tmp_path)) == []


def test_tests_or_notebooks_in_an_archive_are_named(tmp_path):
    problems = release.dist_problems(make_archives(tmp_path, extra="tests/test_data.py"))
    assert len(problems) == 2 and all("tests/test_data.py is not part of the student package" in p for p in problems)


def test_an_archive_without_the_sample_photos_is_refused(tmp_path):
    (tmp_path / "fmnist_helpers-0-py3-none-any.whl").write_bytes(b"")
    with zipfile.ZipFile(tmp_path / "fmnist_helpers-0-py3-none-any.whl", "w") as wheel:
        wheel.writestr("fmnist_helpers/__init__.py", "x")
    problems = release.dist_problems(tmp_path)
    assert any("expected one wheel and one sdist" in p for p in problems)
    assert any("sample photos are missing" in p for p in problems)
