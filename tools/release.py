"""Checks for a release of the helper package to PyPI (`.github/workflows/release.yml`, `.ci/run`).

    python tools/release.py check-tag v0.5.0   # the tag names the package's version, or exit 1
    python tools/release.py check-dist dist    # the wheel and sdist hold the student package only

Plain Python, no TensorFlow: it reads the version from ``fmnist_helpers/__init__.py`` as text.
"""

from __future__ import annotations

import argparse
import re
import sys
import tarfile
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
#: What a wheel or an sdist may hold: the package, and the sdist's own metadata.
ALLOWED = re.compile(
    r"^(fmnist_helpers/|fmnist_helpers-[^/]+\.dist-info/|PKG-INFO$|pyproject\.toml$|README\.md$|"
    r"LICENSE$|setup\.cfg$|MANIFEST\.in$|fmnist_helpers\.egg-info/)"
)


def package_version() -> str:
    """The version in ``fmnist_helpers/__init__.py`` (``__version__ = "..."``)."""
    text = (ROOT / "fmnist_helpers" / "__init__.py").read_text(encoding="utf-8")
    return re.search(r'^__version__ = "([^"]+)"', text, re.M).group(1)


def tag_problem(tag: str) -> str | None:
    """Why ``tag`` cannot release this version (None when it is ``v`` + the package's version)."""
    expected = f"v{package_version()}"
    if tag == expected:
        return None
    return (
        f"the tag {tag!r} does not match the package's version {package_version()}: tag the commit {expected!r}, "
        "or change __version__ in fmnist_helpers/__init__.py (and CHANGELOG.md) first"
    )


def archive_names(path: Path) -> list[str]:
    """The files in a wheel or an sdist, relative to its top (an sdist's ``name-version/`` folder removed)."""
    if path.suffix == ".whl":
        with zipfile.ZipFile(path) as wheel:
            return [name for name in wheel.namelist() if not name.endswith("/")]
    with tarfile.open(path) as sdist:
        return [member.name.split("/", 1)[1] for member in sdist.getmembers() if member.isfile() and "/" in member.name]


def dist_problems(folder: Path) -> list[str]:
    """One line per file in ``folder``'s wheel and sdist that is not the student package, or a missing archive."""
    archives = sorted(folder.glob("*.whl")) + sorted(folder.glob("*.tar.gz"))
    problems = (
        [] if len(archives) == 2 else [f"{folder}: expected one wheel and one sdist, found {len(archives)} files"]
    )
    for archive in archives:
        names = archive_names(archive)
        problems += [
            f"{archive.name}: {name} is not part of the student package" for name in names if not ALLOWED.match(name)
        ]
        if not any(name.endswith("fmnist_helpers/sample_photos/bag.png") for name in names):
            problems.append(f"{archive.name}: the sample photos are missing")
    return problems


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python tools/release.py", description=__doc__.split("\n\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("check-tag", help="the tag names the package's version").add_argument("tag")
    commands.add_parser("check-dist", help="the archives hold the student package only").add_argument(
        "folder", type=Path
    )
    args = parser.parse_args(argv)
    problems = [tag_problem(args.tag)] if args.command == "check-tag" else dist_problems(args.folder)
    problems = [problem for problem in problems if problem]
    for problem in problems:
        print(f"release: {problem}", file=sys.stderr)
    if not problems:
        print("release: ok")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
