"""The course's GitHub home, written in one place (``course.json``), and the command to move it.

Every notebook has an "Open in Colab" badge and a Colab install cell that name the GitHub
repository and branch. A teacher who forks the course runs one command to point them all at
the fork:

    python -m fmnist_helpers.course set-repo OWNER/REPO@BRANCH
    python -m fmnist_helpers.course check        # does every notebook agree?
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path

CONFIG_PATH = Path(__file__).with_name("course.json")
BADGE_PATTERN = re.compile(r"colab\.research\.google\.com/github/([^/\s\"')]+/[^/\s\"')]+)/blob/([^\s\"')]+?)/(notebooks/[^\s\"')]+\.ipynb)")
INSTALL_PATTERN = re.compile(r"git\+https://github\.com/([^/\s\"'@\\]+/[^/\s\"'@\\]+?)(?:\.git)?@([^\s\"'#\\]+)")
REPO_PATTERN = re.compile(r"^[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+$")


def course_home() -> tuple[str, str]:
    """The course's ``(owner/repo, branch)`` from ``course.json``."""
    config = json.loads(CONFIG_PATH.read_text())
    return config["repo"], config["branch"]


def colab_url(notebook_path: str, repo: str | None = None, branch: str | None = None) -> str:
    """The Colab link that opens ``notebooks/NAME.ipynb`` from the course's GitHub repository."""
    home_repo, home_branch = course_home()
    return f"https://colab.research.google.com/github/{repo or home_repo}/blob/{branch or home_branch}/{notebook_path}"


def install_spec(repo: str | None = None, branch: str | None = None) -> str:
    """What the notebooks' Colab cell gives to pip: the helper package from GitHub."""
    home_repo, home_branch = course_home()
    return f"git+https://github.com/{repo or home_repo}@{branch or home_branch}"


def parse_target(target: str) -> tuple[str, str]:
    """``"OWNER/REPO@BRANCH"`` (branch optional, default main) -> ``("OWNER/REPO", "BRANCH")``."""
    repo, _, branch = target.partition("@")
    if not REPO_PATTERN.match(repo):
        raise ValueError(f"Expected OWNER/REPO or OWNER/REPO@BRANCH (e.g. my-school/fmnist-course@main), got {target!r}.")
    return repo, branch or "main"


def rewrite_text(text: str, repo: str, branch: str) -> str:
    """Point every Colab badge and helper install in ``text`` at ``repo``/``branch``."""
    text = BADGE_PATTERN.sub(lambda m: f"colab.research.google.com/github/{repo}/blob/{branch}/{m.group(3)}", text)
    return INSTALL_PATTERN.sub(f"git+https://github.com/{repo}@{branch}", text)


def course_files(root: Path) -> list[Path]:
    """The files that carry badges or install lines: the notebooks, README.md and docs/."""
    files = sorted((root / "notebooks").glob("*.ipynb")) + [root / "README.md"]
    files += sorted((root / "docs").glob("*.md")) if (root / "docs").is_dir() else []
    return [path for path in files if path.is_file()]


def set_repo(target: str, root: Path = Path(".")) -> list[Path]:
    """Rewrite ``course.json``, every notebook's badge and install cell, README and docs."""
    repo, branch = parse_target(target)
    changed = []
    for path in course_files(root):
        old = path.read_text()
        new = rewrite_text(old, repo, branch)
        if new != old:
            path.write_text(new)
            changed.append(path)
    CONFIG_PATH.write_text(json.dumps({"repo": repo, "branch": branch}, indent=2) + "\n")
    return changed


def check(root: Path = Path(".")) -> list[str]:
    """Every disagreement between the notebooks and ``course.json`` (an empty list when all agree)."""
    repo, branch = course_home()
    problems = []
    for path in sorted((root / "notebooks").glob("*.ipynb")):
        own = f"notebooks/{path.name}"
        cells = json.loads(path.read_text())["cells"]
        text = "\n".join("".join(cell["source"]) for cell in cells)
        badges = BADGE_PATTERN.findall(text)
        if not badges:
            problems.append(f"{own}: no Colab badge")
        for badge_repo, badge_branch, badge_path in badges:
            if (badge_repo, badge_branch, badge_path) != (repo, branch, own):
                problems.append(f"{own}: badge opens {badge_repo}@{badge_branch}/{badge_path}, expected {repo}@{branch}/{own}")
        installs = INSTALL_PATTERN.findall(text)
        if not installs:
            problems.append(f"{own}: no Colab install cell for the helpers")
        for install_repo, install_branch in installs:
            if (install_repo, install_branch) != (repo, branch):
                problems.append(f"{own}: installs from {install_repo}@{install_branch}, expected {repo}@{branch}")
    return problems


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m fmnist_helpers.course", description=__doc__.split("\n\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)
    setter = commands.add_parser("set-repo", help="point every badge and install cell at OWNER/REPO@BRANCH")
    setter.add_argument("target", help="OWNER/REPO or OWNER/REPO@BRANCH")
    setter.add_argument("--root", default=".", help="the course checkout (default: here)")
    checker = commands.add_parser("check", help="check that every notebook agrees with course.json")
    checker.add_argument("--root", default=".")
    args = parser.parse_args(argv)
    if args.command == "set-repo":
        try:
            changed = set_repo(args.target, Path(args.root))
        except ValueError as error:
            parser.error(str(error))
        repo, branch = course_home()
        print(f"The course now lives at github.com/{repo} (branch {branch}); rewrote {len(changed)} files:")
        for path in changed:
            print(f"  {path}")
        print("Commit and push, then the badges open your fork on Colab.")
        return 0
    problems = check(Path(args.root))
    print("\n".join(problems) if problems else "Every notebook's badge and install cell agree with course.json.")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
