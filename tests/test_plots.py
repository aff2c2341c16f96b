"""The course's pictures: each helper returns a matplotlib Figure with what it promises."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

import numpy as np
from matplotlib.figure import Figure

from fmnist_helpers import (
    CLASS_NAMES,
    build_model,
    plot_confusion_matrix,
    plot_feature_maps,
    plot_image_and_probabilities,
    plot_label_counts,
    plot_mistakes,
    plot_pixel_histogram,
    plot_sample_grid,
    plot_training_curves,
)
from fmnist_helpers.plots import feature_maps, figure_description


def titles(figure: Figure) -> list[str]:
    return [axis.get_title() for axis in figure.axes if axis.get_title()]


def test_sample_grid_labels_each_image_with_its_class_name(sample):
    (images, labels), _ = sample
    figure = plot_sample_grid(images, labels)
    assert isinstance(figure, Figure) and len(figure.axes) == 25
    assert titles(figure) == [CLASS_NAMES[label] for label in labels[:25]]


def test_sample_grid_marks_wrong_predictions_in_red(sample):
    (images, labels), _ = sample
    predicted = labels.copy()
    predicted[0] = (labels[0] + 1) % 10
    figure = plot_sample_grid(images, labels, predicted, rows=1, columns=3)
    first, second = figure.axes[0].title, figure.axes[1].title
    assert "true:" in first.get_text() and first.get_color() == "tab:red"
    assert second.get_color() == "tab:blue"


def test_training_curves_show_loss_and_accuracy_for_both_sets():
    history = SimpleNamespace(
        history={
            "loss": [0.6, 0.4, 0.3],
            "accuracy": [0.8, 0.85, 0.9],  # like Keras' History
            "val_loss": [0.5, 0.45, 0.47],
            "val_accuracy": [0.82, 0.84, 0.84],
        }
    )
    figure = plot_training_curves(history)
    assert titles(figure) == ["loss", "accuracy"]
    assert all(len(axis.get_lines()) >= 2 for axis in figure.axes)


def test_pictures_of_labels_and_predictions_need_no_keras():
    code = (
        "import sys\nimport fmnist_helpers as fh\nfh.plot_confusion_matrix([0, 1, 2], [0, 2, 2])\n"
        "fh.plot_label_counts([0, 1, 1])\nprint(sorted({'keras', 'tensorflow'} & set(sys.modules)))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "MPLBACKEND": "Agg"},
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"


def test_confusion_matrix_plot_names_the_classes():
    figure = plot_confusion_matrix(np.arange(10), np.arange(10))
    axis = figure.axes[0]
    assert [t.get_text() for t in axis.get_xticklabels()] == CLASS_NAMES
    assert [t.get_text() for t in axis.get_yticklabels()] == CLASS_NAMES


def test_image_and_probabilities_shows_ten_bars_and_the_prediction(sample):
    (images, labels), _ = sample
    probabilities = np.full(10, 0.02)
    probabilities[3] = 0.82
    figure = plot_image_and_probabilities(images[0], probabilities, true_label=3)
    assert len(figure.axes[1].patches) == 10
    assert "Dress (82%)" in figure.axes[0].get_title()


def test_mistakes_gallery_shows_only_the_wrong_predictions(sample):
    (images, labels), _ = sample
    predicted = labels.copy()
    predicted[[2, 5]] = (labels[[2, 5]] + 1) % 10
    figure = plot_mistakes(images, labels, predicted)
    assert len(titles(figure)) == 2 and all("true:" in t for t in titles(figure))


def test_pixel_histogram_counts_every_pixel_of_every_image(sample):
    (images, _), _ = sample
    axis = plot_pixel_histogram(images[:10]).axes[0]
    assert sum(bar.get_height() for bar in axis.patches) == 10 * 28 * 28
    assert axis.get_yscale() == "log"  # the 0 pixels outnumber the rest a hundredfold


def test_label_counts_show_how_many_images_each_class_has():
    axis = plot_label_counts(np.array([0, 1, 1, 9, 9, 9])).axes[0]
    assert [t.get_text() for t in axis.get_xticklabels()] == CLASS_NAMES
    assert [bar.get_height() for bar in axis.patches] == [1, 2, 0, 0, 0, 0, 0, 0, 0, 3]


def test_feature_maps_show_the_first_filters_outputs_on_one_colour_scale(sample):
    (images, _), _ = sample
    model = build_model()
    maps = feature_maps(model, images[0] / 255.0)
    assert maps.shape == (26, 26, 64)
    figure = plot_feature_maps(model, images[0] / 255.0, count=8)
    shown = [axis.images[0] for axis in figure.axes if axis.images]
    assert titles(figure) == [f"filter {index}" for index in range(8)]
    np.testing.assert_allclose(shown[3].get_array(), maps[..., 3])
    assert {image.get_clim() for image in shown} == {(maps[..., :8].min(), maps[..., :8].max())}


def test_feature_maps_of_a_model_computing_in_bfloat16_are_float32_and_drawn(sample, monkeypatch):
    from fmnist_helpers import compile_model

    monkeypatch.setenv("FMNIST_PRECISION", "bfloat16")  # as on a CPU with native bfloat16 (04 draws these maps)
    (images, _), _ = sample
    model = compile_model(build_model())
    assert model.layers[0].compute_dtype == "bfloat16"
    maps = feature_maps(model, images[0] / 255.0)
    assert maps.dtype == np.float32 and maps.shape == (26, 26, 64)
    plot_feature_maps(model, images[0] / 255.0, count=4).canvas.draw()  # matplotlib refuses bfloat16 arrays


def test_every_helper_figure_describes_what_it_shows_from_the_data(sample):
    (images, labels), _ = sample
    history = {"loss": [0.6, 0.4, 0.3], "accuracy": [0.8, 0.85, 0.9], "val_loss": [0.5, 0.4, 0.45]}
    history["val_accuracy"] = [0.82, 0.86, 0.84]
    true, predicted = np.array([6, 6, 6, 0, 1]), np.array([0, 0, 2, 0, 1])
    probabilities = np.full(10, 0.02)
    probabilities[[3, 4]] = 0.76, 0.08
    described = {
        "curves": figure_description(plot_training_curves(history)),
        "matrix": figure_description(plot_confusion_matrix(true, predicted)),
        "grid": figure_description(plot_sample_grid(images, labels, rows=1, columns=3)),
        "mistakes": figure_description(plot_mistakes(images[:5], true, predicted)),
        "counts": figure_description(plot_label_counts(np.array([0, 1, 1, 9, 9, 9]))),
        "pixels": figure_description(plot_pixel_histogram(np.array([[0, 0, 0, 255]]))),
        "bars": figure_description(plot_image_and_probabilities(images[0], probabilities, true_label=4)),
    }
    assert "validation loss lowest at epoch 2 of 3" in described["curves"]
    assert "of 5 images" in described["matrix"]
    assert "most confused, Shirt taken for T-shirt/top (2 times)" in described["matrix"]
    assert described["grid"].endswith(": " + ", ".join(CLASS_NAMES[label] for label in labels[:3]))
    assert "Shirt taken for T-shirt/top (2 times), Shirt taken for Pullover" in described["mistakes"]
    assert "from 0 (Pullover) to 3 (Ankle boot)" in described["counts"]
    assert "4 pixel values from 0 to 255, 75% of them at 0" in described["pixels"]
    assert "Dress 76%, next Coat 8%; true class Coat, wrong" in described["bars"]
    assert all("\n" not in text for text in described.values())  # one line each


def test_a_figure_the_helpers_did_not_draw_has_no_description():
    assert figure_description(Figure()) is None


def test_feature_maps_figure_names_its_layer_and_colour_scale(sample):
    (images, _), _ = sample
    model = build_model()
    text = figure_description(plot_feature_maps(model, images[0] / 255.0, count=8))
    assert f"layer '{model.layers[0].name}'" in text and "8 filters' 26x26 maps" in text


ALT_TEXT_NOTEBOOK = [
    "%matplotlib inline\nimport numpy as np\nimport matplotlib.pyplot as plt\nimport fmnist_helpers as fh",
    "fh.plot_confusion_matrix(np.array([6, 6, 0]), np.array([0, 0, 0]))",
    "figure, axis = plt.subplots()\naxis.plot([1, 2])\nfigure",
    "%config InlineBackend.figure_formats = ['retina']\ndisplay(fh.plot_label_counts(np.array([0, 1, 1])))",
]


def test_jupyter_shows_a_helper_figure_with_its_description_as_alt_text_and_others_as_before(tmp_path):
    import nbclient
    import nbformat

    cells = [nbformat.v4.new_code_cell(source) for source in ALT_TEXT_NOTEBOOK]
    notebook = nbformat.v4.new_notebook(cells=cells)
    root = str(Path(__file__).resolve().parent.parent)  # the kernel imports this checkout's helpers
    os.environ["PYTHONPATH"], old = root + os.pathsep + os.environ.get("PYTHONPATH", ""), os.environ.get("PYTHONPATH")
    try:
        nbclient.NotebookClient(
            notebook, timeout=120, kernel_name="python3", resources={"metadata": {"path": str(tmp_path)}}
        ).execute()
    finally:
        os.environ.pop("PYTHONPATH") if old is None else os.environ.__setitem__("PYTHONPATH", old)
    matrix, plain, retina = (cell.outputs[-1] for cell in notebook.cells[1:])
    assert "image/png" in matrix.data and matrix.metadata["image/png"]["alt"] == (
        "Confusion matrix of 3 images, 1 (33.3%) on the diagonal: most confused, Shirt taken for T-shirt/top (2 times)"
    )
    assert "image/png" in plain.data and "alt" not in plain.metadata.get("image/png", {})
    assert set(retina.metadata["image/png"]) == {"alt", "width", "height"}  # the backend's own metadata is kept
