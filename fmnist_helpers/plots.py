"""The pictures of the course. Each function returns a matplotlib `Figure`.

In a notebook the figure shows when it is the last line of a cell; elsewhere save it with
``figure.savefig("name.png")``. Each figure carries a one-line description of what it shows, computed
from the data (`figure_description`): in Jupyter it becomes the picture's alt text, which a screen
reader reads and the course's website shows as the image's ``alt``. Pictures after tensorflow/docs' classification tutorial: a grid of
labelled samples, an image beside its probability bars, wrong predictions in red.
"""

from __future__ import annotations

import math
import sys

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

from .data import CLASS_NAMES
from .evaluation import confusion_matrix
from .preprocessing import IMAGE_SHAPE

__all__ = [
    "figure_description",
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


#: The attribute of a `Figure` that holds its description (set by the helpers, read by `figure_description`).
_DESCRIPTION = "fmnist_description"


def figure_description(figure: Figure) -> str | None:
    """The one-line description of what a helper's figure shows (its alt text); None for other figures."""
    return getattr(figure, _DESCRIPTION, None)


def _describe(figure: Figure, description: str) -> Figure:
    """Give ``figure`` its description, and have Jupyter show it as the picture's alt text."""
    setattr(figure, _DESCRIPTION, description)
    _show_descriptions_as_alt_text()
    return figure


def _show_descriptions_as_alt_text() -> None:
    """In IPython with an inline backend, wrap its PNG formatter of figures so the PNG's metadata has ``alt``.

    The wrapper returns what the backend's formatter returns (other figures show as before), with
    ``{"alt": description}`` added for a helper's figure: Jupyter keeps it as the output's metadata
    (``{"image/png": {"alt": ...}}``), which nbconvert and the course's website write as ``<img alt>``.
    Done at each drawing, as ``%matplotlib inline`` may register its formatter again.
    """
    if "IPython" not in sys.modules:
        return
    shell = sys.modules["IPython"].get_ipython()
    if shell is None:
        return
    png = shell.display_formatter.formatters["image/png"]
    try:
        previous = png.lookup_by_type(Figure)
    except KeyError:  # no inline backend: the figure is not shown as a PNG
        return
    if getattr(previous, "adds_alt_text", False):
        return

    def png_with_alt_text(figure: Figure):
        result = previous(figure)
        description = figure_description(figure)
        if description is None or result is None:
            return result
        data, metadata = result if isinstance(result, tuple) else (result, None)
        return data, {**(metadata or {}), "alt": description}

    png_with_alt_text.adds_alt_text = True
    png.for_type(Figure, png_with_alt_text)


def _finish(figure: Figure, description: str) -> Figure:
    """Close the figure in pyplot (so a notebook shows it once, as the cell's result), describe it and return it."""
    figure.tight_layout()
    plt.close(figure)
    return _describe(figure, description)


def _names(labels) -> list[str]:
    return [CLASS_NAMES[int(label)] for label in labels]


def _confusions(true_labels, predicted_labels) -> str:
    """``Shirt taken for T-shirt/top (2 times), ...``: the wrong predictions (true class first), most frequent first."""
    pairs: dict[tuple[str, str], int] = {}
    for true, predicted in zip(_names(true_labels), _names(predicted_labels), strict=True):
        if true != predicted:
            pairs[(true, predicted)] = pairs.get((true, predicted), 0) + 1
    ranked = sorted(pairs.items(), key=lambda item: -item[1])
    return ", ".join(f"{t} taken for {p}" + (f" ({n} times)" if n > 1 else "") for (t, p), n in ranked)


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
    shown = np.asarray(labels)[:count]
    if predicted_labels is None:
        description = f"A {rows}x{columns} grid of {count} images with their class names, row by row: "
        description += ", ".join(_names(shown))
    else:
        guessed = np.asarray(predicted_labels)[:count]
        wrong = int(np.sum(guessed != shown))
        description = f"A {rows}x{columns} grid of {count} images with the predicted class, {wrong} wrong (in red)"
        description += f": {_confusions(shown, guessed)}" if wrong else ""
    if row_labels:
        description += "; rows: " + ", ".join(row_labels[:rows])
    return _finish(figure, description)


def plot_label_counts(labels: np.ndarray, title: str = "Images per class") -> Figure:
    """A bar chart of how many images each class has (01_load_data: the classes are balanced)."""
    counts = np.bincount(np.asarray(labels, dtype=int), minlength=10)
    figure, axis = plt.subplots(figsize=(8, 3))
    axis.bar(range(10), counts, color=RIGHT_COLOUR)
    axis.set_xticks(range(10), CLASS_NAMES, rotation=30, ha="right")
    axis.set_ylabel("images")
    axis.set_title(title)
    low, high = int(np.argmin(counts)), int(np.argmax(counts))
    if counts[low] == counts[high]:
        spread = f"every class has {counts[high]:,} images"
    else:
        spread = f"from {counts[low]:,} ({CLASS_NAMES[low]}) to {counts[high]:,} ({CLASS_NAMES[high]})"
    return _finish(figure, f"{title}: a bar chart of the images of each of the 10 classes, {spread}")


def plot_pixel_histogram(images: np.ndarray, title: str = "Pixel values", bins: int = 50) -> Figure:
    """A histogram of all pixel values (03_normalize: 0..255 before, 0..1 after)."""
    pixels = np.asarray(images).ravel()
    figure, axis = plt.subplots(figsize=(6, 3))
    axis.hist(pixels, bins=bins, color=RIGHT_COLOUR)
    axis.set_yscale("log")
    axis.set_xlabel("pixel value")
    axis.set_ylabel("pixels (log scale)")
    axis.set_title(title)
    low, high = float(pixels.min()), float(pixels.max())
    at_low = float(np.mean(pixels == low))
    return _finish(
        figure,
        f"{title}: a histogram (log scale) of {pixels.size:,} pixel values from {low:g} to {high:g}, "
        f"{at_low:.0%} of them at {low:g}",
    )


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
    description = (
        f"Training curves over {len(epochs)} epochs: training loss from {logs['loss'][0]:.3g} to {logs['loss'][-1]:.3g}"
    )
    if "val_loss" in logs:
        description += f", validation loss lowest at epoch {best} of {len(epochs)} ({logs['val_loss'][best - 1]:.3g})"
    if "val_accuracy" in logs:
        description += f", validation accuracy {logs['val_accuracy'][-1]:.1%} at the last epoch"
    elif "accuracy" in logs:
        description += f", training accuracy {logs['accuracy'][-1]:.1%} at the last epoch"
    return _finish(figure, description)


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
    total = int(matrix.sum())
    right = int(np.trace(matrix))
    description = f"Confusion matrix of {total:,} images, {right:,} ({right / max(total, 1):.1%}) on the diagonal"
    mistakes = matrix - np.diag(np.diag(matrix))
    if mistakes.any():
        true_class, predicted_class = np.unravel_index(int(np.argmax(mistakes)), mistakes.shape)
        count = int(mistakes[true_class, predicted_class])
        description += (
            f": most confused, {CLASS_NAMES[true_class]} taken for {CLASS_NAMES[predicted_class]}"
            f" ({count} {'time' if count == 1 else 'times'})"
        )
    return _finish(figure, description + ("" if mistakes.any() else ": no image confused"))


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
    second = int(np.argsort(probabilities)[-2])
    description = (
        f"One image beside the model's 10 class probabilities: {CLASS_NAMES[predicted]} "
        f"{probabilities[predicted]:.0%}, next {CLASS_NAMES[second]} {probabilities[second]:.0%}"
    )
    if true_label is not None:
        description += f"; true class {CLASS_NAMES[int(true_label)]}, " + ("right" if right else "wrong")
    return _finish(figure, description)


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
        return _finish(figure, f"No mistakes to show among {len(true_labels):,} predictions")
    figure = plot_sample_grid(
        images[wrong],
        true_labels[wrong],
        predicted_labels[wrong],
        rows=math.ceil(len(wrong) / columns),
        columns=columns,
    )
    description = f"The first {len(wrong)} wrongly classified images, predicted class in red above the true one: "
    return _describe(figure, description + _confusions(true_labels[wrong], predicted_labels[wrong]))


def feature_maps(model, image: np.ndarray, layer_index: int = 0) -> np.ndarray:
    """One layer's output for one image: an array (height, width, channels), one map per filter (04_build_cnn).

    Always float32, also when the layer computes in bfloat16 (`fmnist_helpers.training.use_precision`)."""
    import keras

    image = np.asarray(image, dtype="float32").reshape(1, *IMAGE_SHAPE)
    probe = keras.Model(model.inputs[0], model.layers[layer_index].output)
    return np.asarray(probe(image), dtype="float32")[0]


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
    height, width = maps.shape[:2]
    return _describe(
        figure,
        f"Outputs of layer '{model.layers[layer_index].name}' for one image: {count} filters' {height}x{width} "
        f"maps on one colour scale from {low:.3g} to {high:.3g}",
    )
