"""Exercises of 01_load_data: count a class, name an image's class, the shape of one image.

The checkers know a few facts about the published data (written out below, and checked against
the full data by tests/test_exercises_nb01.py), so checking an answer never loads the data.
"""

from __future__ import annotations

import numpy as np

from ..data import CLASS_NAMES
from ..i18n import translate as _
from . import Mistake, exercise, require

__all__ = [
    "class_name_of_train_image_42",
    "count_sneakers_in_test",
    "shape_of_one_image",
    "SNEAKER_LABEL",
    "TEST_IMAGES_PER_CLASS",
    "TEST_SET_SIZE",
    "TRAIN_IMAGES_PER_CLASS",
    "TRAIN_LABELS_41_TO_43",
]

#: Sneaker is label 7; the test set has 1000 images of each class, the training set 6000.
SNEAKER_LABEL = 7
TEST_IMAGES_PER_CLASS = 1000
TRAIN_IMAGES_PER_CLASS = 6000
TEST_SET_SIZE = 10000
#: train_labels[41], train_labels[42], train_labels[43] in the published data.
TRAIN_LABELS_41_TO_43 = (7, 9, 5)


@exercise(
    notebook="01_load_data",
    question="How many Sneakers are in the test set?",
    hint="First find the Sneaker's label number: its position in fh.CLASS_NAMES. Then count the test labels equal "
    "to it: comparing an array with a number gives one True/False per image, and .sum() counts the Trues.",
    solution="my_count = int((test_labels == fh.CLASS_NAMES.index('Sneaker')).sum())   # or np.bincount(test_labels)[7]",
)
def count_sneakers_in_test(my_count) -> None:
    answer = np.asarray(my_count)
    require(
        answer.shape != (10,),
        _("you have 10 numbers ({values}), one per class. Pick the Sneakers' one: [7].", values=answer.tolist()),
    )
    require(
        answer.ndim == 0,
        _(
            "your answer is an array of shape {shape}, not one number. If it is True/False per image, add them up with .sum().",
            shape=answer.shape,
        ),
    )
    require(not isinstance(answer.item(), str), _("answer with a number (how many), not a name."))
    count = answer.item()
    require(
        count != TRAIN_IMAGES_PER_CLASS,
        _(
            "{TRAIN_IMAGES_PER_CLASS} is the number of Sneakers in the training set. Count in test_labels.",
            TRAIN_IMAGES_PER_CLASS=TRAIN_IMAGES_PER_CLASS,
        ),
    )
    require(
        count != SNEAKER_LABEL,
        _("7 is the Sneaker's label number, not how many there are. Count the test labels equal to 7."),
    )
    require(
        count != TEST_SET_SIZE,
        _(
            "{TEST_SET_SIZE} is every image of the test set. Count only those whose label is 7 (Sneaker).",
            TEST_SET_SIZE=TEST_SET_SIZE,
        ),
    )
    require(
        count == TEST_IMAGES_PER_CLASS,
        _("{count} is not it. Sneaker is label 7: count with (test_labels == 7).sum().", count=count),
    )


