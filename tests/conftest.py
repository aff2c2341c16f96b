"""Shared fixtures: the tiny real sample in tests/data, and the full data when it is present."""

from __future__ import annotations

import functools
import os
import tempfile
import threading
from dataclasses import dataclass, field
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
os.environ.setdefault("MPLBACKEND", "Agg")

import numpy as np
import pytest

from fmnist_helpers import data, downloads
from fmnist_helpers.config import env_flag

SAMPLE_DIR = Path(__file__).parent / "data"
SAMPLE_SHA256 = {name: downloads.sha256_of(SAMPLE_DIR / name) for name in data.FILE_SHA256}


def full_data_dir() -> Path | None:
    """A folder with the full published files, if this machine has one (CI installs Debian's)."""
    for _, folder in data.candidate_dirs():
        if data.has_all_files(folder):
            return folder
    return None


def on_ci() -> bool:
    """True on a CI machine (CI services, and .ci/run, set CI=true)."""
    return env_flag("CI")


def needs_tool(tool: str, present: bool, install: str) -> None:
    """Let a test go on when ``tool`` is ``present``; else skip it with one line, or fail it on CI.

    The README's set-up installs the course, not every tool a test may use (actionlint, node packages,
    a browser, the full data); ``install`` says how to get it. CI installs them all, so there a missing
    tool is a failure, never a silent skip.
    """
    if present:
        return
    missing = f"{tool} is not on this machine ({install})"
    if on_ci():
        pytest.fail(f"{missing}: CI installs it, so its tests must run there")
    pytest.skip(missing)


@pytest.fixture
def full_data() -> Path:
    """The folder with the full published data; a test that needs it skips without it, or fails on CI."""
    folder = full_data_dir()
    needs_tool("the full Fashion-MNIST", folder is not None, "apt-get install dataset-fashion-mnist")
    return folder


#: Marks a test that runs on the full data: skipped without it on a laptop, a failure on CI.
needs_full_data = pytest.mark.usefixtures("full_data")


@pytest.fixture(scope="session")
def sample():
    """The tiny real sample: 300 training and 100 test images, as load_data returns them."""
    return data.load_from_dir(SAMPLE_DIR, SAMPLE_SHA256)


@pytest.fixture(scope="session")
def prepared(sample):
    """The sample reshaped and normalized, ready for a model."""
    from fmnist_helpers import prepare_images

    (train_images, train_labels), (test_images, test_labels) = sample
    return (prepare_images(train_images), train_labels), (prepare_images(test_images), test_labels)


@pytest.fixture
def sample_as_published(monkeypatch):
    """Make load_data accept the tiny sample as if it were the published files."""
    monkeypatch.setattr(data, "FILE_SHA256", dict(SAMPLE_SHA256))
    return SAMPLE_DIR


def _no_proxy(monkeypatch) -> None:
    """Let requests to 127.0.0.1 go straight there, whatever proxy this machine sets."""
    for variable in ("http_proxy", "HTTP_PROXY", "https_proxy", "HTTPS_PROXY", "all_proxy", "ALL_PROXY"):
        monkeypatch.delenv(variable, raising=False)
    monkeypatch.setenv("no_proxy", "127.0.0.1,localhost")


@pytest.fixture
def nowhere(monkeypatch, tmp_path):
    """No data anywhere and no network: an empty Keras cache, no Debian files, a refused download.

    The system's temporary folder (where downloads go when the Keras cache cannot be written) is
    an empty ``tmp_path / "tmp"``.
    """
    monkeypatch.delenv("FMNIST_DATA_DIR", raising=False)
    monkeypatch.delenv("FMNIST_DATA_URL", raising=False)
    monkeypatch.setenv("KERAS_HOME", str(tmp_path / "keras_home"))
    monkeypatch.setenv("FMNIST_SYSTEM_DATA_DIR", str(tmp_path / "no_debian_package"))
    (tmp_path / "tmp").mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path / "tmp"))
    _no_proxy(monkeypatch)
    # Port 9 on loopback: nothing listens there, so the connection is refused at once.
    monkeypatch.setattr(data, "KERAS_DATA_URL", "http://127.0.0.1:9/")
    monkeypatch.setattr(data, "AUTHORS_URL", "http://127.0.0.1:9/")
    monkeypatch.setattr(data, "PADDLE_URL", "http://127.0.0.1:9/")
    return tmp_path


@dataclass
class WebSite:
    """A web site on 127.0.0.1: its address, the folder it serves, and the file names it was asked for."""

    url: str
    folder: Path
    requests: list[str] = field(default_factory=list)


@pytest.fixture
def serve_folder(monkeypatch):
    """Start web sites on 127.0.0.1, each serving one folder: ``serve_folder(folder) -> WebSite``.

    Nothing leaves this machine. A test may change the served files in ``site.folder`` at any time.
    """
    _no_proxy(monkeypatch)
    servers = []

    def start(folder: Path) -> WebSite:
        site = WebSite("", Path(folder))

        class Handler(SimpleHTTPRequestHandler):
            def do_GET(self):
                site.requests.append(self.path.lstrip("/"))
                super().do_GET()

            def log_message(self, *args):  # no access log on stderr
                pass

        server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Handler, directory=str(folder)))
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(server)
        site.url = f"http://127.0.0.1:{server.server_port}/"
        return site

    yield start
    for server in servers:
        server.shutdown()
        server.server_close()


@pytest.fixture
def download_site(sample_as_published, nowhere, serve_folder, monkeypatch) -> WebSite:
    """Keras' download site, played by a web site on 127.0.0.1 serving the sample as the published files.

    (How Colab gets the data.) A test can damage or repair the served files in ``site.folder``.
    """
    site = serve_folder(copy_files(sample_as_published, nowhere / "site"))
    monkeypatch.setattr(data, "KERAS_DATA_URL", site.url)
    return site


@pytest.fixture(scope="module")
def trained_model(prepared):
    """A small model trained for one epoch on the sample, once per test module (seconds)."""
    from fmnist_helpers import build_model, compile_model, set_seed, train

    (train_images, train_labels), _ = prepared
    set_seed(0)
    model = compile_model(build_model(filters=8, dense_units=16))
    train(model, train_images, train_labels, epochs=1, verbose=False)
    return model


def copy_files(source: Path, target: Path) -> Path:
    target.mkdir(parents=True, exist_ok=True)
    for name in data.FILE_SHA256:
        (target / name).write_bytes((source / name).read_bytes())
    return target


def flip_one_byte(path: Path) -> None:
    """Change one byte in the middle of a file: still the right size, but damaged."""
    raw = bytearray(path.read_bytes())
    raw[len(raw) // 2] ^= 0xFF
    path.write_bytes(bytes(raw))


def truncate(path: Path) -> None:
    raw = path.read_bytes()
    path.write_bytes(raw[: len(raw) // 2])


__all__ = ["np"]


def verdict(capsys, name: str, *answers):
    """Run exercise check NAME on the answers; return its Verdict and what it printed."""
    from fmnist_helpers.exercises import check

    result = getattr(check, name)(*answers)
    return result, capsys.readouterr().out
