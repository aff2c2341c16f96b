"""The course's GitHub home, written in one place (``course.json``), and the command to move it.

Every notebook has an "Open in Colab" badge, which opens the notebook from a branch, and a Colab
install cell, which installs the helper package from a fixed ref: the tag of the helper version
the notebooks were run with (``v`` + the package version), so a student gets the helpers the
notebook's outputs came from. A teacher who forks the course runs one command to point them all,
and the README's and the docs' badges, at the fork:

    python -m fmnist_helpers.course set-repo OWNER/REPO@BRANCH [--ref REF]
    python -m fmnist_helpers.course check        # do every notebook, README.md and docs/ agree?

Plain Python: neither this module nor the package's import loads TensorFlow.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path

CONFIG_PATH = Path(__file__).with_name("course.json")
#: Where ``course.json`` lives in a checkout of the course.
CONFIG_IN_CHECKOUT = Path("fmnist_helpers") / "course.json"
BADGE_PATTERN = re.compile(r"colab\.research\.google\.com/github/([^/\s\"')]+/[^/\s\"')]+)/blob/([^\s\"')]+?)/(notebooks/[^\s\"')]+\.ipynb)")
INSTALL_PATTERN = re.compile(r"git\+https://github\.com/([^/\s\"'@\\]+/[^/\s\"'@\\]+?)(?:\.git)?@([^\s\"'#\\]+)")
REPO_PATTERN = re.compile(r"^[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+$")
REF_PATTERN = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9_./-]*$")


def config_path(root: Path | None = None) -> Path:
    """``course.json`` of the checkout at ``root``; without a root, the one of this installed package."""
    return CONFIG_PATH if root is None else Path(root) / CONFIG_IN_CHECKOUT


def read_config(root: Path | None = None) -> dict[str, str]:
    """``{"repo": "OWNER/REPO", "branch": ..., "ref": ...}`` from ``course.json``."""
    config = json.loads(config_path(root).read_text())
    config.setdefault("ref", config["branch"])  # a course.json from before 0.2.0 installs from its branch
    return config


def course_home(root: Path | None = None) -> tuple[str, str]:
    """The course's ``(owner/repo, branch)`` from ``course.json``: where the badges open the notebooks."""
    config = read_config(root)
    return config["repo"], config["branch"]


def install_ref(root: Path | None = None) -> str:
    """The git ref the notebooks install the helpers from (a tag, ``v`` + the package version)."""
    return read_config(root)["ref"]


def colab_url(notebook_path: str, repo: str | None = None, branch: str | None = None) -> str:
    """The Colab link that opens ``notebooks/NAME.ipynb`` from the course's GitHub repository."""
    home_repo, home_branch = course_home()
    return f"https://colab.research.google.com/github/{repo or home_repo}/blob/{branch or home_branch}/{notebook_path}"


def install_spec(repo: str | None = None, ref: str | None = None) -> str:
    """What the notebooks' Colab cell gives to pip: the helper package from GitHub, at ``ref``."""
    config = read_config()
    return f"git+https://github.com/{repo or config['repo']}@{ref or config['ref']}"


def parse_target(target: str) -> tuple[str, str]:
    """``"OWNER/REPO@BRANCH"`` (branch optional, default main) -> ``("OWNER/REPO", "BRANCH")``."""
    repo, _, branch = target.partition("@")
    if not REPO_PATTERN.match(repo) or (branch and not REF_PATTERN.match(branch)):
        raise ValueError(f"Expected OWNER/REPO or OWNER/REPO@BRANCH (e.g. my-school/fmnist-course@main), got {target!r}.")
    return repo, branch or "main"


def rewrite_text(text: str, repo: str, branch: str, ref: str | None = None) -> str:
    """Point every Colab badge in ``text`` at ``repo``/``branch`` and every helper install at ``repo``@``ref``."""
    text = BADGE_PATTERN.sub(lambda m: f"colab.research.google.com/github/{repo}/blob/{branch}/{m.group(3)}", text)
    return INSTALL_PATTERN.sub(f"git+https://github.com/{repo}@{ref or branch}", text)


def course_files(root: Path) -> list[Path]:
    """The files that carry badges or install lines: the notebooks, README.md and docs/."""
    files = sorted((root / "notebooks").glob("*.ipynb")) + [root / "README.md"]
    files += sorted((root / "docs").glob("*.md")) if (root / "docs").is_dir() else []
    return [path for path in files if path.is_file()]


