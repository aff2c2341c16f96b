"""Every notebook's setup cell: versions, GPU or not, how to get one, and no noise from TensorFlow."""

from __future__ import annotations

import os
import subprocess
import sys
import types

import pytest

from fmnist_helpers import config, describe_runtime, gpu, on_colab, quick_mode, runtime
from fmnist_helpers.gpu import GPU_ADVICE_COLAB


@pytest.fixture
def no_gpu(monkeypatch):
    """A machine where TensorFlow sees no GPU and nvidia-smi finds none (whatever this machine has)."""
    monkeypatch.setattr(runtime, "gpu_names", lambda: [])
    monkeypatch.setattr(runtime, "nvidia_gpus", lambda: [])


def test_describe_runtime_reports_the_versions_and_that_there_is_no_gpu(capsys, no_gpu):
    info = describe_runtime()
    printed = capsys.readouterr().out
    assert info["tensorflow"] in printed and info["keras"] in printed
    assert info["gpus"] == [] and "GPU: none" in printed and info["colab"] is False
    assert gpu.GPU_ADVICE_LOCAL in printed


def test_describe_runtime_names_the_gpu_and_gives_no_advice_when_there_is_one(capsys, monkeypatch):
    monkeypatch.setattr(runtime, "gpu_names", lambda: ["/physical_device:GPU:0"])
    monkeypatch.setattr(runtime, "nvidia_gpus", lambda: ["Tesla T4"])
    info = describe_runtime()
    printed = capsys.readouterr().out
    assert info["gpus"] == ["/physical_device:GPU:0"] and info["gpu_problem"] is None
    assert "GPU: /physical_device:GPU:0" in printed and "No GPU" not in printed


def test_on_colab_without_a_gpu_names_the_menu_to_open(capsys, monkeypatch, no_gpu):
    monkeypatch.setitem(sys.modules, "google.colab", object())
    assert on_colab()
    describe_runtime()
    printed = capsys.readouterr().out
    assert "Runtime > Change runtime type" in printed and GPU_ADVICE_COLAB in printed


def test_on_kaggle_without_a_gpu_names_kaggles_accelerator_setting(capsys, monkeypatch, no_gpu):
    monkeypatch.setenv("KAGGLE_KERNEL_RUN_TYPE", "Interactive")
    assert runtime.on_kaggle()
    describe_runtime()
    printed = capsys.readouterr().out
    assert "Running on Kaggle" in printed and "Settings > Accelerator" in printed and "Colab" not in printed


def test_elsewhere_without_a_gpu_both_free_gpus_are_named(capsys, monkeypatch, no_gpu):
    monkeypatch.delenv("KAGGLE_KERNEL_RUN_TYPE", raising=False)
    describe_runtime()
    printed = capsys.readouterr().out
    assert "Colab badge" in printed and "Kaggle badge" in printed


# A GPU that TensorFlow cannot use, and TensorFlow's start-up notices ---------------------------

#: What TensorFlow 2.21 writes on stderr when it is imported on this CPU machine (measured).
TENSORFLOW_STARTUP_LINES = [
    "WARNING: All log messages before absl::InitializeLog() is called are written to STDERR",
    "I0000 00:00:1796067426.022874    4037 port.cc:153] oneDNN custom operations are on. You may see slightly "
    "different numerical results due to floating-point round-off errors from different computation orders. "
    "To turn them off, set the environment variable `TF_ENABLE_ONEDNN_OPTS=0`.",
    "I0000 00:00:1796067426.069870    4037 cpu_feature_guard.cc:227] This TensorFlow binary is optimized to use "
    "available CPU instructions in performance-critical operations.",
    "To enable the following instructions: AVX2 AVX512F AVX512_VNNI AVX512_BF16 FMA, in other operations, "
    "rebuild TensorFlow with the appropriate compiler flags.",
]
GPU_LOG_LINE = (
    "W0000 00:00:1796067426.1 4037 gpu_device.cc:2344] Cannot dlopen some GPU libraries. Please make sure "
    "the missing libraries mentioned above are installed properly. Skipping registering GPU devices..."
)


def test_quiet_tensorflow_drops_only_tensorflows_startup_notices(tmp_path, monkeypatch, capsys):
    """A stand-in `tensorflow` writes the notices and two real problems on file descriptor 2, as TensorFlow's C++ does."""
    problems = [GPU_LOG_LINE, "E0000 00:00:1.2 4037 cuda_driver.cc:152] failed call to cuInit: UNKNOWN ERROR"]
    written = "\n".join(TENSORFLOW_STARTUP_LINES[:2] + problems[:1] + TENSORFLOW_STARTUP_LINES[2:] + problems[1:])
    (tmp_path / "tensorflow.py").write_text(f"import os\nos.write(2, {(written + chr(10)).encode()!r})\n")
    monkeypatch.syspath_prepend(tmp_path)
    monkeypatch.setitem(sys.modules, "tensorflow", None)  # so that the real one, or none, is back after the test
    del sys.modules["tensorflow"]
    assert runtime.quiet_tensorflow() is True
    assert sys.modules["tensorflow"].__file__ == str(tmp_path / "tensorflow.py")  # the stand-in was imported
    assert capsys.readouterr().err.splitlines() == problems
    assert runtime.quiet_tensorflow() is False  # imported already: nothing happens


