"""Downloads for `fmnist_helpers.data.load_data` (notebook 01): from the first site that has the files.

The order: the mirrors listed in ``$FMNIST_DATA_URL`` (comma-separated base URLs holding the four
``.gz`` files, e.g. a teacher's ``python -m http.server`` on the classroom network), Keras' own
site, then the files the Fashion-MNIST authors published. Every file is SHA-256 checked before it
is kept; a site that is down, slow or serves a damaged file is skipped with one line saying why.
"""

from __future__ import annotations

import http.client
import os
import shutil
import socket
import urllib.error
import urllib.request
from pathlib import Path

from . import config, data

#: Where Keras downloads when the Keras folder cannot be written (Keras' own fallback).
FALLBACK_KERAS_HOME = Path("/tmp") / ".keras"
#: Keras' own download site (what ``keras.datasets.fashion_mnist.load_data()`` uses).
DOWNLOAD_URL = "https://storage.googleapis.com/tensorflow/tf-keras-datasets/"
#: The files the Fashion-MNIST authors published (github.com/zalandoresearch/fashion-mnist).
AUTHORS_URL = "http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/"
#: Seconds to wait for a download site to connect, or to send the next piece of a file, before skipping it.
DOWNLOAD_TIMEOUT = 5.0


def download_dir() -> Path:
    """The folder a download writes to: the Keras cache, or Keras' own fallback when it cannot be written.

    (With a read-only home folder, ``keras.utils.get_file`` writes to ``/tmp/.keras`` instead.)
    """
    for folder in (data.keras_cache_dir(), FALLBACK_KERAS_HOME / "datasets" / "fashion-mnist"):
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError:
            continue
        if os.access(folder, os.W_OK):
            return folder
    raise OSError(f"Cannot write to {data.keras_cache_dir()} nor to {FALLBACK_KERAS_HOME}: nowhere to download to.")


#: How a download site is described in messages: who runs it.
MIRROR = "a mirror in $FMNIST_DATA_URL"
KERAS_SITE = "Keras' own site"
AUTHORS_SITE = "the Fashion-MNIST authors' files"


def download_sources() -> list[tuple[str, str]]:
    """The download sites `load_data` tries, in order, each with a short description.

    First the base URLs listed in ``$FMNIST_DATA_URL`` (comma-separated, each holding the four
    ``.gz`` files), then Keras' own site, then the files the Fashion-MNIST authors published.
    """
    sources = []
    for url in config.data_urls():
        sources.append((url, MIRROR))
    sources.append((DOWNLOAD_URL, KERAS_SITE))
    sources.append((AUTHORS_URL, AUTHORS_SITE))
    return sources


class DownloadFailedError(data.DataNotFoundError):
    """No download site gave the files: ``failures`` holds, for each site tried, its URL, who runs it and why it failed."""

    def __init__(self, failures: list[tuple[str, str, str]], places: list[tuple[str, Path]] = ()):
        self.failures = failures
        looked = "".join(f"\n  - {folder}  ({description})" for description, folder in places)
        tried = "".join(f"\n  - {url}  ({description}): {reason}" for url, description, reason in failures)
        super().__init__(
            "Fashion-MNIST is not on this machine and the download failed from every site.\n"
            + (f"Looked in:{looked}\n" if places else "")
            + f"Tried to download from:{tried}\n\n{data.HOW_TO_GET_THE_DATA}"
        )


def fetch_file(url: str, target: Path, expected_sha256: str, timeout: float) -> None:
    """Download ``url`` to ``target``, and keep it only if its SHA-256 is the expected one.

    The file is written next to ``target`` first, so a failed or damaged download leaves nothing
    behind. ``timeout`` (seconds) bounds the wait to connect and for every next piece of the file.
    """
    partial = target.with_name(target.name + ".part")
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response, open(partial, "wb") as handle:
            shutil.copyfileobj(response, handle, 1 << 20)
        actual = data.sha256_of(partial)
        if actual != expected_sha256:
            raise data.ChecksumError(
                f"{target.name} arrived damaged (its SHA-256 is {actual}, the published file's is {expected_sha256})"
            )
        os.replace(partial, target)
    finally:
        partial.unlink(missing_ok=True)


def why_download_failed(name: str, error: Exception, timeout: float) -> str:
    """A short phrase a student can act on: why the download of file ``name`` failed."""
    if isinstance(error, data.ChecksumError):
        return str(error)
    if "unknown url type" in str(getattr(error, "reason", error)):
        return "not a web address: write it with http:// in front, e.g. http://192.168.1.10:8000/"
    if isinstance(error, urllib.error.HTTPError):
        return f"{name}: the site answered HTTP {error.code} {error.reason}"
    reason = error.reason if isinstance(error, urllib.error.URLError) else error
    if isinstance(reason, TimeoutError):
        return f"no answer within {timeout:g} s (blocked or slow)"
    if isinstance(reason, ConnectionRefusedError):
        return "connection refused (the site is down, or nothing listens at that address)"
    if isinstance(reason, socket.gaierror):
        return "cannot find the site's address (no internet, or its name is blocked)"
    return f"{name}: {type(reason).__name__}: {reason}"


def download(sources: list[tuple[str, str]] | None = None, timeout: float | None = None) -> Path:
    """Download the four files into the Keras cache, trying each site in turn; return the folder.

    ``sources`` defaults to `download_sources()`. A file already there with the published SHA-256
    is kept. Every file is checked before it is kept; a site that is down, does not answer within
    ``timeout`` seconds (default `DOWNLOAD_TIMEOUT`) or serves a damaged file is skipped with one
    line saying why, and the next site gets the files still missing. Raises `DownloadFailedError`,
    listing every site tried and why it failed, when none had them.
    """
    sources = download_sources() if sources is None else sources
    timeout = DOWNLOAD_TIMEOUT if timeout is None else timeout
    folder = download_dir()
    missing = [name for name, expected in data.FILE_SHA256.items()
               if not ((folder / name).is_file() and data.sha256_of(folder / name) == expected)]
    failures: list[tuple[str, str, str]] = []
    for url, description in sources:
        if not missing:
            break
        print(f"Downloading Fashion-MNIST from {url} ({description}) ...", end=" ", flush=True)
        try:
            for name in list(missing):
                fetch_file(url + name, folder / name, data.FILE_SHA256[name], timeout)
                missing.remove(name)
        except (OSError, http.client.HTTPException, ValueError) as error:  # ChecksumError is a ValueError
            failures.append((url, description, why_download_failed(name, error, timeout)))
            print(f"skipped: {failures[-1][2]}.", flush=True)
            continue
        print("done.", flush=True)
    if missing:
        raise DownloadFailedError(failures)
    return folder
