"""The trainer's training rows: held once, drawn by class in the graph, scaled on the way.

A float32, C-contiguous, writeable ``X`` is not copied: TensorFlow reads
the caller's memory through DLPack and the rows are scaled in the graph.
Any other ``X`` (float64, strided, read-only) is scaled once, chunk by
chunk, into one float32 array of the training rows, half the size of a
float64 input.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ._tf import tf

#: Bytes. TensorFlow aborts on CPU tensors whose data is less aligned; NumPy aligns to 16.
ALIGNMENT = 64


@dataclass(frozen=True)
class InputScaling:
    """Caller's feature values to the networks' input space, column by column.

    ``clip((x - low) * (1 / span), 0, 1) * out_scale + out_offset``: the
    same arithmetic in NumPy (:meth:`apply`) and in the graph
    (:meth:`apply_tensor`), so that float32 rows scale to the same bits in
    both. (A graph turns a division by a constant into that multiplication.)
    """

    low: np.ndarray
    span: np.ndarray
    out_scale: float = 1.0
    out_offset: float = 0.0

    def apply(self, X: np.ndarray) -> np.ndarray:
        """Scaled float32 rows, computed in ``X``'s precision."""
        scaled = (X - self.low.astype(X.dtype)) * (1.0 / self.span).astype(X.dtype)
        scaled = np.clip(scaled, 0.0, 1.0, out=scaled).astype(np.float32, copy=False)
        if self.out_scale != 1.0 or self.out_offset != 0.0:
            scaled = scaled * np.float32(self.out_scale) + np.float32(self.out_offset)
        return scaled

    def apply_tensor(self, x: tf.Tensor) -> tf.Tensor:
        """:meth:`apply` on float32 rows in the graph."""
        low = tf.constant(self.low.astype(np.float32))
        inverse_span = tf.constant((1.0 / self.span).astype(np.float32))
        scaled = tf.clip_by_value((x - low) * inverse_span, 0.0, 1.0)
        if self.out_scale != 1.0 or self.out_offset != 0.0:
            scaled = scaled * self.out_scale + self.out_offset
        return scaled


def _aligned_empty(shape: tuple[int, int]) -> np.ndarray:
    """An uninitialised float32 array whose data is aligned as TensorFlow requires."""
    n_bytes = shape[0] * shape[1] * 4
    raw = np.empty(n_bytes + ALIGNMENT, dtype=np.uint8)
    offset = (-raw.ctypes.data) % ALIGNMENT
    return raw[offset : offset + n_bytes].view(np.float32).reshape(shape)


def _shared_tensor(host: np.ndarray) -> tf.Tensor:
    """An aligned float32 array as a tensor on the current device, without a copy on a CPU."""
    with tf.device("/CPU:0"):
        shared = tf.experimental.dlpack.from_dlpack(host.__dlpack__())
    if "GPU" in tf.zeros([]).device:
        return tf.identity(shared)  # the one copy, host to GPU
    return shared


def shareable(X: np.ndarray) -> bool:
    """Whether the trainer can read ``X`` in place rather than copy it.

    At least 32 rows, so that the shifted view has rows beyond the (at most
    17) rows it cannot reach.
    """
    return (X.dtype == np.float32 and X.ndim == 2 and X.flags.c_contiguous and X.flags.writeable
            and X.ctypes.data % X.itemsize == 0 and len(X) >= 32)