def test_describe_runtime_loads_tensorflow_without_its_notices_and_leaves_the_environment_as_it_was():
    code = (
        "import os, sys\nbefore = dict(os.environ)\nimport fmnist_helpers as fh\n"
        "fh.describe_runtime(verbose=False)\nassert 'tensorflow' in sys.modules\nprint(dict(os.environ) == before)"
    )
    env = {name: value for name, value in os.environ.items() if name != "TF_CPP_MIN_LOG_LEVEL"}
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300, env=env)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "True"
    assert done.stderr == ""


def test_a_gpu_that_tensorflow_cannot_use_is_reported_plainly_with_what_to_do(capsys, monkeypatch):
    monkeypatch.setattr(runtime, "gpu_names", lambda: [])
    monkeypatch.setattr(runtime, "nvidia_gpus", lambda: ["Tesla T4"])
    monkeypatch.setattr(gpu, "tensorflow_gpu_log", lambda: [GPU_LOG_LINE])
    monkeypatch.setattr(gpu, "tensorflow_cpu_installed", lambda: True)
    info = describe_runtime()
    printed = capsys.readouterr().out
    assert info["gpus"] == [] and info["gpu_problem"]
    assert "GPU present but unusable: nvidia-smi finds Tesla T4, but TensorFlow cannot use it" in printed
    assert GPU_LOG_LINE in printed and gpu.GPU_UNUSABLE_ADVICE_LOCAL in printed
    assert "tensorflow-cpu, which has no GPU support" in printed
    monkeypatch.setitem(sys.modules, "google.colab", object())
    describe_runtime()
    assert gpu.GPU_UNUSABLE_ADVICE_COLAB in capsys.readouterr().out


def test_nvidia_smi_lists_the_gpus_the_driver_sees(tmp_path, monkeypatch):
    fake = tmp_path / "nvidia-smi"
    fake.write_text("#!/bin/sh\necho 'GPU 0: Tesla T4 (UUID: GPU-5b2f6a0e-0000-0000-0000-000000000000)'\n")
    fake.chmod(0o755)
    monkeypatch.setenv("PATH", f"{tmp_path}{os.pathsep}{os.environ['PATH']}")
    assert gpu.nvidia_gpus() == ["Tesla T4"]
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    assert gpu.nvidia_gpus() == []


def test_an_old_tensorflow_is_refused_with_the_version_to_install(monkeypatch):
    monkeypatch.setitem(sys.modules, "tensorflow", types.SimpleNamespace(__version__="2.15.1"))
    monkeypatch.setitem(sys.modules, "keras", types.SimpleNamespace(__version__="2.15.0"))
    with pytest.raises(ImportError, match=r'pip install -U "tensorflow>=2\.16"'):
        runtime.require_keras_3()


def test_without_keras_the_helpers_say_in_one_sentence_what_to_install(monkeypatch):
    monkeypatch.setitem(sys.modules, "keras", None)  # `import keras` fails as if it were not installed
    with pytest.raises(ImportError) as refused:
        runtime.require_keras_3()
    message = str(refused.value)
    assert "keras is not installed: run pip install tensorflow-cpu==2.21.0" in message
    assert message.endswith(".") and message.count(". ") == 0 and "\n" not in message  # one sentence
    assert refused.value.__suppress_context__  # no second traceback of the ModuleNotFoundError


def test_describe_runtime_says_when_a_recipe_is_forced(capsys, monkeypatch):
    monkeypatch.setenv("FMNIST_HARDWARE", "gpu")
    describe_runtime()
    assert "FMNIST_HARDWARE=gpu: the helpers train with the GPU recipe" in capsys.readouterr().out


def test_describe_runtime_refuses_an_unknown_fmnist_hardware(monkeypatch):
    monkeypatch.setenv("FMNIST_HARDWARE", "tpu")
    with pytest.raises(ValueError, match="gpu, cpu or auto"):
        describe_runtime()


@pytest.mark.parametrize(
    "value, meant",
    [
        ("1", True),
        ("true", True),
        (" Yes ", True),
        ("on", True),
        ("0", False),
        ("false", False),
        ("", False),
        ("maybe", False),
    ],
)
def test_yes_no_environment_flags_read_the_usual_spellings(monkeypatch, value, meant):
    monkeypatch.setenv("FMNIST_QUICK", value)
    assert config.env_flag("FMNIST_QUICK") is meant and quick_mode() is meant
