"""01_load_data's downloads: any files, from the first site that has them, each checked; a bad site says why."""

from __future__ import annotations

import hashlib
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from fmnist_helpers import downloads
from fmnist_helpers.downloads import DownloadFailedError, Failure, Source, download

#: Small files of no data set in particular.
FILES = {"a.txt": b"first file\n", "b.bin": bytes(range(256)) * 40, "c.csv": b"x,y\n1,2\n"}
SHA256 = {name: hashlib.sha256(content).hexdigest() for name, content in FILES.items()}


def a_folder_with(folder: Path, **overrides: bytes | None) -> Path:
    """``folder`` holding FILES, with some files changed (``name=b"..."``) or left out (``name=None``)."""
    folder.mkdir(parents=True)
    for name, content in FILES.items():
        content = overrides.get(name.replace(".", "_"), content)
        if content is not None:
            (folder / name).write_bytes(content)
    return folder


def test_download_fetches_every_file_from_a_site_and_returns_the_folder(serve_folder, tmp_path, capsys):
    site = serve_folder(a_folder_with(tmp_path / "site"))
    folder = download(SHA256, tmp_path / "new" / "folder", [Source(site.url, "a test site")])
    assert folder == tmp_path / "new" / "folder"
    assert {path.name: path.read_bytes() for path in folder.iterdir()} == FILES  # and no .part left
    assert capsys.readouterr().out == f"Downloading 3 files from {site.url} (a test site) ... done.\n"


def test_files_already_there_with_the_right_sha256_are_kept_and_only_the_others_downloaded(serve_folder, tmp_path):
    site = serve_folder(a_folder_with(tmp_path / "site"))
    folder = a_folder_with(tmp_path / "folder", b_bin=b"a damaged copy", c_csv=None)
    download(SHA256, folder, [Source(site.url, "a test site")])
    assert sorted(site.requests) == ["b.bin", "c.csv"]
    assert {path.name: path.read_bytes() for path in folder.iterdir()} == FILES


def test_a_site_that_lacks_a_file_is_skipped_at_it_and_the_next_site_gives_the_files_still_missing(
    serve_folder, tmp_path, capsys
):
    partial = serve_folder(a_folder_with(tmp_path / "partial", b_bin=None))
    full = serve_folder(a_folder_with(tmp_path / "full"))
    sources = [Source(partial.url, "a partial copy"), Source(full.url, "a full copy")]
    folder = download(SHA256, tmp_path / "folder", sources)
    assert {path.name: path.read_bytes() for path in folder.iterdir()} == FILES
    assert partial.requests == ["a.txt", "b.bin"] and full.requests == ["b.bin", "c.csv"]
    partial_line, full_line = capsys.readouterr().out.splitlines()
    assert partial_line == (
        f"Downloading 3 files from {partial.url} (a partial copy) ... "
        f"skipped: b.bin: the site answered HTTP 404 File not found."
    )
    assert full_line == f"Downloading 2 files from {full.url} (a full copy) ... done."


def test_when_no_site_gives_a_file_the_error_is_an_oserror_with_each_site_and_why(serve_folder, tmp_path):
    partial = serve_folder(a_folder_with(tmp_path / "partial", b_bin=None))
    damaged = serve_folder(a_folder_with(tmp_path / "damaged", b_bin=b"not the expected bytes"))
    sources = [Source(partial.url, "a partial copy"), Source(damaged.url, "a damaged copy")]
    with pytest.raises(DownloadFailedError) as error:
        download(SHA256, tmp_path / "folder", sources)
    assert isinstance(error.value, OSError)
    assert error.value.missing == ["b.bin", "c.csv"]  # each site was skipped at b.bin
    lacking, damaging = error.value.failures
    assert lacking == Failure(partial.url, "a partial copy", "b.bin: the site answered HTTP 404 File not found")
    assert damaging[:2] == (damaged.url, "a damaged copy")
    assert damaging.reason.startswith("b.bin arrived damaged") and SHA256["b.bin"] in damaging.reason
    assert "b.bin" in str(error.value) and partial.url in str(error.value) and damaged.url in str(error.value)
    assert [path.name for path in (tmp_path / "folder").iterdir()] == ["a.txt"]  # the good one kept, nothing else


def test_a_site_whose_name_cannot_be_looked_up_is_said_to_be_unfindable(monkeypatch, tmp_path):
    def no_name_lookup(*args, **kwargs):
        raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")

    monkeypatch.setattr(socket, "getaddrinfo", no_name_lookup)  # as with no internet: no real DNS is asked
    with pytest.raises(DownloadFailedError) as error:
        download(SHA256, tmp_path / "folder", [Source("http://copy.example.invalid/", "a copy")])
    reason = "cannot find the site's address (no internet, or its name is blocked)"
    assert error.value.failures == [Failure("http://copy.example.invalid/", "a copy", reason)]


def test_a_site_that_does_not_answer_is_skipped_after_download_timeout(serve_folder, tmp_path, monkeypatch, capsys):
    silent = socket.socket()  # accepts connections (the kernel does) but never answers
    silent.bind(("127.0.0.1", 0))
    silent.listen()
    good = serve_folder(a_folder_with(tmp_path / "site"))
    monkeypatch.setattr(downloads, "DOWNLOAD_TIMEOUT", 0.5)  # read at each call
    start = time.perf_counter()
    try:
        download(
            SHA256,
            tmp_path / "folder",
            [Source(f"http://127.0.0.1:{silent.getsockname()[1]}/", "silent"), Source(good.url, "good")],
        )
    finally:
        silent.close()
    assert time.perf_counter() - start < 10
    first, second = capsys.readouterr().out.splitlines()
    assert first.endswith("skipped: no answer within 0.5 s (blocked or slow).") and second.endswith("done.")


def test_an_address_without_http_is_skipped_with_what_to_write_instead(serve_folder, tmp_path, capsys):
    site = serve_folder(a_folder_with(tmp_path / "site"))
    download(SHA256, tmp_path / "folder", [Source(site.url.removeprefix("http://"), "typed"), Source(site.url, "good")])
    assert "not a web address: write it with http:// in front" in capsys.readouterr().out.splitlines()[0]


def test_downloads_knows_no_data_set_and_imports_no_other_course_module():
    source = Path(downloads.__file__).read_text(encoding="utf-8").lower()
    for word in ("fashion", "idx3-ubyte", "keras", "class_names"):
        assert word not in source, word
    loaded = subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys, fmnist_helpers.downloads\n"
            "print(sorted(m for m in sys.modules if m.startswith('fmnist_helpers')))",
        ],
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
        cwd=Path(downloads.__file__).parents[1],
    )
    assert loaded.stdout.split() == ["['fmnist_helpers',", "'fmnist_helpers.downloads']"]
