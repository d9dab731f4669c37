"""The paper's four estimations, evasion rate, and imbalanced-learning scores.

Every function takes the minority class as the positive class. The
estimations follow DESIGN.md §7: with p(x) the model's minority
probability,

- ``gen_validity`` = mean source(G(z)) (1: the discriminator takes fakes for real),
- ``fake_minority_evasion`` = mean(1 - p(G(z))) (0 is best),
- ``majority_estimation`` = mean(1 - p(x)) over real majority rows (1 is best),
- ``real_minority_evasion`` = mean(1 - p(x)) over real minority rows (0 is best).
"""

from __future__ import annotations

from typing import Any

import numpy as np
from sklearn.metrics import confusion_matrix, make_scorer, roc_curve

__all__ = [
    "diversity_score",
    "estimations",
    "evasion_rate",
    "fidelity_score",
    "g_mean_score",
    "loss_stability",
    "minority_proba",
    "recall_at_fpr",
    "recall_at_fpr_scorer",
    "g_mean_scorer",
]


def minority_proba(clf: Any, X: Any, minority_class: Any = 1) -> np.ndarray:
    """Probability of ``minority_class`` under a fitted classifier.

    Parameters
    ----------
    clf : fitted classifier with ``predict_proba`` and ``classes_``
    X : array-like of shape (n_samples, n_features)
    minority_class : label, default=1

    Returns
    -------
    proba : ndarray of shape (n_samples,)

    Examples
    --------
    >>> import numpy as np
    >>> from sklearn.linear_model import LogisticRegression
    >>> X, y = np.array([[0.0], [1.0], [2.0], [3.0]]), np.array([0, 0, 1, 1])
    >>> clf = LogisticRegression().fit(X, y)
    >>> bool(minority_proba(clf, [[3.0]])[0] > 0.5)
    True
    """
    column = list(clf.classes_).index(minority_class)
    return np.asarray(clf.predict_proba(X))[:, column]


def g_mean_score(y_true: Any, y_pred: Any, *, pos_label: Any = 1) -> float:
    """Geometric mean of minority recall and majority recall (specificity).

    Parameters
    ----------
    y_true, y_pred : array-like of shape (n_samples,)
        Binary labels.
    pos_label : label, default=1
        The minority class.

    Returns
    -------
    score : float in [0, 1]

    Examples
    --------
    >>> g_mean_score([0, 0, 1, 1], [0, 1, 1, 1])
    0.7071...
    """
    y_true, y_pred = np.asarray(y_true) == pos_label, np.asarray(y_pred) == pos_label
    tn, fp, fn, tp = confusion_matrix(y_true, y_pred, labels=[False, True]).ravel()
    sensitivity = tp / (tp + fn) if tp + fn else 0.0
    specificity = tn / (tn + fp) if tn + fp else 0.0
    return float(np.sqrt(sensitivity * specificity))


def recall_at_fpr(y_true: Any, y_score: Any, *, max_fpr: float = 0.01, pos_label: Any = 1) -> float:
    """Highest minority recall reachable with a false-positive rate of at most ``max_fpr``.

    The operating point an analyst can afford: with 1 % of benign rows
    flagged, how many attacks are caught.

    Parameters
    ----------
    y_true : array-like of shape (n_samples,)
        Binary labels.
    y_score : array-like of shape (n_samples,)
        Scores, higher meaning more likely minority.
    max_fpr : float in [0, 1], default=0.01
    pos_label : label, default=1

    Returns
    -------
    recall : float in [0, 1]

    Examples
    --------
    >>> recall_at_fpr([0, 0, 0, 1, 1], [0.1, 0.2, 0.9, 0.8, 0.95], max_fpr=0.0)
    0.5
    """
    fpr, tpr, _ = roc_curve(y_true, y_score, pos_label=pos_label)
    return float(tpr[fpr <= max_fpr].max())


def evasion_rate(clf: Any, X_generated: Any, *, minority_class: Any = 1) -> float:
    """Share of generated minority rows that a classifier predicts as another class.

    This is how the paper compares classifiers against generated evasion
    samples. For an honest figure, generate ``X_generated`` with an attacker
    trained independently of the classifier (another seed), not with the
    defender's own generator.

    Parameters
    ----------
    clf : fitted classifier with ``predict``
    X_generated : array-like of shape (n_samples, n_features)
        Rows meant to be of the minority class.
    minority_class : label, default=1

    Returns
    -------
    rate : float in [0, 1]
        0: every generated row is caught.

    Examples
    --------
    >>> import numpy as np
    >>> from sklearn.tree import DecisionTreeClassifier
    >>> clf = DecisionTreeClassifier().fit([[0.0], [1.0]], [0, 1])
    >>> evasion_rate(clf, np.array([[0.9], [0.1], [1.2], [0.8]]))
    0.25
    """
    if len(X_generated) == 0:
        raise ValueError("X_generated is empty.")
    return float(np.mean(np.asarray(clf.predict(X_generated)) != minority_class))


