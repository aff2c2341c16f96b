"""What `train` prints while it trains (06_train): one short line per epoch instead of a progress bar."""

from __future__ import annotations

import time
from collections.abc import Callable

import keras

from .i18n import translate as _

__all__ = ["EpochLog"]


class EpochLog(keras.callbacks.Callback):
    """Prints one short line per epoch (instead of Keras' progress bar): metrics and seconds."""

    def __init__(self, epochs: int, print_fn: Callable[..., None] = print) -> None:
        super().__init__()
        self.epochs = epochs
        self.print_fn = print_fn
        self.epoch_seconds: list[float] = []

    def on_epoch_begin(self, epoch: int, logs=None) -> None:
        self._start = time.perf_counter()

    def on_epoch_end(self, epoch: int, logs=None) -> None:
        seconds = time.perf_counter() - self._start
        self.epoch_seconds.append(seconds)
        logs = logs or {}
        parts = [f"{key} {logs[key]:.4f}" for key in ("loss", "accuracy", "val_loss", "val_accuracy") if key in logs]
        epoch_number = _("epoch {epoch:>2}/{epochs}", epoch=epoch + 1, epochs=self.epochs)
        self.print_fn(f"{epoch_number}  " + "  ".join(parts) + f"  ({seconds:.1f} s)")
