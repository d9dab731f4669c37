"""The paper's Algorithm 1 (flow preprocessing) as pipeline-safe steps.

Algorithm 1 removes outliers, rows with NaN or inf and columns with zero
standard deviation, then scales every feature to [0, 1]. Here that is split
into a transformer and a sampler, so that a pipeline learns the cleaning on
its training split and applies it unchanged to new data:

- :class:`FlowCleaner` (transformer) drops the columns that are entirely
  missing or constant and min-max scales the others; it keeps NaN in place.
- :class:`OutlierRemover` (imbalanced-learn sampler) removes rows with NaN or
  inf and rows beyond the majority class's quantile bounds, sparing most of
  the minority. Like every sampler it acts during ``fit`` only.
- :func:`preprocess_flows` runs the whole algorithm on one data set.

>>> import numpy as np
>>> from imblearn.pipeline import make_pipeline
>>> from sklearn.linear_model import LogisticRegression
>>> rng = np.random.default_rng(0)
>>> X, y = rng.normal(size=(500, 4)), (np.arange(500) < 50).astype(int)
>>> X[:, 3], X[7, 0] = 1.0, np.inf                  # a constant column, an inf value
>>> pipe = make_pipeline(FlowCleaner(), OutlierRemover(), LogisticRegression())
>>> pipe.fit(X, y).predict(X[:3]).shape             # row 7 was left out of the fit only
(3,)
"""

from __future__ import annotations

from numbers import Real
from typing import Any

import numpy as np
from imblearn.base import BaseSampler
from imblearn.utils import check_target_type
from scipy import sparse
from sklearn.base import BaseEstimator, TransformerMixin, _fit_context
from sklearn.utils import Bunch, _safe_indexing
from sklearn.utils._param_validation import Interval, StrOptions
from sklearn.utils.validation import (
    FLOAT_DTYPES,
    _check_feature_names_in,
    check_is_fitted,
    validate_data,
)

__all__ = ["FlowCleaner", "OutlierRemover", "preprocess_flows"]


