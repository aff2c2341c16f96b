"""The pictures of the course. Each function returns a matplotlib `Figure`.

In a notebook the figure shows when it is the last line of a cell; elsewhere save it with
``figure.savefig("name.png")``. Pictures after tensorflow/docs' classification tutorial: a grid of
labelled samples, an image beside its probability bars, wrong predictions in red.
"""

from __future__ import annotations

import math

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

from .data import CLASS_NAMES
from .evaluation import confusion_matrix
from .preprocessing import IMAGE_SHAPE

__all__ = [
    "plot_sample_grid",
    "plot_label_counts",
    "plot_pixel_histogram",
    "feature_maps",
    "plot_feature_maps",
    "plot_training_curves",
    "plot_confusion_matrix",
    "plot_image_and_probabilities",
    "plot_mistakes",
    "RIGHT_COLOUR",
    "WRONG_COLOUR",
    "PIXEL_COLOURS",
]

#: The colour of a right prediction (and of the plain bars and curves).
RIGHT_COLOUR = "tab:blue"
#: The colour of a wrong prediction.
WRONG_COLOUR = "tab:red"
#: One colour convention for pixels in every picture of the course: 0 (the background) is black,
#: the brightest pixel white, as Fashion-MNIST stores its images (a light garment on black).
PIXEL_COLOURS = "gray"


def _finish(figure: Figure) -> Figure:
    """Close the figure in pyplot (so a notebook shows it once, as the cell's result) and return it."""
    figure.tight_layout()
    plt.close(figure)
    return figure


def _pixel_max(images: np.ndarray) -> float:
    """255 for raw pixels, 1 for normalized ones: the white end of the colour scale."""
    return 1.0 if float(np.max(images)) <= 1.0 else 255.0


def _as_2d(image: np.ndarray) -> np.ndarray:
    image = np.asarray(image)
    return image.reshape(image.shape[0], image.shape[1]) if image.ndim == 3 else image


def plot_sample_grid(
    images: np.ndarray,
    labels: np.ndarray,
    predicted_labels: np.ndarray | None = None,
    rows: int = 5,
    columns: int = 5,
    row_labels: list[str] | None = None,
) -> Figure:
    """A grid of images with their class names (01_load_data); with predictions, wrong ones in red.

    ``row_labels`` writes a label at the left of each row (e.g. what was done to the images of that row).
    """
    count = min(rows * columns, len(images))
    rows = math.ceil(count / columns)
    figure, axes = plt.subplots(
        rows, columns, figsize=(1.8 * columns + (1.2 if row_labels else 0), 2.0 * rows), squeeze=False
    )
    for row, label in enumerate(row_labels or []):
        if row < rows:
            axes[row, 0].text(-0.15, 0.5, label, transform=axes[row, 0].transAxes, ha="right", va="center", fontsize=9)
    for index, axis in enumerate(axes.flat):
        axis.axis("off")
        if index >= count:
            continue
        axis.imshow(_as_2d(images[index]), cmap=PIXEL_COLOURS, vmin=0, vmax=_pixel_max(images))
        title = CLASS_NAMES[int(labels[index])]
        colour = "black"
        if predicted_labels is not None:
            predicted = int(predicted_labels[index])
            colour = RIGHT_COLOUR if predicted == int(labels[index]) else WRONG_COLOUR
            title = f"{CLASS_NAMES[predicted]}\n(true: {title})" if colour == WRONG_COLOUR else title
        axis.set_title(title, fontsize=9, color=colour)
    return _finish(figure)


def plot_label_counts(labels: np.ndarray, title: str = "Images per class") -> Figure:
    """A bar chart of how many images each class has (01_load_data: the classes are balanced)."""
    counts = np.bincount(np.asarray(labels, dtype=int), minlength=10)
    figure, axis = plt.subplots(figsize=(8, 3))
    axis.bar(range(10), counts, color=RIGHT_COLOUR)
    axis.set_xticks(range(10), CLASS_NAMES, rotation=30, ha="right")
    axis.set_ylabel("images")
    axis.set_title(title)
    return _finish(figure)


def plot_pixel_histogram(images: np.ndarray, title: str = "Pixel values", bins: int = 50) -> Figure:
    """A histogram of all pixel values (03_normalize: 0..255 before, 0..1 after)."""
    figure, axis = plt.subplots(figsize=(6, 3))
    axis.hist(np.asarray(images).ravel(), bins=bins, color=RIGHT_COLOUR)
    axis.set_yscale("log")
    axis.set_xlabel("pixel value")
    axis.set_ylabel("pixels (log scale)")
    axis.set_title(title)
    return _finish(figure)


def plot_training_curves(history) -> Figure:
    """Loss and accuracy per epoch, training vs validation (06_train). Takes a Keras `History`."""
    logs = history.history if hasattr(history, "history") else history
    epochs = np.arange(1, len(logs["loss"]) + 1)
    figure, (loss_axis, accuracy_axis) = plt.subplots(1, 2, figsize=(11, 3.8))
    for axis, metric in ((loss_axis, "loss"), (accuracy_axis, "accuracy")):
        axis.plot(epochs, logs[metric], "o-", label=f"training {metric}", color=RIGHT_COLOUR)
        if f"val_{metric}" in logs:
            axis.plot(epochs, logs[f"val_{metric}"], "s-", label=f"validation {metric}", color="tab:orange")
        axis.set_xlabel("epoch")
        axis.xaxis.set_major_locator(MaxNLocator(integer=True))  # epochs are whole numbers
        axis.set_title(metric)
        axis.grid(alpha=0.3)
        axis.legend(loc="best")
    if "val_loss" in logs:
        best = int(np.argmin(logs["val_loss"])) + 1
        loss_axis.axvline(best, color="gray", linestyle="--", linewidth=1)
        right_half = best > (epochs[0] + epochs[-1]) / 2
        loss_axis.text(
            best,
            0.97,
            f"lowest validation loss (epoch {best})",
            fontsize=8,
            va="top",
            ha="right" if right_half else "left",
            transform=loss_axis.get_xaxis_transform(),
            bbox={"facecolor": "white", "edgecolor": "none", "alpha": 0.8, "pad": 1},
        )
    return _finish(figure)