def estimations(
    gan: Any, X: Any, y: Any, *, n_generated: int = 5000, random_state: Any = None
) -> dict[str, float]:
    """The paper's four estimations of a fitted GAN classifier on held-out data.

    Parameters
    ----------
    gan : fitted EVAGANClassifier or ACGANClassifier
    X : array-like of shape (n_samples, n_features)
        Real test rows.
    y : array-like of shape (n_samples,)
        Their labels, in the GAN's ``classes_``.
    n_generated : int, default=5000
        Rows drawn from the GAN's generator (of its minority class).
    random_state : int or None, default=None
        Seeds the generated rows.

    Returns
    -------
    scores : dict
        ``gen_validity``, ``fake_minority_evasion``, ``majority_estimation``,
        ``real_minority_evasion`` (NaN where ``y`` has no row of that class).

    Examples
    --------
    >>> from sklearn.datasets import make_classification
    >>> from skevagan import EVAGANClassifier
    >>> X, y = make_classification(n_samples=300, weights=[0.9], random_state=0)
    >>> gan = EVAGANClassifier(epochs=2, steps_per_epoch=2, random_state=0).fit(X, y)
    >>> sorted(estimations(gan, X, y, n_generated=50, random_state=0))
    ['fake_minority_evasion', 'gen_validity', 'majority_estimation', 'real_minority_evasion']
    """
    minority = gan.minority_class_
    fakes = gan.sample(n_generated, random_state=random_state)
    y = np.asarray(y)
    p_real = minority_proba(gan, X, minority)

    def mean_or_nan(values: np.ndarray) -> float:
        return float(values.mean()) if values.size else float("nan")

    return {
        "gen_validity": float(gan.predict_heads(fakes)["source"].mean()),
        "fake_minority_evasion": float(1.0 - minority_proba(gan, fakes, minority).mean()),
        "majority_estimation": mean_or_nan(1.0 - p_real[y != minority]),
        "real_minority_evasion": mean_or_nan(1.0 - p_real[y == minority]),
    }


def loss_stability(history: dict[str, list[float]], key: str, *, tail: float = 1 / 3) -> tuple[float, float]:
    """Standard deviation and drift of a training curve over its last part.

    Parameters
    ----------
    history : dict of str to list of float
        A GAN's ``history_``.
    key : str
        The curve, e.g. ``"d_loss"``.
    tail : float in (0, 1], default=1/3
        Share of the last epochs looked at.

    Returns
    -------
    std : float
        Standard deviation of the curve over the tail.
    drift : float
        Change over the tail along a least-squares line (slope times the
        tail's length): near 0 for a curve that has settled.

    Examples
    --------
    >>> std, drift = loss_stability({"d_loss": [5.0, 4.0, 3.0, 2.0]}, "d_loss", tail=0.5)
    >>> round(std, 3), round(drift, 3)
    (0.5, -1.0)
    """
    values = np.asarray(history[key], dtype=float)
    window = values[-max(2, int(round(tail * len(values)))):]
    if window.size < 2:
        return float("nan"), float("nan")
    slope = np.polyfit(np.arange(window.size), window, 1)[0]
    return float(window.std()), float(slope * (window.size - 1))


def fidelity_score(judge: Any, X_generated: Any, label: Any) -> float:
    """Share of generated rows that a classifier trained on real data calls ``label``.

    Parameters
    ----------
    judge : fitted classifier
        Trained on real data of every class (for digits: all ten digits).
    X_generated : array-like of shape (n_samples, n_features)
    label : label
        The class the rows were generated for.

    Returns
    -------
    fidelity : float in [0, 1]

    Examples
    --------
    >>> from sklearn.neighbors import KNeighborsClassifier
    >>> judge = KNeighborsClassifier(1).fit([[0.0], [5.0]], [0, 1])
    >>> fidelity_score(judge, [[0.2], [4.0], [0.1]], 0)
    0.666...
    """
    return float(np.mean(np.asarray(judge.predict(X_generated)) == label))


def diversity_score(X: Any, *, max_rows: int = 1000, random_state: Any = 0) -> float:
    """Mean pairwise Euclidean distance between rows (of a random subset of ``max_rows``).

    Compare the figure for generated rows with the one for real rows of the
    same class: far below means mode collapse.

    Parameters
    ----------
    X : array-like of shape (n_samples, n_features)
    max_rows : int, default=1000
    random_state : int or None, default=0

    Returns
    -------
    diversity : float

    Examples
    --------
    >>> diversity_score([[0.0, 0.0], [3.0, 4.0]])
    5.0
    """
    from sklearn.metrics import pairwise_distances

    X = np.asarray(X, dtype=float).reshape(len(X), -1)
    if len(X) > max_rows:
        X = X[np.random.default_rng(random_state).choice(len(X), max_rows, replace=False)]
    if len(X) < 2:
        return float("nan")
    distances = pairwise_distances(X)
    return float(distances[np.triu_indices(len(X), 1)].mean())


def _recall_at_1pct(y_true, y_score):
    return recall_at_fpr(y_true, y_score, max_fpr=0.01)


#: Scorer for ``GridSearchCV(scoring=...)``: recall at 1 % false-positive rate.
recall_at_fpr_scorer = make_scorer(_recall_at_1pct, response_method="predict_proba")
#: Scorer for ``GridSearchCV(scoring=...)``: G-mean of the class recalls.
g_mean_scorer = make_scorer(g_mean_score)
