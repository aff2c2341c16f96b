"""Step 1 of the course (notebook 01_load_data): get Fashion-MNIST, from wherever it is.

`load_data()` returns exactly what `keras.datasets.fashion_mnist.load_data()` returns, but it
also works offline: it looks in a few places before it downloads, and it checks every file's
SHA-256 so that a broken download is caught here, not as a strange accuracy later. A damaged file
in the download folder (the Keras cache), which the helpers fill, is downloaded again; a folder you
gave is never touched.
Downloads (`download_sources`, fetched by `fmnist_helpers.downloads`) try the copies listed in
``$FMNIST_DATA_URL`` first, then Keras' own site, then the files the Fashion-MNIST authors published,
then PaddlePaddle's copy of them, which mainland China reaches.
"""

from __future__ import annotations

import gzip
import os
import tempfile
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from . import config
from .downloads import DownloadFailedError, Failure, Source, download, sha256_of
from .i18n import N_, translate
from .i18n import translate as _

__all__ = [
    "AUTHORS_URL",
    "CLASS_NAMES",
    "FILE_SHA256",
    "HOW_TO_GET_THE_DATA",
    "KERAS_DATA_URL",
    "PADDLE_URL",
    "ChecksumError",
    "DataNotFoundError",
    "candidate_dirs",
    "download_dir",
    "download_sources",
    "has_all_files",
    "keras_cache_dir",
    "load_data",
    "load_from_dir",
    "read_idx",
    "verify_file",
]

#: The 10 labels, in label order: ``CLASS_NAMES[label]`` is the name of a label.
CLASS_NAMES: list[str] = [
    "T-shirt/top",
    "Trouser",
    "Pullover",
    "Dress",
    "Coat",
    "Sandal",
    "Shirt",
    "Sneaker",
    "Bag",
    "Ankle boot",
]

#: The four published files and their SHA-256 (computed from the Debian package
#: ``dataset-fashion-mnist``, which ships the files Zalando published).
FILE_SHA256: dict[str, str] = {
    "train-images-idx3-ubyte.gz": "b0564c3eedabfbf835052cff8503ea422014ce006caf5b757f851416ee8300c7",
    "train-labels-idx1-ubyte.gz": "0ae29f65d86684f32d1b9c85147786c547b9c6aebcaf235f0400a0cce308b056",
    "t10k-images-idx3-ubyte.gz": "cc1d090a38ace84dfa1aa66e3ada7c336ef481a96936906477e6dd344da56eaa",
    "t10k-labels-idx1-ubyte.gz": "8d3605d196f4be44669e46906da9733c8131fef761fdbfec72c424d5222f1a05",
}


#: Keras' own download site (what ``keras.datasets.fashion_mnist.load_data()`` uses).
KERAS_DATA_URL = "https://storage.googleapis.com/tensorflow/tf-keras-datasets/"
#: The files the Fashion-MNIST authors published (github.com/zalandoresearch/fashion-mnist).
AUTHORS_URL = "http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/"
#: PaddlePaddle's copy of the authors' files (what ``paddle.vision.datasets.FashionMNIST`` downloads), on Baidu's
#: cloud in Beijing: reachable from mainland China, where the two sites above often are not. Same files, same SHA-256.
PADDLE_URL = "https://dataset.bj.bcebos.com/fashion_mnist/"

HOW_TO_GET_THE_DATA = N_("""\
Ways to get Fashion-MNIST (any one is enough):
  1. Online (Colab, a laptop with internet): just call load_data() again; it downloads the
     four files (30 MB) into the Keras cache, ~/.keras/datasets/fashion-mnist.
  2. Behind a firewall (storage.googleapis.com blocked): load_data() tries the authors' files and
     PaddlePaddle's copy (dataset.bj.bcebos.com, reachable from mainland China) by itself. If they
     fail too, ask for a copy on your network, e.g. a teacher's `python -m http.server 8000` in a
     folder with the four files, and point at it (several addresses: comma-separated, tried in order):
       in a notebook:  %env FMNIST_DATA_URL=http://192.168.1.10:8000/
       in a terminal:  export FMNIST_DATA_URL=http://192.168.1.10:8000/   (then start Jupyter)
     A terminal's export does not reach a notebook that is already running: use %env there.
  3. Offline on Debian/Ubuntu: sudo apt-get install dataset-fashion-mnist
     (the files land in /usr/share/datasets/fashion-mnist, which load_data() checks).
  4. Anywhere: copy the four files
       train-images-idx3-ubyte.gz  train-labels-idx1-ubyte.gz
       t10k-images-idx3-ubyte.gz   t10k-labels-idx1-ubyte.gz
     into a folder and point at it: load_data("path/to/folder"), or
     %env FMNIST_DATA_DIR=path/to/folder in a notebook (export FMNIST_DATA_DIR=... in a terminal).""")


