"""Every notebook's setup cell: versions, GPU or not, and how to get one."""

from __future__ import annotations

import sys

from fmnist_helpers import describe_runtime, on_colab, quick_mode
from fmnist_helpers.runtime import GPU_ADVICE_COLAB


def test_describe_runtime_reports_versions_and_no_gpu_here(capsys):
    info = describe_runtime()
    printed = capsys.readouterr().out
    assert info["tensorflow"] in printed and info["keras"] in printed
    assert info["gpus"] == [] and "GPU: none" in printed and info["colab"] is False


def test_on_colab_without_a_gpu_names_the_menu_to_open(capsys, monkeypatch):
    monkeypatch.setitem(sys.modules, "google.colab", object())
    assert on_colab()
    describe_runtime()
    printed = capsys.readouterr().out
    assert "Runtime > Change runtime type" in printed and GPU_ADVICE_COLAB in printed


def test_quick_mode_follows_fmnist_quick(monkeypatch):
    monkeypatch.setenv("FMNIST_QUICK", "1")
    assert quick_mode()
    monkeypatch.setenv("FMNIST_QUICK", "0")
    assert not quick_mode()
    monkeypatch.delenv("FMNIST_QUICK")
    assert not quick_mode()
