#!/usr/bin/env bash
# The GPU road, measured: on a machine with an NVIDIA GPU and TensorFlow that can use it
# (Colab with a T4, or `pip install "tensorflow[and-cuda]==2.21.0" && pip install -e .`), run
#
#     bash benchmarks/gpu_check.sh
#
# It prints the GPU, then the JSON line of the CLI's full run for the article's CNN and for the
# improved CNN (test accuracy, seconds, hardware, batch size, steps per call), then notebook 06 in
# full mode with its wall time. Copy what it prints into the README's GPU table, with the date.
set -euo pipefail
cd "$(dirname "$0")/.."
out=$(mktemp -d)
echo "== $(date '+%Y-%m-%d %H:%M')  $(nproc) CPU cores"
nvidia-smi --query-gpu=name,memory.total,driver_version --format=csv,noheader || echo "nvidia-smi: not found"
python - <<'PY'
import sys
import tensorflow as tf
gpus = tf.config.list_physical_devices("GPU")
print("TensorFlow", tf.__version__, "| GPUs TensorFlow can use:", [gpu.name for gpu in gpus] or "none")
if not gpus:
    sys.exit("TensorFlow sees no GPU: these figures would be the CPU's. Install tensorflow[and-cuda]==2.21.0.")
PY
echo "== python -m fmnist_helpers (article's CNN, the GPU recipe)"
python -m fmnist_helpers --json --output "$out/article" 2>"$out/article.log" | tail -n 1
echo "== python -m fmnist_helpers --model improved"
python -m fmnist_helpers --model improved --json --output "$out/improved" 2>"$out/improved.log" | tail -n 1
echo "== notebook 06 in full mode"
python benchmarks/notebook_times.py --only 06
echo "== logs: $out"
