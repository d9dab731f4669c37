"""Contracts of EVAGANSampler (DESIGN.md §6)."""

from collections import Counter

import numpy as np
import pandas as pd
import pytest
from imblearn.pipeline import make_pipeline
from imblearn.utils.estimator_checks import parametrize_with_checks
from sklearn.datasets import load_breast_cancer, make_classification
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import average_precision_score
from sklearn.model_selection import GridSearchCV, train_test_split
from sklearn.preprocessing import StandardScaler
from xgboost import XGBClassifier

from skevagan import ACGANClassifier, EVAGANClassifier, EVAGANSampler

FAST = dict(epochs=3, batch_size=32, latent_dim=8, random_state=0)
EXPECTED_FAILURES: dict = {}  # every expected failure of imbalanced-learn's checks, with its reason


@parametrize_with_checks([EVAGANSampler(**FAST)], expected_failed_checks=lambda e: EXPECTED_FAILURES)
def test_imblearn_sampler_contract(estimator, check):
    check(estimator)


@pytest.fixture(scope="module")
def three_classes():
    return make_classification(
        n_samples=300, n_features=5, n_informative=3, n_classes=3, weights=[0.7, 0.2, 0.1], random_state=0
    )


def test_originals_first_bitwise_then_generated(three_classes):
    X, y = three_classes
    X = X.astype(np.float32)
    y = y.astype(np.int32)
    sampler = EVAGANSampler(**FAST)
    X_res, y_res = sampler.fit_resample(X, y)
    np.testing.assert_array_equal(X_res[: len(X)], X)
    np.testing.assert_array_equal(y_res[: len(y)], y)
    assert X_res.dtype == np.float32 and y_res.dtype == np.int32
    assert Counter(y_res.tolist()) == {0: 210, 1: 210, 2: 210}
    assert set(sampler.estimators_) == {1, 2}  # one EVAGAN per grown class
    assert all(isinstance(e, EVAGANClassifier) for e in sampler.estimators_.values())
    assert sampler.estimators_[2].minority_class_ == 2
    assert not hasattr(sampler, "sample_indices_")


def test_same_seed_same_output(three_classes):
    X, y = three_classes
    first = EVAGANSampler(**FAST).fit_resample(X, y)
    second = EVAGANSampler(**FAST).fit_resample(X, y)
    for a, b in zip(first, second):
        np.testing.assert_array_equal(a, b)


@pytest.mark.parametrize(
    "strategy, minority_after",
    [
        (0.5, lambda n_major, n_minor: int(0.5 * n_major)),
        ("minority", lambda n_major, n_minor: n_major),
        ({1: 150}, lambda n_major, n_minor: 150),
        (lambda y: {1: int((y == 1).sum()) + 7}, lambda n_major, n_minor: n_minor + 7),
    ],
)
def test_sampling_strategy_forms(strategy, minority_after):
    X, y = make_classification(n_samples=300, weights=[0.7], random_state=0)
    n_major, n_minor = np.bincount(y)
    _, y_res = EVAGANSampler(sampling_strategy=strategy, **FAST).fit_resample(X, y)
    assert Counter(y_res.tolist()) == {0: n_major, 1: minority_after(n_major, n_minor)}


def test_pandas_in_pandas_out():
    X, y = make_classification(n_samples=200, n_features=4, weights=[0.8], random_state=0)
    frame = pd.DataFrame(X, columns=["bytes", "packets", "duration", "flags"])
    series = pd.Series(y, name="label")
    X_res, y_res = EVAGANSampler(**FAST).fit_resample(frame, series)
    assert isinstance(X_res, pd.DataFrame) and list(X_res.columns) == list(frame.columns)
    assert isinstance(y_res, pd.Series) and y_res.name == "label"
    pd.testing.assert_frame_equal(X_res.iloc[: len(frame)], frame)


def test_acgan_estimator_generates_each_class(three_classes):
    X, y = three_classes
    acgan = ACGANClassifier(**FAST)
    sampler = EVAGANSampler(estimator=acgan, random_state=0)
    _, y_res = sampler.fit_resample(X, y)
    assert Counter(y_res.tolist()) == {0: 210, 1: 210, 2: 210}
    assert sampler.estimators_[1] is sampler.estimators_[2]
    assert not hasattr(acgan, "history_")  # the given estimator is cloned, never fitted


def test_filter_fakes_keeps_count_and_most_real_rows():
    X, y = make_classification(n_samples=300, weights=[0.8], random_state=0)
    plain = EVAGANSampler(**FAST)
    filtered = EVAGANSampler(filter_fakes=0.25, **FAST)
    X_plain, y_plain = plain.fit_resample(X, y)
    X_filtered, y_filtered = filtered.fit_resample(X, y)
    np.testing.assert_array_equal(y_plain, y_filtered)
    generator = filtered.estimators_[1]
    kept = generator.predict_heads(X_filtered[len(X):])["source"]
    unfiltered = generator.predict_heads(X_plain[len(X):])["source"]
    assert kept.mean() > unfiltered.mean()


@pytest.mark.parametrize(
    "strategy, y_change, message",
    [
        (0.5, None, "multi-class"),
        ({1: 5}, None, "number of samples"),
        ("auto", "single row", "at least 2 rows"),
    ],
)
def test_bad_input_is_refused(three_classes, strategy, y_change, message):
    X, y = three_classes
    y = y.copy()
    if y_change == "single row":
        y[y == 2] = 0
        y[0] = 2
    sampler = EVAGANSampler(sampling_strategy=strategy, **FAST)
    with pytest.raises(ValueError, match=message):
        sampler.fit_resample(X, y)
    assert not hasattr(sampler, "estimators_")


def test_grid_search_over_imblearn_pipeline_resamples_only_in_fit(monkeypatch):
    X, y = make_classification(n_samples=240, n_features=6, weights=[0.85], random_state=0)
    pipe = make_pipeline(StandardScaler(), EVAGANSampler(**FAST), XGBClassifier(n_estimators=20))
    grid = {"evagansampler__epochs": [2, 4], "evagansampler__sampling_strategy": [0.5, 1.0]}
    search = GridSearchCV(pipe, grid, cv=3, n_jobs=2, scoring="average_precision").fit(X, y)
    assert np.isfinite(search.cv_results_["mean_test_score"]).all()
    calls = []
    monkeypatch.setattr(EVAGANSampler, "_fit_resample", lambda self, X, y: calls.append(1))
    assert search.predict(X).shape == y.shape and search.predict_proba(X).shape == (len(X), 2)
    assert calls == []


def test_breast_cancer_with_20_malignant_rows_is_not_broken():
    X, y = load_breast_cancer(return_X_y=True)
    y = (y == 0).astype(int)  # malignant = 1, the minority
    X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.4, stratify=y, random_state=0)
    keep = np.flatnonzero(y_train == 0).tolist() + np.flatnonzero(y_train == 1)[:20].tolist()
    X_train, y_train = X_train[keep], y_train[keep]

    def score(*steps):
        model = make_pipeline(StandardScaler(), *steps, LogisticRegression(max_iter=2000))
        return average_precision_score(y_test, model.fit(X_train, y_train).predict_proba(X_test)[:, 1])

    plain = score()
    oversampled = score(EVAGANSampler(epochs=30, batch_size=64, random_state=0))
    assert oversampled >= plain - 0.05, (oversampled, plain)