@exercise(
    notebook="01_load_data",
    question="What is the class name of training image 42 (train_images[42])?",
    hint="Two steps: 42 is the image's position, and train_labels holds the label number at each position; "
    "fh.CLASS_NAMES then turns a label number into a name.",
    solution="my_class_name = fh.CLASS_NAMES[train_labels[42]]",
)
def class_name_of_train_image_42(my_class_name) -> None:
    right_label = TRAIN_LABELS_41_TO_43[1]
    if isinstance(my_class_name, (int, np.integer)):
        require(
            int(my_class_name) != right_label,
            _(
                "{my_class_name} is the label number. Turn it into a name with fh.CLASS_NAMES[{my_class_name}].",
                my_class_name=my_class_name,
            ),
        )
        require(int(my_class_name) != 42, _("42 is the image's position, not its label: look up train_labels[42]."))
        require(False, _("answer with the class name (a string such as 'Trouser'), from fh.CLASS_NAMES."))
    require(
        isinstance(my_class_name, str),
        _("answer with the class name as a string, not a {type_name}.", type_name=type(my_class_name).__name__),
    )
    name = my_class_name.strip().lower()
    lower_names = [class_name.lower() for class_name in CLASS_NAMES]
    require(
        name in lower_names,
        _(
            "{my_class_name!r} is none of the 10 class names: {names}.",
            my_class_name=my_class_name,
            names=", ".join(CLASS_NAMES),
        ),
    )
    label = lower_names.index(name)
    require(
        label != right_label - 1,
        _(
            "{name!r} is one class too early: labels start at 0, so the name is fh.CLASS_NAMES[label], not fh.CLASS_NAMES[label - 1].",
            name=CLASS_NAMES[label],
        ),
    )
    require(
        label != TRAIN_LABELS_41_TO_43[0],
        _(
            "{name!r} is the class of train image 41, the one before. Use train_labels[42].",
            name=CLASS_NAMES[label],
        ),
    )
    require(
        label != TRAIN_LABELS_41_TO_43[2],
        _(
            "{name!r} is the class of train image 43, the one after. Use train_labels[42].",
            name=CLASS_NAMES[label],
        ),
    )
    require(
        label == right_label,
        _(
            "{name!r} is a class name, but not the one of train image 42. Look up the image's label number first, train_labels[42] (a number from 0 to 9), then the name at that position of fh.CLASS_NAMES.",
            name=CLASS_NAMES[label],
        ),
    )


@exercise(
    notebook="01_load_data",
    question="What is the shape of one image, e.g. train_images[0]? Answer with its .shape.",
    hint="Take one image out of train_images by its position (indexing, as for one label), then ask that "
    "image for its .shape.",
    solution="my_shape = train_images[0].shape   # (28, 28): 28 rows of 28 pixels",
)
def shape_of_one_image(my_shape) -> None:
    require(
        not isinstance(my_shape, str),
        _(
            "{my_shape!r} is a text (it has quotes). Give a tuple, e.g. (28, 28) without quotes, or the image's .shape.",
            my_shape=my_shape,
        ),
    )
    if isinstance(my_shape, np.ndarray) and my_shape.ndim >= 2:
        require(
            False,
            _("that is an array of pixels (shape {shape}), not a shape. Add .shape at the end.", shape=my_shape.shape),
        )
    if isinstance(my_shape, (int, np.integer)):
        require(int(my_shape) != 784, _("784 is the number of pixels in one image (its .size). Ask for its .shape."))
        require(int(my_shape) != 2, _("2 is the number of axes (.ndim). Ask for the .shape."))
        require(False, _("{my_shape} is one number; a shape is a tuple such as (rows, columns).", my_shape=my_shape))
    try:
        shape = tuple(int(size) for size in my_shape)
    except (TypeError, ValueError):
        raise Mistake(_("give a tuple of whole numbers, e.g. (28, 28), not {my_shape!r}.", my_shape=my_shape)) from None
    require(
        shape != (60000, 28, 28),
        _("(60000, 28, 28) is the shape of all the training images. Take one image first: train_images[0].shape."),
    )
    require(
        shape != (10000, 28, 28),
        _("(10000, 28, 28) is the shape of all the test images. Take one image first: test_images[0].shape."),
    )
    require(
        shape != (28, 28, 1),
        _(
            "(28, 28, 1) has a channel axis: that comes in the next notebook (02_reshape). As loaded, one image has just rows and columns."
        ),
    )
    require(shape != (28,), _("(28,) is one row of pixels, train_images[0][0]. One image is train_images[0]."))
    require(
        shape == (28, 28),
        _("{shape} is not the shape of one Fashion-MNIST image. Try train_images[0].shape.", shape=shape),
    )
