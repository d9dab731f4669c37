"""The trainer's row store: every layout of X gives the same scaled rows, shared or copied."""

import numpy as np
import pytest

from skevagan import EVAGANClassifier
from skevagan._rows import ALIGNMENT, ClassRows, InputScaling
from skevagan._tf import tf


def _unaligned(X: np.ndarray, skip_values: int) -> np.ndarray:
    """A C-contiguous copy of X whose data starts ``skip_values`` floats past a 64-byte boundary."""
    raw = np.empty(X.nbytes + 2 * ALIGNMENT, np.uint8)
    start = (-raw.ctypes.data) % ALIGNMENT + skip_values * X.itemsize
    out = raw[start : start + X.nbytes].view(X.dtype).reshape(X.shape)
    out[:] = X
    return out


def _layouts(X):
    for shift in (0, 1, 4, 12, 15):
        yield f"float32 shifted {shift}", _unaligned(X.astype(np.float32), shift), True
    yield "float64", X, False
    yield "float32 Fortran", np.asfortranarray(X.astype(np.float32)), X.shape[1] == 1  # 1 column: C order too
    raw = np.empty(X.size * 4 + 1, np.uint8)[1:]  # float32 values at an odd address
    odd = raw.view(np.float32).reshape(X.shape)
    odd[:] = X
    yield "float32 at an odd address", odd, False
    read_only = X.astype(np.float32)
    read_only.flags.writeable = False
    yield "float32 read-only", read_only, False


@pytest.mark.parametrize("n_features", [1, 3, 16, 20, 80])
def test_rows_are_the_scaled_rows_in_class_order(n_features):
    rng = np.random.default_rng(0)
    X = rng.normal(5.0, 3.0, size=(40, n_features))
    labels = rng.integers(0, 2, 40)
    rows_by_class = [np.flatnonzero(labels == c) for c in (0, 1)]
    order = np.concatenate(rows_by_class)
    scaling = InputScaling(X.min(axis=0), X.max(axis=0) - X.min(axis=0), 2.0, -1.0)
    index = tf.constant(np.r_[np.arange(len(order)), [0, 0, len(order) - 1]].astype(np.int32))
    for name, layout, shared in _layouts(X):
        rows = ClassRows(layout, rows_by_class, scaling)
        assert (rows._source_rows is not None) == shared, name
        expected = scaling.apply(layout[np.r_[order, order[[0, 0, -1]]]])
        np.testing.assert_array_equal(rows.gather(index).numpy(), expected, err_msg=name)


def test_shared_rows_are_not_copied():
    X = _unaligned(np.random.default_rng(1).random((50, 4), dtype=np.float32), 3)
    rows = ClassRows(X, [np.arange(25), np.arange(25, 50)], InputScaling(np.zeros(4), np.ones(4)))
    X[10, 2] = 0.125  # visible through the tensor: the memory is shared
    assert rows.gather(tf.constant([10])).numpy()[0, 2] == np.float32(0.125)


def test_shared_and_copied_rows_train_the_same_model():
    """Scaling in the graph (shared float32 rows) equals scaling in NumPy (a copy): same fit, same bits."""
    rng = np.random.default_rng(2)
    X = rng.normal(3.0, 2.0, size=(120, 5)).astype(np.float32)
    y = np.r_[np.ones(15, int), np.zeros(105, int)]
    read_only = X.copy()
    read_only.flags.writeable = False  # DLPack cannot share it: the trainer copies
    params = dict(epochs=3, steps_per_epoch=4, batch_size=16, latent_dim=4, random_state=0)
    shared = EVAGANClassifier(**params).fit(X, y).predict_proba(X)
    copied = EVAGANClassifier(**params).fit(read_only, y).predict_proba(X)
    np.testing.assert_array_equal(shared, copied)