class FlowCleaner(TransformerMixin, BaseEstimator):
    """Drop unusable columns and scale the others to [0, 1], keeping NaN in place.

    At fit, every column is summarised by its finite values: a column with
    none (all NaN or inf) is dropped, and so is a constant one (standard
    deviation 0) when ``drop_constant=True``. The columns kept are min-max
    scaled, ``(x - min) / (max - min)``, with min and max of the finite
    training values. Rows are never removed here: NaN stays NaN, so that an
    :class:`OutlierRemover` after this step can drop those rows during fit.

    Parameters
    ----------
    inf_policy : {"nan", "clip", "raise"}, default="nan"
        What ±inf means, at fit and transform. ``"nan"``: a missing value
        (it becomes NaN). ``"clip"``: the column's extreme, +inf becoming the
        training maximum (1 after scaling) and -inf the minimum (0).
        ``"raise"``: a ValueError.
    missing : {"keep", "raise"}, default="keep"
        What ``transform`` does with NaN in the columns kept (after
        ``inf_policy``). ``"keep"`` passes it on, which lets a following
        :class:`OutlierRemover` drop the row during fit; at predict time the
        next estimator decides (skevagan's estimators raise a ValueError).
        ``"raise"`` raises a ValueError naming the rows, for training data
        that must already be complete.
    drop_constant : bool, default=True
        Drop columns whose finite training values are all equal. Kept
        constant columns scale to 0.
    clip : bool, default=False
        Clip scaled values to [0, 1]; new data beyond the training range
        otherwise falls outside it.

    Attributes
    ----------
    support_ : ndarray of shape (n_features_in_,), dtype=bool
        The input columns kept.
    data_min_ : ndarray of shape (n_features_out,)
        Minimum of the finite training values of each kept column.
    data_max_ : ndarray of shape (n_features_out,)
        Maximum of the finite training values of each kept column.
    n_features_in_ : int
        Number of features seen during fit.
    feature_names_in_ : ndarray of shape (n_features_in_,)
        Names of the features seen during fit, when X had string column names.

    See Also
    --------
    OutlierRemover : Removes rows with NaN or inf and outlying rows.
    preprocess_flows : Algorithm 1 in one call.

    Examples
    --------
    >>> import numpy as np
    >>> X = np.array([[1.0, 5.0, np.nan, 0.0],
    ...               [3.0, 5.0, np.nan, np.inf],
    ...               [2.0, 5.0, np.nan, 4.0]])
    >>> cleaner = FlowCleaner().fit(X)
    >>> cleaner.get_feature_names_out()
    array(['x0', 'x3'], dtype=object)
    >>> cleaner.transform(X)
    array([[0. , 0. ],
           [1. , nan],
           [0.5, 1. ]])
    >>> FlowCleaner(inf_policy="clip").fit_transform(X)[:, 1]
    array([0., 1., 1.])
    """

    _parameter_constraints: dict = {
        "inf_policy": [StrOptions({"nan", "clip", "raise"})],
        "missing": [StrOptions({"keep", "raise"})],
        "drop_constant": ["boolean"],
        "clip": ["boolean"],
    }

    def __init__(self, *, inf_policy="nan", missing="keep", drop_constant=True, clip=False):
        self.inf_policy = inf_policy
        self.missing = missing
        self.drop_constant = drop_constant
        self.clip = clip

    def _check_inf(self, X: np.ndarray) -> None:
        if self.inf_policy == "raise" and np.isinf(X).any():
            raise ValueError("X contains inf and inf_policy='raise'")

    @_fit_context(prefer_skip_nested_validation=True)
    def fit(self, X, y=None):
        """Find the columns to keep and their finite min and max.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
            Training data; NaN and inf are allowed.
        y : None
            Ignored.

        Returns
        -------
        self : FlowCleaner
            The fitted transformer.
        """
        X = validate_data(self, X, dtype=FLOAT_DTYPES, ensure_all_finite=False,
                          ensure_min_samples=2)
        self._check_inf(X)
        n_features = X.shape[1]
        low = np.full(n_features, np.nan)
        high = np.full(n_features, np.nan)
        for j in range(n_features):  # one column at a time keeps memory flat
            column = X[:, j]
            finite = column[np.isfinite(column)]
            if finite.size:
                low[j], high[j] = finite.min(), finite.max()
        support = ~np.isnan(low)
        if self.drop_constant:
            support &= high > low
        if not support.any():
            raise ValueError(
                "FlowCleaner kept no column: every column is constant or has no finite value"
            )
        self.support_ = support
        self.data_min_, self.data_max_ = low[support], high[support]
        return self

    def transform(self, X):
        """Keep the fitted columns, apply ``inf_policy`` and ``missing``, scale to [0, 1].

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features_in_)
            Data to transform.

        Returns
        -------
        X_out : ndarray of shape (n_samples, n_features_out)
            Scaled data, floating dtype of X (float64 for other input).
        """
        check_is_fitted(self)
        X = validate_data(self, X, dtype=FLOAT_DTYPES, ensure_all_finite=False, reset=False)
        X = X[:, self.support_]  # a copy: safe to change in place
        dtype = X.dtype
        low, high = self.data_min_.astype(dtype), self.data_max_.astype(dtype)
        self._check_inf(X)
        if self.inf_policy == "nan":
            X[np.isinf(X)] = np.nan
        else:
            np.copyto(X, np.broadcast_to(high, X.shape), where=X == np.inf)
            np.copyto(X, np.broadcast_to(low, X.shape), where=X == -np.inf)
        if self.missing == "raise":
            rows = np.flatnonzero(np.isnan(X).any(axis=1))
            if rows.size:
                raise ValueError(
                    f"X has {rows.size} row(s) with NaN (first: {rows[:5].tolist()}) "
                    "and missing='raise'"
                )
        span = high - low
        X -= low
        X /= np.where(span > 0, span, 1).astype(dtype)
        if self.clip:
            np.clip(X, 0, 1, out=X)
        return X

    def get_feature_names_out(self, input_features=None):
        """Names of the columns kept.

        Parameters
        ----------
        input_features : array-like of str or None, default=None
            Input feature names; None uses ``feature_names_in_`` or
            ``x0, x1, ...``.

        Returns
        -------
        feature_names_out : ndarray of str objects
            The kept columns' names.
        """
        check_is_fitted(self)
        return _check_feature_names_in(self, input_features)[self.support_]

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.input_tags.allow_nan = True
        tags.transformer_tags.preserves_dtype = ["float64", "float32"]
        return tags


