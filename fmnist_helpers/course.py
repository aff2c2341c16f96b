"""Where the course lives on GitHub, and the commands that keep every notebook pointing there.

Every notebook has an "Open in Colab" and an "Open in Kaggle" badge, which open the notebook from a
branch (a Chinese notebook also has a link that opens it on Alibaba Cloud's PAI-DSW, which students in
mainland China reach without Google), and a setup cell that installs the helper package where it is missing (Colab, Kaggle, any
Jupyter) from one commit: the last commit that changed the
helpers (``fmnist_helpers/``, ``pyproject.toml`` or ``requirements.txt``). A commit id travels with
every clone and fork of the repository (a tag may not), and the helper code at that commit is
exactly the code the committed notebooks ran with. The repository and branch are written once, in
the checkout's top-level ``course.json``::

    python -m fmnist_helpers.course pin                          # install cells -> the last helper commit
    python -m fmnist_helpers.course set-repo OWNER/REPO@BRANCH   # a teacher's fork: badges, links, installs
    python -m fmnist_helpers.course check                        # does everything agree?

Plain Python and git: neither this module nor the package's import loads TensorFlow.
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
from pathlib import Path

__all__ = [
    "CONFIG_NAME",
    "HELPER_PATHS",
    "PAI_EDITIONS",
    "COMMIT_PATTERN",
    "CourseError",
    "read_config",
    "helper_commit",
    "pin",
    "set_repo",
    "check",
    "pin_problems",
    "pinned_refs",
    "parse_target",
    "course_files",
    "rewrite_text",
    "site_url",
    "main",
]

#: The checkout's record of where the course lives: {"repo": "OWNER/REPO", "branch": "BRANCH"}.
CONFIG_NAME = "course.json"
#: The editions whose notebooks also open on Alibaba Cloud's PAI-DSW (notebooks/<edition>/): for students in
#: mainland China, who may reach neither Colab nor Kaggle.
PAI_EDITIONS = ("zh-CN",)
#: What the install cells install: a change to any of these is a change to what a notebook installs.
HELPER_PATHS = ("fmnist_helpers", "pyproject.toml", "requirements.txt")
_BADGE_PATTERN = re.compile(
    r"colab\.research\.google\.com/github/([^/\s\"')]+/[^/\s\"')]+)/blob/([^\s\"')]+?)/(notebooks/[^\s\"')]+\.ipynb)"
)
#: Kaggle opens a notebook from its GitHub address: kaggle.com/kernels/welcome?src=https://github.com/OWNER/REPO/blob/...
_KAGGLE_PATTERN = re.compile(
    r"kaggle\.com/kernels/welcome\?src=https://github\.com/([^/\s\"')]+/[^/\s\"')]+)/blob/([^\s\"')]+?)/(notebooks/[^\s\"')]+\.ipynb)"
)
#: PAI-DSW opens a notebook from its GitHub address: gallery.pai-ml.com/#/import/https://github.com/OWNER/REPO/blob/...
_PAI_PATTERN = re.compile(
    r"gallery\.pai-ml\.com/#/import/https://github\.com/([^/\s\"')]+/[^/\s\"')]+)/blob/([^\s\"')]+?)/(notebooks/[^\s\"')]+\.ipynb)"
)
_INSTALL_PATTERN = re.compile(r"git\+https://github\.com/([^/\s\"'@\\]+/[^/\s\"'@\\]+?)(?:\.git)?@([^\s\"'#\\]+)")
_REPO_PATTERN = re.compile(r"^[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+$")
_BRANCH_PATTERN = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9_./-]*$")
#: A full commit id: what the install cells must name.
COMMIT_PATTERN = re.compile(r"^[0-9a-f]{40}$")


class CourseError(Exception):
    """Something a maintainer or teacher must fix first; the message says what."""


def read_config(root: Path = Path(".")) -> dict[str, str]:
    """``{"repo": "OWNER/REPO", "branch": ...}`` from the checkout's ``course.json``."""
    path = Path(root) / CONFIG_NAME
    if not path.is_file():
        raise CourseError(
            f"{Path(root).resolve()} is not a checkout of the course: it has no {CONFIG_NAME}. "
            "Run the command in the course's folder, or give it with --root."
        )
    return json.loads(path.read_text())


def _git(root: Path, *arguments: str) -> str:
    """Run git in the checkout at ``root`` and return what it printed; a `CourseError` if it failed."""
    done = subprocess.run(["git", *arguments], cwd=root, capture_output=True, text=True)
    if done.returncode != 0:
        raise CourseError(f"git {' '.join(arguments)} failed in {Path(root).resolve()}: {done.stderr.strip()}")
    return done.stdout.strip()


def helper_commit(root: Path = Path(".")) -> str:
    """The last commit that changed the helper package, ``pyproject.toml`` or ``requirements.txt``: what to pin."""
    commit = _git(root, "log", "-1", "--format=%H", "HEAD", "--", *HELPER_PATHS)
    if not commit:
        raise CourseError("No commit in this checkout's history changed the helper package.")
    return commit


