from anne.metrics import accuracy, classes, confusion_matrix
from support import raises


def test_classes_threshold_single_output_at_one_half():
    assert classes([[0.2], [0.5], [0.51], [7.9]]) == [0, 0, 1, 1]


def test_classes_argmax_for_several_outputs_and_passes_ints():
    assert classes([[0.1, 0.7, 0.2], [0.5, 0.2, 0.3]]) == [1, 0]
    assert classes([2, 0, 1]) == [2, 0, 1]


def test_accuracy():
    assert accuracy([0, 1, 1, 0], [[0.1], [0.9], [0.3], [0.2]]) == 0.75
    assert accuracy([2, 1], [2, 1]) == 1.0


def test_confusion_matrix_rows_are_true_classes():
    m = confusion_matrix([0, 0, 1, 1, 1], [[0.2], [0.8], [0.9], [0.7], [0.1]])
    assert m == [[1, 1], [1, 2]]
    m = confusion_matrix([0, 1, 2, 2], [0, 2, 2, 1], n_classes=3)
    assert m == [[1, 0, 0], [0, 0, 1], [0, 1, 1]]


def test_errors_are_named():
    e = raises(ValueError, accuracy, [0, 1], [[0.1]])
    assert "2 labels" in str(e) and "1" in str(e)
    raises(ValueError, accuracy, [], [])
    e = raises(ValueError, confusion_matrix, [0, 3], [0, 1], n_classes=2)
    assert "row 1" in str(e)