class OutlierRemover(BaseSampler):
    """Remove rows with NaN or inf and rows outside the majority class's quantile bounds.

    Bounds are fitted per feature on the finite rows of the majority (most
    frequent) class: ``lower = quantile(q_low)`` and ``upper =
    quantile(q_high)``. A row is an outlier when one of its values lies
    strictly outside its feature's bounds. Every row with NaN or inf and
    every majority outlier is removed. Of each other class, at most
    ``max_minority_removed`` of its finite rows are removed; when more are
    outliers, the most extreme go (extremeness: the largest distance beyond
    a bound, in units of that feature's ``upper - lower``) and the least
    extreme stay.

    As an imbalanced-learn sampler this acts in ``fit_resample`` only: in an
    :class:`imblearn.pipeline.Pipeline` it cleans the training data, and
    ``predict`` or ``transform`` pass every row through.

    Parameters
    ----------
    quantile_range : tuple (q_low, q_high) or None, default=(0.001, 0.999)
        Quantiles, in [0, 1], of the bounds. None removes only rows with NaN
        or inf.
    max_minority_removed : float in [0, 1], default=0.1
        Largest share of each non-majority class's finite rows removed as
        outliers.

    Attributes
    ----------
    sample_indices_ : ndarray of shape (n_kept,)
        Indices of the rows kept, in order.
    majority_class_ : object
        The class the bounds were fitted on.
    lower_bounds_, upper_bounds_ : ndarray of shape (n_features_in_,)
        The bounds (-inf and inf with ``quantile_range=None``).
    sampling_strategy_ : dict
        Imbalanced-learn's bookkeeping: every class is screened.
    n_features_in_ : int
        Number of features seen during fit.
    feature_names_in_ : ndarray of shape (n_features_in_,)
        Names of the features seen during fit, when X had string column names.

    See Also
    --------
    FlowCleaner : Drops unusable columns and scales to [0, 1].

    Notes
    -----
    The bounds are per feature, so with many features more majority rows go
    than one quantile tail suggests: up to ``n_features * (q_low + 1 -
    q_high)`` of them when features are independent. Sparse input is
    densified to compute the bounds and comes back sparse.

    Examples
    --------
    >>> import numpy as np
    >>> X = np.r_[np.arange(10.0), 100.0, np.nan, 50.0, 40.0, 2.5].reshape(-1, 1)
    >>> y = np.array([0] * 12 + [1] * 3)
    >>> remover = OutlierRemover(quantile_range=(0.0, 0.9), max_minority_removed=0.5)
    >>> X_kept, y_kept = remover.fit_resample(X, y)
    >>> remover.upper_bounds_
    array([9.])

    100 (majority) and NaN go; of the minority outliers 50 and 40 only one
    may go (half of 3 rows, rounded down), the more extreme one:

    >>> X_kept.ravel()[-3:], y_kept[-3:], remover.sample_indices_[-2:]
    (array([ 9. , 40. ,  2.5]), array([0, 1, 1]), array([13, 14]))
    """

    _sampling_type = "clean-sampling"
    #: Every class is screened; not a parameter.
    sampling_strategy = "all"

    _parameter_constraints: dict = {
        "quantile_range": [tuple, None],
        "max_minority_removed": [Interval(Real, 0, 1, closed="both")],
    }

    def __init__(self, *, quantile_range=(0.001, 0.999), max_minority_removed=0.1):
        self.quantile_range = quantile_range
        self.max_minority_removed = max_minority_removed

    def _check_X_y(self, X, y, accept_sparse=None):
        y, binarize_y = check_target_type(y, indicate_one_vs_all=True)
        X, y = validate_data(self, X=X, y=y, reset=True, accept_sparse=["csr", "csc"],
                             dtype="numeric", ensure_all_finite=False)
        return X, y, binarize_y

    def _quantiles(self) -> tuple[float, float]:
        q = self.quantile_range
        if len(q) != 2 or not all(isinstance(v, Real) for v in q) or not 0 <= q[0] < q[1] <= 1:
            raise ValueError(f"quantile_range must be (q_low, q_high) with 0 <= q_low < "
                             f"q_high <= 1, got {q!r}")
        return float(q[0]), float(q[1])

    def _fit_resample(self, X, y):
        dense = X.toarray() if sparse.issparse(X) else X
        finite = np.isfinite(dense).all(axis=1)
        classes, counts = np.unique(y, return_counts=True)
        self.majority_class_ = classes[np.argmax(counts)]
        n_features = dense.shape[1]
        self.lower_bounds_ = np.full(n_features, -np.inf)
        self.upper_bounds_ = np.full(n_features, np.inf)
        outlier = np.zeros(len(y), dtype=bool)
        if self.quantile_range is not None:
            q_low, q_high = self._quantiles()
            reference = finite & (y == self.majority_class_)
            if not reference.any():
                raise ValueError("the majority class has no row without NaN or inf to fit "
                                 "the quantile bounds on")
            score = np.zeros(len(y))
            for j in range(n_features):  # one column at a time keeps memory flat
                column = dense[:, j].astype(np.float64)
                low, high = np.quantile(column[reference], [q_low, q_high])
                span = high - low
                if span <= 0:  # constant majority: measure in the whole column's range
                    values = column[finite]
                    span = values.max() - values.min() if values.size else 0.0
                span = span if span > 0 else 1.0
                self.lower_bounds_[j], self.upper_bounds_[j] = low, high
                np.fmax(score, np.fmax(low - column, column - high) / span, out=score)
            outlier = finite & (score > 0)
            for label in classes[classes != self.majority_class_]:
                rows = np.flatnonzero(outlier & (y == label))
                cap = int(np.floor(self.max_minority_removed * np.sum(finite & (y == label))
                                   + 1e-9))
                if rows.size > cap:  # spare the least extreme
                    spared = rows[np.argsort(-score[rows], kind="stable")[cap:]]
                    outlier[spared] = False
        self.sample_indices_ = np.flatnonzero(finite & ~outlier)
        return (_safe_indexing(X, self.sample_indices_),
                _safe_indexing(y, self.sample_indices_))

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.input_tags.allow_nan = True
        tags.sampler_tags.sample_indices = True
        return tags


