"""What every benchmark shares: the machine it ran on, and where its report is kept.

The benchmarks are scripts (``python benchmarks/NAME.py``): Python puts their folder first on
``sys.path``, so they import this module as ``from report import machine, save_report``.
"""

from __future__ import annotations

import datetime
import json
import os
import platform
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def machine() -> str:
    cpu = platform.processor() or "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return f"{os.cpu_count()} cores, {cpu}"


def save_report(name: str, report: str, data: dict | None = None) -> Path:
    """Keep a report in benchmarks/results/ (not committed): NAME-YYYYmmdd-HHMM.md, and .json with ``data``."""
    results = ROOT / "benchmarks" / "results"
    results.mkdir(exist_ok=True)
    path = results / f"{name}-{datetime.datetime.now():%Y%m%d-%H%M}.md"
    path.write_text(report)
    if data is not None:
        path.with_suffix(".json").write_text(json.dumps(data, indent=2))
    return path