class DataNotFoundError(FileNotFoundError):
    """Fashion-MNIST is in none of the places `load_data` looks, and it could not be downloaded."""


class ChecksumError(ValueError):
    """A data file's SHA-256 is not the published one: the file is truncated or corrupted."""


Split = tuple[np.ndarray, np.ndarray]

#: The places a user chose: `load_data` reads them and never changes a file there.
_DATA_DIR_ARGUMENT = N_("the data_dir argument")
_DATA_DIR_VARIABLE = "$FMNIST_DATA_DIR"
#: The places the helpers fill themselves (by downloading), and so may repair.
_KERAS_CACHE = N_("the Keras cache")
_FALLBACK_FOLDER = N_("the download folder, as the Keras cache cannot be written")

#: How a download site is described in messages: who runs it.
_COPY = N_("a copy in $FMNIST_DATA_URL")
_KERAS_SITE = N_("Keras' own site")
_AUTHORS_SITE = N_("the Fashion-MNIST authors' files")
_PADDLE_SITE = N_("PaddlePaddle's copy of the authors' files, reachable from mainland China")


def keras_cache_dir() -> Path:
    """The folder Keras downloads Fashion-MNIST into: ``keras_home() / "datasets" / "fashion-mnist"``."""
    return config.keras_home() / "datasets" / "fashion-mnist"


def _can_write(folder: Path) -> bool:
    """True when ``folder`` can be written, or created and written (checked without creating anything)."""
    existing = folder
    while not existing.exists() and existing != existing.parent:
        existing = existing.parent
    return existing.is_dir() and os.access(existing, os.W_OK)


def download_dir() -> Path:
    """The folder downloads go to: the Keras cache, or a fallback when the Keras cache cannot be written.

    The fallback is ``.keras/datasets/fashion-mnist`` in the system's temporary folder
    (``tempfile.gettempdir()``: ``/tmp`` on Linux), where Keras itself falls back to.
    """
    if _can_write(keras_cache_dir()):
        return keras_cache_dir()
    return Path(tempfile.gettempdir()) / ".keras" / "datasets" / "fashion-mnist"


def candidate_dirs(data_dir: str | os.PathLike | None = None) -> list[tuple[str, Path]]:
    """The places `load_data` looks, in order, each with a short description.

    The download folder is among them: the Keras cache, or the fallback folder of `download_dir`
    when the Keras cache cannot be written (so what was downloaded there is found next time).
    """
    places: list[tuple[str, Path]] = []
    if data_dir is not None:
        places.append((_DATA_DIR_ARGUMENT, Path(data_dir)))
    if config.data_dir() is not None:
        places.append((_DATA_DIR_VARIABLE, config.data_dir()))
    places.append((_KERAS_CACHE, keras_cache_dir()))
    if download_dir() != keras_cache_dir():
        places.append((_FALLBACK_FOLDER, download_dir()))
    places.append((N_("the Debian package dataset-fashion-mnist"), config.system_data_dir()))
    return places


def download_sources() -> list[Source]:
    """The download sites `load_data` tries, in order, each with a short description.

    First the base web addresses listed in ``$FMNIST_DATA_URL`` (comma-separated copies of the four
    ``.gz`` files), then Keras' own site, then the files the Fashion-MNIST authors published, then
    PaddlePaddle's copy of those files (`PADDLE_URL`), which mainland China reaches. Every file from
    every site is checked against `FILE_SHA256`.
    """
    copies = [Source(url, _COPY) for url in config.data_urls()]
    return copies + [
        Source(KERAS_DATA_URL, _KERAS_SITE),
        Source(AUTHORS_URL, _AUTHORS_SITE),
        Source(PADDLE_URL, _PADDLE_SITE),
    ]


def verify_file(path: Path, expected_sha256: str) -> None:
    """Raise `ChecksumError` unless the file's SHA-256 is the expected one."""
    actual = sha256_of(path)
    if actual != expected_sha256:
        raise ChecksumError(
            _(
                "{path} is damaged: its SHA-256 is {actual}, but the published file's is "
                "{expected}. The file is truncated or corrupted (an interrupted copy?).\n"
                "To repair it, delete {path} and copy a good one there, or stop pointing at this folder: "
                "load_data() then downloads a checked copy itself. For Debian's folder, reinstall the "
                "data: sudo apt-get install --reinstall dataset-fashion-mnist.",
                path=path,
                actual=actual,
                expected=expected_sha256,
            )
        )


def read_idx(path: Path) -> np.ndarray:
    """Read one gzipped IDX file (the format of MNIST and Fashion-MNIST) into a uint8 array."""
    with gzip.open(path, "rb") as handle:
        raw = handle.read()
    ndim = raw[3]
    shape = tuple(int.from_bytes(raw[4 + 4 * i : 8 + 4 * i], "big") for i in range(ndim))
    return np.frombuffer(raw, np.uint8, offset=4 + 4 * ndim).reshape(shape)