def preprocess_flows(
    X: Any, y: Any, *, inf_policy: str = "nan",
    quantile_range: tuple[float, float] | None = (0.001, 0.999),
    max_minority_removed: float = 0.1,
) -> tuple[Any, Any, Bunch]:
    """Algorithm 1 of the paper on one data set: clean rows, drop columns, scale to [0, 1].

    1. A first :class:`FlowCleaner` finds the usable columns (not entirely
       missing, not constant).
    2. :class:`OutlierRemover` removes, on those columns, rows with NaN or
       inf and outlying rows (sparing most of the minority).
    3. A final :class:`FlowCleaner` is fitted on the rows kept: it drops the
       columns that became constant and scales the rest to [0, 1].

    Use it on a training split; prepare held-out data with
    ``steps.cleaner.transform`` (which removes no row). In a pipeline, use
    the two steps instead.

    Parameters
    ----------
    X : array-like or DataFrame of shape (n_samples, n_features)
        Flows, NaN and inf allowed.
    y : array-like of shape (n_samples,)
        Labels.
    inf_policy : {"nan", "clip", "raise"}, default="nan"
        As in :class:`FlowCleaner`; with ``"nan"`` rows with inf are removed.
    quantile_range, max_minority_removed
        As in :class:`OutlierRemover`.

    Returns
    -------
    X_clean : ndarray or DataFrame of shape (n_kept, n_features_out)
        A DataFrame (named columns, original index) when X is one.
    y_clean : array-like of shape (n_kept,)
        Labels of the rows kept, same type as y.
    steps : :class:`~sklearn.utils.Bunch`
        ``cleaner``: the final fitted FlowCleaner; ``outlier_remover``: the
        fitted OutlierRemover (its bounds are in the first cleaner's scaled
        units); ``sample_indices``: positions of the rows kept.

    Examples
    --------
    >>> import numpy as np
    >>> rng = np.random.default_rng(0)
    >>> X = rng.normal(size=(1000, 3))
    >>> X[:, 2] = 7.0                      # constant column
    >>> X[0, 0], X[1, 1] = np.nan, np.inf  # rows to remove
    >>> y = (np.arange(1000) < 50).astype(int)
    >>> X_clean, y_clean, steps = preprocess_flows(X, y)
    >>> X_clean.shape, int(X_clean.min()), int(X_clean.max())
    ((994, 2), 0, 1)
    >>> np.bincount(y_clean), steps.cleaner.get_feature_names_out()
    (array([946,  48]), array(['x0', 'x1'], dtype=object))
    """
    screen = FlowCleaner(inf_policy=inf_policy).fit(X)
    remover = OutlierRemover(quantile_range=quantile_range,
                             max_minority_removed=max_minority_removed)
    remover.fit_resample(screen.transform(X), y)
    rows = remover.sample_indices_
    X_kept, y_kept = _safe_indexing(X, rows), _safe_indexing(y, rows)
    cleaner = FlowCleaner(inf_policy=inf_policy).fit(X_kept)
    X_clean = cleaner.transform(X_kept)
    if hasattr(X_kept, "columns"):
        import pandas as pd

        X_clean = pd.DataFrame(X_clean, columns=cleaner.get_feature_names_out(),
                               index=X_kept.index)
    return X_clean, y_kept, Bunch(cleaner=cleaner, outlier_remover=remover,
                                  sample_indices=rows)