def set_repo(target: str, root: Path = Path("."), ref: str | None = None) -> list[Path]:
    """Rewrite the checkout's ``course.json``, every notebook's badge and install cell, README and docs.

    ``ref`` is what the install cells install (a tag or a branch); by default it stays the
    current one. Returns the files that changed.
    """
    root = Path(root)
    repo, branch = parse_target(target)
    if ref is not None and not REF_PATTERN.match(ref):
        raise ValueError(f"Expected a git tag or branch for --ref (e.g. v0.2.0), got {ref!r}.")
    config_file = config_path(root)
    if not config_file.is_file():
        raise ValueError(f"{root.resolve()} is not a checkout of the course: it has no {CONFIG_IN_CHECKOUT}. "
                         "Run the command in your fork's folder, or give it with --root.")
    ref = ref or install_ref(root)
    changed = []
    for path in course_files(root):
        old = path.read_text()
        new = rewrite_text(old, repo, branch, ref)
        if new != old:
            path.write_text(new)
            changed.append(path)
    new_config = json.dumps({"repo": repo, "branch": branch, "ref": ref}, indent=2) + "\n"
    if config_file.read_text() != new_config:
        config_file.write_text(new_config)
        changed.append(config_file)
    return changed


def _text_of(path: Path) -> str:
    """The text a file shows: a notebook's cell sources, any other file as it is."""
    if path.suffix != ".ipynb":
        return path.read_text()
    cells = json.loads(path.read_text())["cells"]
    return "\n".join("".join(cell["source"]) for cell in cells)


def check(root: Path = Path(".")) -> list[str]:
    """Every disagreement between ``course.json`` and the notebooks, README.md and docs/ (empty when all agree).

    A notebook needs its own badge and an install cell; every badge anywhere opens an existing
    notebook from the course's repository and branch, every install installs from its repository
    and ref.
    """
    root = Path(root)
    config = read_config(root) if config_path(root).is_file() else read_config()
    repo, branch, ref = config["repo"], config["branch"], config["ref"]
    problems = []
    for path in course_files(root):
        own = path.relative_to(root).as_posix()
        text = _text_of(path)
        badges = BADGE_PATTERN.findall(text)
        installs = INSTALL_PATTERN.findall(text)
        if path.suffix == ".ipynb":
            if not badges:
                problems.append(f"{own}: no Colab badge")
            if not installs:
                problems.append(f"{own}: no Colab install cell for the helpers")
        for badge_repo, badge_branch, badge_path in badges:
            if (badge_repo, badge_branch) != (repo, branch):
                problems.append(f"{own}: a badge opens {badge_repo}@{badge_branch}, expected {repo}@{branch}")
            if path.suffix == ".ipynb" and badge_path != own:
                problems.append(f"{own}: the badge opens {badge_path}, expected {own}")
            if not (root / badge_path).is_file():
                problems.append(f"{own}: a badge opens {badge_path}, which does not exist")
        for install_repo, install_at in installs:
            if (install_repo, install_at) != (repo, ref):
                problems.append(f"{own}: installs from {install_repo}@{install_at}, expected {repo}@{ref}")
    return problems


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m fmnist_helpers.course", description=__doc__.split("\n\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)
    setter = commands.add_parser("set-repo", help="point every badge and install cell at OWNER/REPO@BRANCH")
    setter.add_argument("target", help="OWNER/REPO or OWNER/REPO@BRANCH: where the badges open the notebooks")
    setter.add_argument("--ref", default=None,
                        help="the tag or branch the install cells install the helpers from (default: keep the current one)")
    setter.add_argument("--root", default=".", help="the course checkout (default: here)")
    checker = commands.add_parser("check", help="check that the notebooks, README.md and docs/ agree with course.json")
    checker.add_argument("--root", default=".", help="the course checkout (default: here)")
    args = parser.parse_args(argv)
    root = Path(args.root)
    if args.command == "set-repo":
        try:
            changed = set_repo(args.target, root, args.ref)
        except ValueError as error:
            parser.error(str(error))
        config = read_config(root)
        print(f"The course now lives at github.com/{config['repo']}: badges open branch {config['branch']}, "
              f"install cells install {config['ref']}; rewrote {len(changed)} files:")
        for path in changed:
            print(f"  {path}")
        print("Commit and push (and push the tag the install cells name), then the badges open your fork on Colab.")
        return 0
    problems = check(root)
    print("\n".join(problems) if problems else "Every badge and install cell agrees with course.json.")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
