"""Tests for skevagan.metrics."""

import doctest
import math

import numpy as np
import pytest
from sklearn.datasets import make_classification
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import cross_val_score

from skevagan import EVAGANClassifier, metrics


def test_doctests():
    failures, tried = doctest.testmod(metrics, optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    assert tried > 0 and failures == 0


def test_g_mean_and_recall_at_fpr():
    assert metrics.g_mean_score([0, 0, 1, 1], [0, 0, 1, 1]) == 1.0
    assert metrics.g_mean_score([0, 0, 1, 1], [0, 0, 0, 0]) == 0.0
    assert metrics.g_mean_score(["a", "a", "b"], ["a", "b", "b"], pos_label="b") == pytest.approx(math.sqrt(0.5))
    y = np.array([0] * 100 + [1] * 10)
    scores = np.r_[np.linspace(0, 1, 100), np.linspace(0.5, 1.1, 10)]
    # one majority row (1 %) above 0.99; minority rows above it: those > 0.99
    assert metrics.recall_at_fpr(y, scores, max_fpr=0.01) == pytest.approx(np.mean(np.linspace(0.5, 1.1, 10) > 0.98))
    assert metrics.recall_at_fpr(y, scores, max_fpr=1.0) == 1.0


def test_evasion_rate_counts_rows_predicted_as_majority():
    clf = LogisticRegression().fit([[0.0], [0.1], [1.0], [1.1]], [0, 0, 1, 1])
    assert metrics.evasion_rate(clf, np.array([[1.0], [1.2], [0.0], [-1.0]])) == 0.5
    assert metrics.evasion_rate(clf, np.array([[1.0]]), minority_class=0) == 1.0
    with pytest.raises(ValueError, match="empty"):
        metrics.evasion_rate(clf, np.empty((0, 1)))


def test_estimations_of_a_tiny_gan(small):
    X, y = small
    gan = EVAGANClassifier(epochs=2, steps_per_epoch=2, random_state=0).fit(X, y)
    first = metrics.estimations(gan, X, y, n_generated=64, random_state=1)
    assert set(first) == {"gen_validity", "fake_minority_evasion", "majority_estimation", "real_minority_evasion"}
    assert all(0.0 <= v <= 1.0 for v in first.values())
    assert metrics.estimations(gan, X, y, n_generated=64, random_state=1) == first
    p = metrics.minority_proba(gan, X, gan.minority_class_)
    assert first["majority_estimation"] == pytest.approx(np.mean(1 - p[y != gan.minority_class_]))
    only_majority = metrics.estimations(gan, X[y == 0], y[y == 0], n_generated=8, random_state=0)
    assert math.isnan(only_majority["real_minority_evasion"])


def test_loss_stability_diversity_fidelity():
    std, drift = metrics.loss_stability({"d_loss": [9.0] * 10 + [1.0, 2.0, 3.0, 4.0, 5.0]}, "d_loss", tail=1 / 3)
    assert std == pytest.approx(np.std([1, 2, 3, 4, 5])) and drift == pytest.approx(4.0)
    assert metrics.diversity_score(np.zeros((5, 3))) == 0.0
    assert math.isnan(metrics.diversity_score(np.zeros((1, 3))))
    X = np.random.default_rng(0).normal(size=(3000, 2))
    assert metrics.diversity_score(X, max_rows=200) == pytest.approx(np.sqrt(np.pi), rel=0.1)
    judge = LogisticRegression().fit([[0.0], [1.0]], [3, 7])
    assert metrics.fidelity_score(judge, [[0.9], [1.0], [0.0]], 7) == pytest.approx(2 / 3)


def test_scorers_work_in_model_selection():
    X, y = make_classification(n_samples=300, weights=[0.8], random_state=0)
    for scorer in (metrics.recall_at_fpr_scorer, metrics.g_mean_scorer):
        scores = cross_val_score(LogisticRegression(), X, y, cv=3, scoring=scorer)
        assert scores.shape == (3,) and np.all((scores >= 0) & (scores <= 1))