class ClassRows:
    """Training rows grouped by class, drawn with replacement in the graph.

    When ``X`` is shared, its first ``skip`` values lie before the first
    64-byte boundary. The tensor TensorFlow sees is therefore the array
    from that boundary on, cut into rows of ``n_features`` values: its row
    ``r`` starts ``skip`` values after the start of ``X``'s row ``r``. With
    ``skip = q * n_features + m``, row ``i`` of ``X`` is the last ``m``
    values of shifted row ``i - q - 1`` followed by the first
    ``n_features - m`` of shifted row ``i - q``. The few rows this cannot
    reach (at most 16 at the start, one at the end) are kept as a copy.

    Parameters
    ----------
    X : ndarray of shape (n_samples, n_features)
        The caller's validated rows, not scaled.
    rows_by_class : list of ndarray of int
        Row numbers of ``X`` used for training, one array per class.
    scaling : InputScaling
        Caller's values to the networks' input space.
    chunk : int, default=16384
        Rows scaled at a time when ``X`` is copied.
    """

    def __init__(
        self, X: np.ndarray, rows_by_class: list[np.ndarray], scaling: InputScaling, chunk: int = 1 << 14
    ) -> None:
        counts = np.array([len(rows) for rows in rows_by_class], dtype=np.int32)
        order = np.concatenate(rows_by_class).astype(np.int32)
        self.n_rows = int(counts.sum())
        self.n_features = d = X.shape[1]
        self.n_classes = len(counts)
        self.counts = tf.constant(counts)
        self.offsets = tf.constant(np.concatenate([[0], np.cumsum(counts)[:-1]]).astype(np.int32))
        self.labels = tf.constant(np.repeat(np.arange(len(counts), dtype=np.int32), counts))
        self._scaling: InputScaling | None
        self._source_rows: tf.Tensor | None
        if shareable(X):
            skip = (-X.ctypes.data) % ALIGNMENT // X.itemsize
            self._q, self._m = divmod(skip, d)
            window = X.reshape(-1)[skip:]
            n_shifted = len(window) // d
            self._shifted = _shared_tensor(window[: n_shifted * d].reshape(n_shifted, d))
            self._first = self._q + (self._m > 0)  # first and last rows rebuilt from shifted rows
            self._last = self._q + n_shifted - 1
            edges = np.r_[np.arange(self._first), np.arange(self._last + 1, len(X))]
            self._edges = tf.constant(X[edges] if len(edges) else np.zeros((1, d), np.float32))
            self._source_rows = tf.constant(order)
            self._scaling = scaling
        else:
            host = _aligned_empty((self.n_rows, d))
            for start in range(0, self.n_rows, chunk):
                stop = min(start + chunk, self.n_rows)
                host[start:stop] = scaling.apply(X[order[start:stop]])
            self._shifted = _shared_tensor(host)
            self._q = self._m = self._first = 0
            self._last = self.n_rows - 1
            self._edges = None
            self._source_rows = None
            self._scaling = None

    def gather(self, index: tf.Tensor) -> tf.Tensor:
        """Rows ``index`` (positions in class order) in the networks' input space."""
        rows = index if self._source_rows is None else tf.gather(self._source_rows, index)
        shifted = tf.clip_by_value(rows - self._q, self._first - self._q, self._last - self._q)
        if self._m:
            m = self._m
            before = tf.gather(self._shifted, shifted - 1)[:, self.n_features - m :]
            x = tf.concat([before, tf.gather(self._shifted, shifted)[:, : self.n_features - m]], axis=1)
        else:
            x = tf.gather(self._shifted, shifted)
        if self._edges is not None:
            is_edge = (rows < self._first) | (rows > self._last)
            edge = tf.where(rows < self._first, rows, rows - (self._last + 1) + self._first)
            n_edges = self._edges.shape[0]
            x = tf.where(is_edge[:, None], tf.gather(self._edges, tf.clip_by_value(edge, 0, n_edges - 1)), x)
        return x if self._scaling is None else self._scaling.apply_tensor(x)

    def rows_of(self, rng: tf.random.Generator, classes: tf.Tensor) -> tf.Tensor:
        """Row positions, one drawn uniformly within each entry of ``classes``."""
        counts = tf.gather(self.counts, classes)
        u = rng.uniform(tf.shape(classes), dtype=tf.float32)
        within = tf.minimum(tf.cast(u * tf.cast(counts, tf.float32), tf.int32), counts - 1)
        return tf.gather(self.offsets, classes) + within

    def any_rows(self, rng: tf.random.Generator, n: int) -> tf.Tensor:
        """Row positions drawn uniformly over all classes."""
        return rng.uniform([n], minval=0, maxval=self.n_rows, dtype=tf.int32)
