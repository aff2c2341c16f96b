"""Cut the tiny real sample the unit tests use from the full Fashion-MNIST files.

    python tests/make_sample.py [/usr/share/datasets/fashion-mnist]

Writes tests/data/*.gz in the published IDX format: the first 300 training images and the first
100 test images, with their labels (about 100 KB in all).
"""

import gzip
import sys
from pathlib import Path

HERE = Path(__file__).parent
SIZES = {"train": 300, "t10k": 100}


def cut(source: Path, name: str, count: int) -> None:
    with gzip.open(source / name, "rb") as handle:
        raw = handle.read()
    ndim = raw[3]
    header = bytearray(raw[: 4 + 4 * ndim])
    header[4:8] = count.to_bytes(4, "big")
    item = 1
    for i in range(1, ndim):
        item *= int.from_bytes(raw[4 + 4 * i : 8 + 4 * i], "big")
    body = raw[4 + 4 * ndim : 4 + 4 * ndim + count * item]
    with gzip.GzipFile(HERE / "data" / name, "wb", mtime=0) as out:
        out.write(bytes(header) + body)


if __name__ == "__main__":
    source = Path(sys.argv[1] if len(sys.argv) > 1 else "/usr/share/datasets/fashion-mnist")
    (HERE / "data").mkdir(exist_ok=True)
    for split, count in SIZES.items():
        for kind in ("images-idx3", "labels-idx1"):
            cut(source, f"{split}-{kind}-ubyte.gz", count)
    print("wrote", sorted(p.name for p in (HERE / "data").iterdir()))