def plot_confusion_matrix(true_labels: np.ndarray, predicted_labels: np.ndarray) -> Figure:
    """The confusion matrix with class names: which classes the model mixes up (07_evaluate)."""
    matrix = confusion_matrix(true_labels, predicted_labels)
    figure, axis = plt.subplots(figsize=(7.5, 6.5))
    image = axis.imshow(matrix, cmap="Blues")
    figure.colorbar(image, ax=axis, shrink=0.8)
    axis.set_xticks(range(10), CLASS_NAMES, rotation=45, ha="right")
    axis.set_yticks(range(10), CLASS_NAMES)
    axis.set_xlabel("predicted class")
    axis.set_ylabel("true class")
    threshold = matrix.max() / 2
    for true_class in range(10):
        for predicted_class in range(10):
            count = matrix[true_class, predicted_class]
            if count:
                axis.text(
                    predicted_class,
                    true_class,
                    str(count),
                    ha="center",
                    va="center",
                    fontsize=7,
                    color="white" if count > threshold else "black",
                )
    axis.set_title("Confusion matrix (row: true class, column: predicted)")
    return _finish(figure)


def plot_image_and_probabilities(image: np.ndarray, probabilities: np.ndarray, true_label: int | None = None) -> Figure:
    """One image beside the model's 10 probability bars; the predicted bar is blue if right, red if wrong."""
    probabilities = np.asarray(probabilities).ravel()
    predicted = int(np.argmax(probabilities))
    right = true_label is None or predicted == int(true_label)
    figure, (image_axis, bar_axis) = plt.subplots(1, 2, figsize=(9, 3.2), gridspec_kw={"width_ratios": [1, 2]})
    image_axis.imshow(_as_2d(image), cmap=PIXEL_COLOURS, vmin=0, vmax=_pixel_max(image))
    image_axis.axis("off")
    title = f"predicted: {CLASS_NAMES[predicted]} ({probabilities[predicted]:.0%})"
    if true_label is not None:
        title += f"\ntrue: {CLASS_NAMES[int(true_label)]}"
    image_axis.set_title(title, color=RIGHT_COLOUR if right else WRONG_COLOUR, fontsize=10)
    bars = bar_axis.bar(range(10), probabilities, color="lightgray")
    bars[predicted].set_color(RIGHT_COLOUR if right else WRONG_COLOUR)
    if true_label is not None and not right:
        bars[int(true_label)].set_color(RIGHT_COLOUR)
    bar_axis.set_xticks(range(10), CLASS_NAMES, rotation=40, ha="right")
    bar_axis.set_ylim(0, 1)
    bar_axis.set_ylabel("probability")
    return _finish(figure)


def plot_mistakes(
    images: np.ndarray, true_labels: np.ndarray, predicted_labels: np.ndarray, count: int = 15, columns: int = 5
) -> Figure:
    """A gallery of wrongly classified images: predicted class in red, true class below it."""
    true_labels, predicted_labels = np.asarray(true_labels), np.asarray(predicted_labels)
    wrong = np.flatnonzero(true_labels != predicted_labels)[:count]
    if len(wrong) == 0:
        figure, axis = plt.subplots(figsize=(4, 1))
        axis.axis("off")
        axis.text(0.5, 0.5, "No mistakes to show.", ha="center", va="center")
        return _finish(figure)
    return plot_sample_grid(
        images[wrong],
        true_labels[wrong],
        predicted_labels[wrong],
        rows=math.ceil(len(wrong) / columns),
        columns=columns,
    )


def feature_maps(model, image: np.ndarray, layer_index: int = 0) -> np.ndarray:
    """One layer's output for one image: an array (height, width, channels), one map per filter (04_build_cnn)."""
    import keras

    image = np.asarray(image, dtype="float32").reshape(1, *IMAGE_SHAPE)
    probe = keras.Model(model.inputs[0], model.layers[layer_index].output)
    return np.asarray(probe(image))[0]


def plot_feature_maps(
    model,
    image: np.ndarray,
    layer_index: int = 0,
    count: int = 16,
    columns: int = 8,
    value_range: tuple[float, float] | None = None,
) -> Figure:
    """What one layer's filters see in one image (04_build_cnn): its first ``count`` output channels.

    All maps share one colour scale, ``value_range`` (default: from the smallest to the largest
    value shown), with a colour bar; give two figures the same ``value_range`` to compare them.
    """
    maps = feature_maps(model, image, layer_index)
    count = min(count, maps.shape[-1])
    low, high = value_range or (float(maps[..., :count].min()), float(maps[..., :count].max()))
    rows = math.ceil(count / columns)
    figure, axes = plt.subplots(rows, columns, figsize=(1.4 * columns + 0.8, 1.5 * rows), squeeze=False)
    shown = None
    for index, axis in enumerate(axes.flat):
        axis.axis("off")
        if index < count:
            shown = axis.imshow(maps[..., index], cmap="viridis", vmin=low, vmax=high)
            axis.set_title(f"filter {index}", fontsize=8)
    figure.suptitle(f"Outputs of layer '{model.layers[layer_index].name}' for one image (one colour scale for all)")
    figure.tight_layout()
    if shown is not None:
        figure.colorbar(shown, ax=axes.ravel().tolist(), shrink=0.8, pad=0.02)
    plt.close(figure)
    return figure
