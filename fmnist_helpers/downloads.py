"""Download files from the first web site that has them, each checked against its SHA-256 (notebook 01).

A leaf: it knows no data set and imports no other course module. `fmnist_helpers.data` gives it the
file names with their SHA-256, the folder to fill and the sites to try, in order. Every file is
written to a ``.part`` file and kept only when its SHA-256 is the expected one; a site that is down,
slow, lacks a file or serves a damaged one is skipped with one line saying why, and the next site
gets the files still missing.

Its words (progress lines, why a site was skipped) are English unless the caller passes ``say``, a
function with the signature of `fmnist_helpers.i18n.translate`: `fmnist_helpers.data` passes that,
so a student reads them in the language of the helpers, and this module still imports no course module.
"""

from __future__ import annotations

import hashlib
import http.client
import os
import shutil
import socket
import urllib.error
import urllib.request
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import NamedTuple

__all__ = ["DOWNLOAD_TIMEOUT", "DownloadFailedError", "Failure", "Say", "Source", "download", "in_english", "sha256_of"]

#: Seconds to wait for a site to connect, or to send the next piece of a file, before skipping it.
DOWNLOAD_TIMEOUT = 5.0


#: Turns an English message, with ``{named}`` placeholders, and its values into what is shown.
Say = Callable[..., str]


def in_english(english: str, **values: object) -> str:
    """`download`'s default `Say`: the English message with ``values`` put in (as `fmnist_helpers.i18n.translate`)."""
    return english.format(**values) if values else english


class Source(NamedTuple):
    """A download site: the base web address that holds the files, and who runs it (for messages)."""

    url: str
    description: str


class Failure(NamedTuple):
    """A site that did not give the files: its address, who runs it, and why, in words a student can act on."""

    url: str
    description: str
    reason: str


class DownloadFailedError(OSError):
    """No site gave every file: ``failures`` holds each site tried and why; ``missing`` the files still missing."""

    def __init__(self, failures: Sequence[Failure], missing: Sequence[str]):
        self.failures = list(failures)
        self.missing = list(missing)
        tried = "".join(f"\n  - {url}  ({description}): {reason}" for url, description, reason in self.failures)
        super().__init__(f"Could not download {', '.join(self.missing)}: no site gave them.{tried}")


def sha256_of(path: Path) -> str:
    """The SHA-256 of a file (a fingerprint of its bytes), as a hex string."""
    with open(path, "rb") as handle:
        return hashlib.file_digest(handle, "sha256").hexdigest()


class _DamagedDownloadError(ValueError):
    """A downloaded file's SHA-256 is not the expected one."""


def _fetch_file(url: str, target: Path, expected_sha256: str, timeout: float, say: Say = in_english) -> None:
    """Download ``url`` to ``target``, and keep it only if its SHA-256 is the expected one.

    The file is written next to ``target`` first, so a failed or damaged download leaves nothing
    behind. ``timeout`` (seconds) bounds the wait to connect and for every next piece of the file.
    """
    partial = target.with_name(target.name + ".part")
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response, open(partial, "wb") as handle:
            shutil.copyfileobj(response, handle, 1 << 20)
        actual = sha256_of(partial)
        if actual != expected_sha256:
            raise _DamagedDownloadError(
                say(
                    "{name} arrived damaged (its SHA-256 is {actual}, not the expected {expected})",
                    name=target.name,
                    actual=actual,
                    expected=expected_sha256,
                )
            )
        os.replace(partial, target)
    finally:
        partial.unlink(missing_ok=True)


def _why_download_failed(name: str, error: Exception, timeout: float, say: Say = in_english) -> str:
    """A short phrase a student can act on: why the download of file ``name`` failed."""
    if isinstance(error, _DamagedDownloadError):
        return str(error)
    if "unknown url type" in str(getattr(error, "reason", error)):
        return say("not a web address: write it with http:// in front, e.g. http://192.168.1.10:8000/")
    if isinstance(error, urllib.error.HTTPError):
        return say("{name}: the site answered HTTP {code} {reason}", name=name, code=error.code, reason=error.reason)
    reason = error.reason if isinstance(error, urllib.error.URLError) else error
    if isinstance(reason, TimeoutError):
        return say("no answer within {timeout:g} s (blocked or slow)", timeout=timeout)
    if isinstance(reason, ConnectionRefusedError):
        return say("connection refused (the site is down, or nothing listens at that address)")
    if isinstance(reason, socket.gaierror):
        return say("cannot find the site's address (no internet, or its name is blocked)")
    return f"{name}: {type(reason).__name__}: {reason}"


def _has_file(folder: Path, name: str, expected_sha256: str) -> bool:
    return (folder / name).is_file() and sha256_of(folder / name) == expected_sha256


def download(
    files: Mapping[str, str],
    folder: Path,
    sources: Sequence[Source],
    timeout: float | None = None,
    say: Say = in_english,
) -> Path:
    """Download ``files`` (file name -> SHA-256) into ``folder``, trying each site in turn; return the folder.

    A file already in ``folder`` with the expected SHA-256 is kept. Each site is asked for the files
    still missing, at ``source.url + name``; a site that is down, does not answer within ``timeout``
    seconds (default `DOWNLOAD_TIMEOUT`, read at each call), lacks a file or serves a damaged one is
    skipped with one line saying why, and the next site gets the files still missing. Raises
    `DownloadFailedError`, with every site tried and why it failed, when files are still missing.
    ``say`` words the progress lines and the reasons (default `in_english`; `fmnist_helpers.data`
    passes `fmnist_helpers.i18n.translate`, and the sources' descriptions already translated).
    """
    timeout = DOWNLOAD_TIMEOUT if timeout is None else timeout
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    missing = [name for name, expected in files.items() if not _has_file(folder, name, expected)]
    failures: list[Failure] = []
    for url, description in sources:
        if not missing:
            break
        count = say("{count} files", count=len(missing)) if len(missing) > 1 else say("1 file")
        print(
            say("Downloading {count} from {url} ({description}) ...", count=count, url=url, description=description),
            end=" ",
            flush=True,
        )
        try:
            for name in list(missing):
                _fetch_file(url + name, folder / name, files[name], timeout, say)
                missing.remove(name)
        except (OSError, http.client.HTTPException, ValueError) as error:  # a damaged file is a ValueError
            failures.append(Failure(url, description, _why_download_failed(name, error, timeout, say)))
            print(say("skipped: {reason}.", reason=failures[-1].reason), flush=True)
            continue
        print(say("done."), flush=True)
    if missing:
        raise DownloadFailedError(failures, missing)
    return folder