def load_from_dir(folder: Path, hashes: dict[str, str] | None = None) -> tuple[Split, Split]:
    """Load the four files from one folder, checking each against ``hashes`` first."""
    hashes = FILE_SHA256 if hashes is None else hashes
    arrays = {}
    for name, expected in hashes.items():
        path = Path(folder) / name
        verify_file(path, expected)
        arrays[name] = read_idx(path)
    return (
        (arrays["train-images-idx3-ubyte.gz"], arrays["train-labels-idx1-ubyte.gz"]),
        (arrays["t10k-images-idx3-ubyte.gz"], arrays["t10k-labels-idx1-ubyte.gz"]),
    )


def has_all_files(folder: Path) -> bool:
    """True when the folder holds all four Fashion-MNIST files."""
    return all((Path(folder) / name).is_file() for name in FILE_SHA256)


def _remove_damaged_files(folder: Path, place: str) -> None:
    """Delete every file in ``folder`` whose SHA-256 is not the published one, and say so.

    Only for the folders the helpers fill themselves: the next download replaces them.
    """
    removed = []
    for name, expected in FILE_SHA256.items():
        path = Path(folder) / name
        if path.is_file() and sha256_of(path) != expected:
            path.unlink()
            removed.append(name)
    if removed:
        print(
            _(
                "Deleted a damaged copy of {files} from {place} ({folder}); downloading it again.",
                files=", ".join(removed),
                place=translate(place),
                folder=folder,
            )
        )


def _not_found(headline: str, places: list[tuple[str, Path]], failures: Sequence[Failure] = ()) -> DataNotFoundError:
    """The error a student sees: where `load_data` looked, which sites it tried and why each failed, and what to do."""
    looked = "".join(f"\n  - {folder}  ({translate(description)})" for description, folder in places)
    tried = "".join(f"\n  - {url}  ({description}): {reason}" for url, description, reason in failures)  # said already
    return DataNotFoundError(
        f"{headline}\n{_('Looked in:')}{looked}\n"
        + (f"{_('Tried to download from:')}{tried}\n" if failures else "")
        + f"\n{translate(HOW_TO_GET_THE_DATA)}"
    )


def load_data(data_dir: str | os.PathLike | None = None) -> tuple[Split, Split]:
    """Load Fashion-MNIST: ``(train_images, train_labels), (test_images, test_labels)``.

    The same uint8 arrays as ``keras.datasets.fashion_mnist.load_data()``: shapes
    (60000, 28, 28), (60000,), (10000, 28, 28), (10000,). Taught in 01_load_data.

    Looks in the places of `candidate_dirs`, in order: ``data_dir``; ``$FMNIST_DATA_DIR``; the
    Keras cache (``~/.keras/datasets/fashion-mnist``, or the fallback of `download_dir` when it
    cannot be written); ``/usr/share/datasets/fashion-mnist`` (Debian's ``dataset-fashion-mnist``);
    and only then downloads into `download_dir`, from the sites of `download_sources`: the copies
    in ``$FMNIST_DATA_URL``, Keras' own site, the Fashion-MNIST authors' files, then PaddlePaddle's
    copy of them (reachable from mainland China). Every file's
    SHA-256 is checked on every load. A damaged file in a folder you gave is an error that says how
    to repair it; a damaged file in the download folder is deleted and downloaded again.
    """
    places = candidate_dirs(data_dir)
    for description, folder in places:
        if description in (_KERAS_CACHE, _FALLBACK_FOLDER):
            if has_all_files(folder):
                try:
                    return load_from_dir(folder)
                except ChecksumError:
                    pass
            if _can_write(folder):
                _remove_damaged_files(folder, description)
            continue
        if has_all_files(folder):
            return load_from_dir(folder)
        if description in (_DATA_DIR_ARGUMENT, _DATA_DIR_VARIABLE):
            missing = [name for name in FILE_SHA256 if not (folder / name).is_file()]
            raise DataNotFoundError(
                _(
                    "{place} points at {folder}, but these files are not there: {missing}.",
                    place=translate(description),
                    folder=folder,
                    missing=", ".join(missing),
                )
                + f"\n\n{translate(HOW_TO_GET_THE_DATA)}"
            )
    folder = download_dir()
    if not _can_write(folder):
        raise _not_found(
            _(
                "Fashion-MNIST is not on this machine, and there is nowhere to download it: neither {cache} nor {folder} can be written.",
                cache=keras_cache_dir(),
                folder=folder,
            ),
            places,
        )
    try:
        sources = [Source(url, translate(description)) for url, description in download_sources()]
        download(FILE_SHA256, folder, sources, say=translate)  # its lines and reasons in the student's language
    except DownloadFailedError as error:
        raise _not_found(
            _("Fashion-MNIST is not on this machine and the download failed from every site."), places, error.failures
        ) from None
    return load_from_dir(folder)