def _install_line_target(repo: str, ref: str) -> str:
    """What the notebooks' setup cell gives to pip: the helper package from GitHub, at ``ref``."""
    return f"git+https://github.com/{repo}@{ref}"


def parse_target(target: str) -> tuple[str, str]:
    """``"OWNER/REPO@BRANCH"`` (branch optional, default main) -> ``("OWNER/REPO", "BRANCH")``."""
    repo, _, branch = target.partition("@")
    if not _REPO_PATTERN.match(repo) or (branch and not _BRANCH_PATTERN.match(branch)):
        raise CourseError(
            f"Expected OWNER/REPO or OWNER/REPO@BRANCH (e.g. my-school/fmnist-course@main), got {target!r}."
        )
    return repo, branch or "main"


def course_files(root: Path) -> list[Path]:
    """The files that carry badges or install lines: every edition's notebooks, their translations, READMEs, docs/."""
    root = Path(root)
    patterns = ("notebooks/*.ipynb", "notebooks/*/*.ipynb", "translations/*/*.md", "README*.md", "docs/*.md")
    return sorted({path for pattern in patterns for path in root.glob(pattern) if path.is_file()})


def site_url(repo: str) -> str:
    """Where GitHub Pages publishes the course website of ``repo`` (``.github/workflows/pages.yml``)."""
    owner, name = repo.split("/")
    return f"https://{owner.lower()}.github.io/{name}/"


def rewrite_text(text: str, repo: str, branch: str, ref: str | None = None, old_repo: str | None = None) -> str:
    """Point every Colab and Kaggle badge and PAI-DSW link in ``text`` at ``repo``/``branch``, every helper install at
    ``repo`` (and ``ref``), and links to ``old_repo``'s website at ``repo``'s."""
    text = _BADGE_PATTERN.sub(lambda m: f"colab.research.google.com/github/{repo}/blob/{branch}/{m.group(3)}", text)
    text = _KAGGLE_PATTERN.sub(
        lambda m: f"kaggle.com/kernels/welcome?src=https://github.com/{repo}/blob/{branch}/{m.group(3)}", text
    )
    text = _PAI_PATTERN.sub(
        lambda m: f"gallery.pai-ml.com/#/import/https://github.com/{repo}/blob/{branch}/{m.group(3)}", text
    )
    if old_repo:
        text = text.replace(site_url(old_repo), site_url(repo))
    return _INSTALL_PATTERN.sub(lambda m: _install_line_target(repo, ref or m.group(2)), text)


def _rewrite(root: Path, repo: str, branch: str, ref: str | None = None) -> list[Path]:
    old_repo = read_config(root)["repo"]
    changed = []
    for path in course_files(root):
        old = path.read_text()
        new = rewrite_text(old, repo, branch, ref, old_repo)
        if new != old:
            path.write_text(new)
            changed.append(path)
    return changed


def pin(root: Path = Path(".")) -> tuple[str, list[Path]]:
    """Point every install cell at `helper_commit`; returns the commit and the files that changed.

    Refuses while the helper package has uncommitted changes: commit them first, so that the pin
    names exactly the code the notebooks run with.
    """
    root = Path(root)
    config = read_config(root)
    if _git(root, "status", "--porcelain", "--", *HELPER_PATHS):
        raise CourseError(
            "The helper package has uncommitted changes: commit them first, then pin, "
            "so the install cells name the code the notebooks ran with."
        )
    commit = helper_commit(root)
    return commit, _rewrite(root, config["repo"], config["branch"], commit)


def set_repo(target: str, root: Path = Path(".")) -> list[Path]:
    """A fork: rewrite ``course.json``, every badge, PAI-DSW link and install cell to ``OWNER/REPO@BRANCH``.

    The install cells keep their commit, which the fork's history holds too. Returns the files that changed.
    """
    root = Path(root)
    repo, branch = parse_target(target)
    read_config(root)  # a checkout of the course?
    changed = _rewrite(root, repo, branch)
    config_file = root / CONFIG_NAME
    new_config = json.dumps({"repo": repo, "branch": branch}, indent=2) + "\n"
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


def pinned_refs(root: Path = Path(".")) -> set[str]:
    """Every ref the notebooks' install cells install the helpers from (one, when all is well)."""
    return {
        ref
        for path in course_files(root)
        if path.suffix == ".ipynb"
        for _, ref in _INSTALL_PATTERN.findall(_text_of(path))
    }


