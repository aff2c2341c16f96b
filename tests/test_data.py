"""01_load_data: load_data finds the data anywhere, checks every file, or says exactly why not."""

from __future__ import annotations

import socket
import tempfile
import time
from pathlib import Path

import numpy as np
import pytest
from conftest import SAMPLE_DIR, copy_files, flip_one_byte, full_data_dir, needs_full_data, truncate

from fmnist_helpers import CLASS_NAMES, ChecksumError, DataNotFoundError, config, data, load_data
from fmnist_helpers.downloads import sha256_of

#: PaddlePaddle's real address (the `nowhere` fixture hides it: no test reaches the real site).
CHINA_COPY = data.PADDLE_URL


def test_class_names_are_the_ten_labels_in_label_order():
    assert CLASS_NAMES == [
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


def test_sample_loads_with_the_shapes_and_dtypes_of_keras(sample):
    (train_images, train_labels), (test_images, test_labels) = sample
    assert train_images.shape == (300, 28, 28) and train_labels.shape == (300,)
    assert test_images.shape == (100, 28, 28) and test_labels.shape == (100,)
    assert {a.dtype for a in (train_images, train_labels, test_images, test_labels)} == {np.dtype(np.uint8)}
    assert set(np.unique(train_labels)) <= set(range(10))
    assert train_images.max() == 255 and train_images.min() == 0


def test_keras_home_is_keras_home_variable_or_dot_keras_in_the_home_folder(monkeypatch, tmp_path):
    monkeypatch.setenv("KERAS_HOME", str(tmp_path))
    assert config.keras_home() == tmp_path
    assert data.keras_cache_dir() == tmp_path / "datasets" / "fashion-mnist"
    monkeypatch.delenv("KERAS_HOME")
    monkeypatch.setattr(Path, "home", classmethod(lambda cls: tmp_path / "Users" / "student"))  # any system's home
    assert config.keras_home() == tmp_path / "Users" / "student" / ".keras"


def test_load_data_prefers_the_data_dir_argument(sample_as_published, nowhere, sample):
    (train_images, _), _ = load_data(sample_as_published)
    np.testing.assert_array_equal(train_images, sample[0][0])


def test_load_data_uses_fmnist_data_dir(sample_as_published, nowhere, monkeypatch):
    monkeypatch.setenv("FMNIST_DATA_DIR", str(sample_as_published))
    (train_images, _), _ = load_data()
    assert train_images.shape == (300, 28, 28)


def test_load_data_uses_the_keras_cache(sample_as_published, nowhere):
    copy_files(sample_as_published, data.keras_cache_dir())
    assert data.keras_cache_dir().is_relative_to(nowhere)
    (train_images, _), _ = load_data()
    assert train_images.shape == (300, 28, 28)


def test_load_data_uses_the_debian_package_folder(sample_as_published, nowhere, monkeypatch):
    monkeypatch.setenv("FMNIST_SYSTEM_DATA_DIR", str(SAMPLE_DIR))
    (train_images, _), (test_images, _) = load_data()
    assert train_images.shape == (300, 28, 28) and test_images.shape == (100, 28, 28)


def test_data_dir_without_the_files_is_an_error_that_names_them(nowhere):
    with pytest.raises(DataNotFoundError, match="train-images-idx3-ubyte.gz") as error:
        load_data(nowhere / "empty")
    assert "FMNIST_DATA_DIR" in str(error.value)


def test_no_data_and_no_network_fails_fast_with_every_way_to_get_the_data(nowhere):
    start = time.perf_counter()
    with pytest.raises(DataNotFoundError) as error:
        load_data()
    assert time.perf_counter() - start < 30  # a refused connection, not a hang
    message = str(error.value)
    for way in ("FMNIST_DATA_DIR", "dataset-fashion-mnist", "apt-get install", "download failed"):
        assert way in message
    # In a notebook a terminal's export does nothing: the message gives both ways to set the address.
    assert "%env FMNIST_DATA_URL=" in message and "export FMNIST_DATA_URL=" in message


def point_at(place: str, folder, monkeypatch):
    """Make ``folder`` the place a user chose: the data_dir argument, $FMNIST_DATA_DIR or Debian's folder."""
    if place == "FMNIST_DATA_DIR":
        monkeypatch.setenv("FMNIST_DATA_DIR", str(folder))
    elif place == "debian":
        monkeypatch.setenv("FMNIST_SYSTEM_DATA_DIR", str(folder))
    return folder if place == "data_dir" else None


@pytest.mark.parametrize("place", ["data_dir", "FMNIST_DATA_DIR", "debian"])
@pytest.mark.parametrize("damage", [truncate, flip_one_byte], ids=["truncated", "one_byte_changed"])
def test_a_damaged_file_in_a_folder_you_gave_is_an_error_naming_the_file_and_the_repair_and_is_never_touched(
    damage, place, download_site, monkeypatch
):
    folder = copy_files(SAMPLE_DIR, download_site.folder.parent / "yours")
    damage(folder / "train-images-idx3-ubyte.gz")
    damaged_bytes = (folder / "train-images-idx3-ubyte.gz").read_bytes()
    with pytest.raises(ChecksumError) as error:
        load_data(point_at(place, folder, monkeypatch))
    message = str(error.value)
    assert "train-images-idx3-ubyte.gz" in message
    assert data.FILE_SHA256["train-images-idx3-ubyte.gz"] in message
    assert sha256_of(folder / "train-images-idx3-ubyte.gz") in message
    assert "delete" in message and "reinstall" in message
    assert "Keras downloads" not in message  # the helpers download, and never into your folder
    assert (folder / "train-images-idx3-ubyte.gz").read_bytes() == damaged_bytes  # your file, as it was
    assert download_site.requests == []  # and nothing was downloaded in its place


def test_loading_writes_nowhere(sample_as_published, nowhere, tmp_path):
    folder = copy_files(sample_as_published, tmp_path / "copy")
    before = sorted(p for p in tmp_path.rglob("*"))
    load_data(folder)
    assert sorted(p for p in tmp_path.rglob("*")) == before


# Downloads, from a local web server standing in for the download site (how Colab gets the data).


def test_without_local_data_load_data_downloads_into_the_keras_cache(download_site, sample):
    (train_images, _), (test_images, _) = load_data()
    np.testing.assert_array_equal(train_images, sample[0][0])
    assert sorted(download_site.requests) == sorted(data.FILE_SHA256)
    assert data.has_all_files(data.keras_cache_dir())
    load_data()
    assert len(download_site.requests) == 4  # the second load reads the cache


@pytest.mark.parametrize("name", ["train-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz"], ids=["first", "last"])
def test_a_download_that_arrives_damaged_leaves_no_file_and_the_next_load_downloads_it_again(name, download_site):
    flip_one_byte(download_site.folder / name)
    with pytest.raises(DataNotFoundError, match="arrived damaged") as error:
        load_data()
    assert name in str(error.value) and data.FILE_SHA256[name] in str(error.value)
    assert not (data.keras_cache_dir() / name).exists()  # no damaged file left behind
    assert not list(data.keras_cache_dir().glob("*.part"))
    copy_files(SAMPLE_DIR, download_site.folder)  # the network is fine again
    (train_images, _), _ = load_data()
    assert train_images.shape == (300, 28, 28)
    assert sha256_of(data.keras_cache_dir() / name) == data.FILE_SHA256[name]


def test_a_damaged_file_in_the_keras_cache_is_downloaded_again(download_site):
    cache = copy_files(SAMPLE_DIR, data.keras_cache_dir())
    flip_one_byte(cache / "t10k-labels-idx1-ubyte.gz")
    (_, _), (_, test_labels) = load_data()
    assert test_labels.shape == (100,)
    assert download_site.requests == ["t10k-labels-idx1-ubyte.gz"]  # only the damaged file
    assert sha256_of(cache / "t10k-labels-idx1-ubyte.gz") == data.FILE_SHA256["t10k-labels-idx1-ubyte.gz"]


def a_keras_cache_that_cannot_be_written(tmp_path, monkeypatch) -> Path:
    """Point KERAS_HOME below a file, so that the Keras cache cannot be created (on any system)."""
    (tmp_path / "a_file").write_text("not a folder")
    monkeypatch.setenv("KERAS_HOME", str(tmp_path / "a_file" / "keras"))
    return data.keras_cache_dir()


def test_when_the_keras_cache_cannot_be_written_the_download_folder_is_in_the_temporary_folder_and_looked_in(
    nowhere, monkeypatch
):
    cache = a_keras_cache_that_cannot_be_written(nowhere, monkeypatch)
    temporary = nowhere / "Temp"  # wherever the system keeps temporary files (a Temp folder on Windows)
    monkeypatch.setattr(tempfile, "gettempdir", lambda: str(temporary))
    assert data.download_dir() == temporary / ".keras" / "datasets" / "fashion-mnist"
    folders = [folder for _, folder in data.candidate_dirs()]
    assert folders.index(cache) < folders.index(data.download_dir()) < folders.index(config.system_data_dir())
    assert not temporary.exists()  # looking creates nothing


def test_with_a_keras_cache_that_cannot_be_written_the_download_is_kept_in_the_temporary_folder_and_found_there(
    download_site, monkeypatch, tmp_path
):
    a_keras_cache_that_cannot_be_written(tmp_path, monkeypatch)
    (train_images, _), _ = load_data()
    assert train_images.shape == (300, 28, 28)
    assert data.download_dir().is_relative_to(tempfile.gettempdir())
    assert data.has_all_files(data.download_dir())
    load_data()
    assert len(download_site.requests) == 4  # the second load finds the files there


def test_a_damaged_file_in_the_temporary_download_folder_is_downloaded_again(download_site, monkeypatch, tmp_path):
    a_keras_cache_that_cannot_be_written(tmp_path, monkeypatch)
    folder = copy_files(SAMPLE_DIR, data.download_dir())
    flip_one_byte(folder / "train-labels-idx1-ubyte.gz")
    load_data()
    assert download_site.requests == ["train-labels-idx1-ubyte.gz"]


# Copies for a classroom behind a firewall: $FMNIST_DATA_URL, then Keras' site, then the authors' files, then
# PaddlePaddle's copy of them (mainland China).


def a_port_nothing_listens_on() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def three_copies(serve_folder, sample_as_published, nowhere):
    """Copies on 127.0.0.1: one down, one serving a damaged training-image file, one good."""
    down = f"http://127.0.0.1:{a_port_nothing_listens_on()}/"
    damaged = serve_folder(copy_files(SAMPLE_DIR, nowhere / "damaged_copy"))
    flip_one_byte(damaged.folder / "train-images-idx3-ubyte.gz")
    good = serve_folder(copy_files(SAMPLE_DIR, nowhere / "good_copy"))
    return down, damaged, good


def test_load_data_skips_a_copy_that_is_down_and_one_that_serves_a_damaged_file(
    three_copies, download_site, monkeypatch, capsys, sample
):
    down, damaged, good = three_copies
    monkeypatch.setenv("FMNIST_DATA_URL", f"{down},{damaged.url}, {good.url}")
    (train_images, _), _ = load_data()
    np.testing.assert_array_equal(train_images, sample[0][0])
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 3  # one line per site tried
    assert down in lines[0] and "skipped" in lines[0] and "connection refused" in lines[0]
    assert damaged.url in lines[1] and "skipped: train-images-idx3-ubyte.gz arrived damaged" in lines[1]
    assert good.url in lines[2] and lines[2].endswith("done.")
    assert damaged.requests == ["train-images-idx3-ubyte.gz"]  # skipped at its first bad file
    assert sorted(good.requests) == sorted(data.FILE_SHA256)
    assert download_site.requests == []  # Keras' site is not asked when a copy has the files
    assert data.has_all_files(data.keras_cache_dir())
    assert not list(data.keras_cache_dir().glob("*.part"))


def test_when_every_site_fails_the_error_says_where_it_looked_each_site_tried_and_why(three_copies, monkeypatch):
    down, damaged, _ = three_copies
    monkeypatch.setenv("FMNIST_DATA_URL", f"{down},{damaged.url}")
    with pytest.raises(DataNotFoundError) as error:
        load_data()
    message = str(error.value)
    looked = message.split("Looked in:")[1].split("Tried to download from:")[0]
    for _, folder in data.candidate_dirs():
        assert str(folder) in looked
    tried = message.split("Tried to download from:")[1].split("\n\n")[0].strip().splitlines()
    assert [line.split()[1] for line in tried] == [
        down,
        damaged.url,
        data.KERAS_DATA_URL,
        data.AUTHORS_URL,
        data.PADDLE_URL,
    ]
    assert "a copy in $FMNIST_DATA_URL" in tried[0] and "connection refused" in tried[0]
    assert "arrived damaged" in tried[1]
    assert "Keras' own site" in tried[2] and "Fashion-MNIST authors" in tried[3]
    assert "PaddlePaddle" in tried[4] and "mainland China" in tried[4]
    assert data.HOW_TO_GET_THE_DATA in message
    assert not list(data.keras_cache_dir().iterdir())  # nothing damaged or partial left behind


def test_when_keras_site_is_unreachable_the_authors_files_are_downloaded(
    serve_folder, sample_as_published, nowhere, monkeypatch, capsys
):
    authors = serve_folder(copy_files(SAMPLE_DIR, nowhere / "authors"))
    monkeypatch.setattr(data, "AUTHORS_URL", authors.url)
    (train_images, _), _ = load_data()
    assert train_images.shape == (300, 28, 28) and sorted(authors.requests) == sorted(data.FILE_SHA256)
    keras_line, authors_line = capsys.readouterr().out.splitlines()
    assert "Keras' own site" in keras_line and "skipped" in keras_line
    assert authors.url in authors_line and authors_line.endswith("done.")


def test_download_sources_are_the_copies_in_order_then_keras_then_the_authors_then_paddlepaddle(monkeypatch):
    monkeypatch.setenv("FMNIST_DATA_URL", " http://10.0.0.1:8000 , ,https://copy.example/fmnist/")
    assert [url for url, _ in data.download_sources()] == [
        "http://10.0.0.1:8000/",
        "https://copy.example/fmnist/",
        data.KERAS_DATA_URL,
        data.AUTHORS_URL,
        data.PADDLE_URL,
    ]
    monkeypatch.delenv("FMNIST_DATA_URL")
    assert [url for url, _ in data.download_sources()] == [data.KERAS_DATA_URL, data.AUTHORS_URL, data.PADDLE_URL]


def test_the_copy_that_mainland_china_reaches_is_paddlepaddles_with_the_published_file_names():
    assert CHINA_COPY == "https://dataset.bj.bcebos.com/fashion_mnist/"
    _, description = data.download_sources()[-1]
    assert "PaddlePaddle" in description and "mainland China" in description
    # Paddle's own checksum of the test images (paddle.vision.datasets.FashionMNIST) is the authors' published one:
    # the same files, so the same SHA-256 checks them.
    assert set(data.FILE_SHA256) == {
        "train-images-idx3-ubyte.gz",
        "train-labels-idx1-ubyte.gz",
        "t10k-images-idx3-ubyte.gz",
        "t10k-labels-idx1-ubyte.gz",
    }


@pytest.fixture
def china(serve_folder, sample_as_published, nowhere, monkeypatch):
    """Mainland China, played on 127.0.0.1: Keras' site and the authors' refuse, PaddlePaddle's copy serves the files."""
    paddle = serve_folder(copy_files(SAMPLE_DIR, nowhere / "paddle"))
    monkeypatch.setattr(data, "PADDLE_URL", paddle.url)
    return paddle


def test_when_keras_site_and_the_authors_files_are_unreachable_paddlepaddles_copy_is_downloaded(china, capsys, sample):
    (train_images, _), _ = load_data()
    np.testing.assert_array_equal(train_images, sample[0][0])
    assert sorted(china.requests) == sorted(data.FILE_SHA256)
    keras_line, authors_line, paddle_line = capsys.readouterr().out.splitlines()
    assert "Keras' own site" in keras_line and "skipped" in keras_line
    assert "authors" in authors_line and "skipped" in authors_line  # tried first, in that order
    assert china.url in paddle_line and "PaddlePaddle" in paddle_line and paddle_line.endswith("done.")
    load_data()
    assert len(china.requests) == 4  # the second load reads the Keras cache


def test_paddlepaddles_copy_is_asked_only_when_the_authors_files_did_not_arrive(
    china, serve_folder, nowhere, monkeypatch
):
    authors = serve_folder(copy_files(SAMPLE_DIR, nowhere / "authors"))
    monkeypatch.setattr(data, "AUTHORS_URL", authors.url)
    load_data()
    assert sorted(authors.requests) == sorted(data.FILE_SHA256) and china.requests == []


def test_a_damaged_file_from_paddlepaddles_copy_is_refused_and_the_error_says_how_to_set_a_copy_in_a_notebook(china):
    flip_one_byte(china.folder / "t10k-images-idx3-ubyte.gz")
    with pytest.raises(DataNotFoundError) as error:
        load_data()
    message = str(error.value)
    (paddle_line,) = [line for line in message.splitlines() if china.url in line]
    assert "PaddlePaddle" in paddle_line and "t10k-images-idx3-ubyte.gz arrived damaged" in paddle_line
    assert data.FILE_SHA256["t10k-images-idx3-ubyte.gz"] in paddle_line
    assert "%env FMNIST_DATA_URL=" in message  # a notebook's way: a terminal's export would not reach it
    assert not (data.keras_cache_dir() / "t10k-images-idx3-ubyte.gz").exists()
    assert not list(data.keras_cache_dir().glob("*.part"))


@needs_full_data
def test_full_data_is_exactly_what_keras_loads(tmp_path, monkeypatch):
    import keras

    ours = load_data()
    # Give Keras a cache that already holds the files, so it reads them instead of downloading.
    # (Keras reads $KERAS_HOME once, at import, so the test points its setting there directly.)
    monkeypatch.setattr(keras.src.backend.config, "_KERAS_DIR", str(tmp_path))
    copy_files(full_data_dir(), tmp_path / "datasets" / "fashion-mnist")
    theirs = keras.datasets.fashion_mnist.load_data()
    for our_split, their_split in zip(ours, theirs):
        for our_array, their_array in zip(our_split, their_split):
            assert our_array.dtype == their_array.dtype == np.uint8
            np.testing.assert_array_equal(our_array, their_array)
    assert ours[0][0].shape == (60000, 28, 28) and ours[1][0].shape == (10000, 28, 28)
    assert np.bincount(ours[0][1]).tolist() == [6000] * 10


@needs_full_data
def test_a_truncated_copy_of_the_real_data_is_refused(tmp_path):
    folder = copy_files(full_data_dir(), tmp_path / "copy")
    truncate(folder / "t10k-labels-idx1-ubyte.gz")
    with pytest.raises(ChecksumError, match="t10k-labels-idx1-ubyte.gz"):
        load_data(folder)