def pin_problems(root: Path = Path(".")) -> list[str]:
    """Why the install cells' commit is not exactly HEAD's helper code (empty when it is)."""
    root = Path(root)
    refs = pinned_refs(root)
    if len(refs) != 1:
        return [
            f"the notebooks install {len(refs)} different refs ({', '.join(sorted(refs)) or 'none'}): "
            "run `python -m fmnist_helpers.course pin`"
        ]
    ref = refs.pop()
    if not COMMIT_PATTERN.match(ref):
        return [
            f"the notebooks install {ref!r}, not a commit id: a tag or branch need not exist in a fork; "
            "run `python -m fmnist_helpers.course pin`"
        ]
    try:
        _git(root, "merge-base", "--is-ancestor", ref, "HEAD")
    except CourseError:
        return [
            f"the notebooks install commit {ref[:12]}, which is not in this checkout's history: "
            "run `python -m fmnist_helpers.course pin`"
        ]
    changed = _git(root, "diff", "--name-only", ref, "HEAD", "--", *HELPER_PATHS)
    if changed:
        return [
            f"the notebooks install commit {ref[:12]}, but the helper code changed since "
            f"({', '.join(changed.splitlines()[:5])}): re-run the notebooks, then `python -m fmnist_helpers.course pin`"
        ]
    return []


def check(root: Path = Path(".")) -> list[str]:
    """Every disagreement between ``course.json``, the git history and the course's files (empty when all agree).

    A notebook needs its own Colab and Kaggle badges and an install cell, and a notebook of an edition in
    `PAI_EDITIONS` its own PAI-DSW link too; every badge and PAI-DSW link anywhere opens an existing
    notebook from the course's repository and branch; every install cell installs the helper
    package from the course's repository, at the last commit that changed it (`pin_problems`).
    """
    root = Path(root)
    config = read_config(root)
    repo, branch = config["repo"], config["branch"]
    problems = []
    for path in course_files(root):
        own = path.relative_to(root).as_posix()
        text = _text_of(path)
        colab, kaggle, pai = _BADGE_PATTERN.findall(text), _KAGGLE_PATTERN.findall(text), _PAI_PATTERN.findall(text)
        installs = _INSTALL_PATTERN.findall(text)
        if path.suffix == ".ipynb":
            if not colab:
                problems.append(f"{own}: no Colab badge")
            if not kaggle:
                problems.append(f"{own}: no Kaggle badge")
            if not pai and any(path.parent == root / "notebooks" / edition for edition in PAI_EDITIONS):
                problems.append(f"{own}: no PAI-DSW link")
            if not installs:
                problems.append(f"{own}: no setup cell that installs the helpers")
        for what, links in (("badge", colab + kaggle), ("PAI-DSW link", pai)):
            for link_repo, link_branch, link_path in links:
                if (link_repo, link_branch) != (repo, branch):
                    problems.append(f"{own}: a {what} opens {link_repo}@{link_branch}, expected {repo}@{branch}")
                if path.suffix == ".ipynb" and link_path != own:
                    problems.append(f"{own}: the {what} opens {link_path}, expected {own}")
                if not (root / link_path).is_file():
                    problems.append(f"{own}: a {what} opens {link_path}, which does not exist")
        for install_repo, _ in installs:
            if install_repo != repo:
                problems.append(f"{own}: installs the helpers from {install_repo}, expected {repo}")
    return problems + pin_problems(root)


def main(argv: list[str] | None = None) -> int:
    """The command line, ``python -m fmnist_helpers.course pin|set-repo|check``; returns the exit status."""
    parser = argparse.ArgumentParser(prog="python -m fmnist_helpers.course", description=__doc__.split("\n\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("pin", help="point every install cell at the last commit that changed the helpers")
    setter = commands.add_parser(
        "set-repo", help="point every badge, PAI-DSW link and install cell at OWNER/REPO@BRANCH (a fork)"
    )
    setter.add_argument("target", help="OWNER/REPO or OWNER/REPO@BRANCH: where the badges open the notebooks")
    commands.add_parser(
        "check", help="check that badges, PAI-DSW links, install cells, course.json and the git history agree"
    )
    for command in commands.choices.values():
        command.add_argument("--root", default=".", help="the course checkout (default: here)")
    args = parser.parse_args(argv)
    root = Path(args.root)
    try:
        if args.command == "pin":
            commit, changed = pin(root)
            print(f"The install cells now install the helpers from commit {commit[:12]}; rewrote {len(changed)} files.")
            print("Commit them: the pin names a commit that every clone and fork of the course holds.")
        elif args.command == "set-repo":
            changed = set_repo(args.target, root)
            config = read_config(root)
            print(
                f"The course now lives at github.com/{config['repo']}: badges open branch {config['branch']}; "
                f"rewrote {len(changed)} files:"
            )
            for path in changed:
                print(f"  {path}")
            print(
                "Commit and push: the badges then open your fork on Colab, Kaggle and PAI-DSW, which install the helpers "
                "from it."
            )
        else:
            problems = check(root)
            print(
                "\n".join(problems)
                if problems
                else "Every badge, PAI-DSW link and install cell agrees with course.json and git."
            )
            return 1 if problems else 0
    except CourseError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
