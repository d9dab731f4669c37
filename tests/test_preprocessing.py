"""Tests for skevagan.preprocessing: FlowCleaner, OutlierRemover and preprocess_flows."""

import numpy as np
import pandas as pd
import pytest
from _cicflowmeter_data import write_2017
from imblearn.pipeline import make_pipeline
from imblearn.utils.estimator_checks import parametrize_with_checks as imblearn_checks
from sklearn.base import BaseEstimator, ClassifierMixin
from sklearn.utils.estimator_checks import parametrize_with_checks as sklearn_checks

from skevagan import EVAGANClassifier
from skevagan.datasets import load_cicflowmeter
from skevagan.preprocessing import FlowCleaner, OutlierRemover, preprocess_flows

# Every check expected to fail, with its reason, in one place.
EXPECTED_FAILED_CHECKS = {
    "OutlierRemover": {
        "check_samplers_nan": "removing rows with NaN is the sampler's purpose, so no NaN "
                              "is left in its output",
    },
}


def _expected_failures(estimator):
    return EXPECTED_FAILED_CHECKS.get(type(estimator).__name__, {})


@sklearn_checks([FlowCleaner(), FlowCleaner(inf_policy="clip", clip=True)],
                expected_failed_checks=_expected_failures)
def test_flow_cleaner_is_a_scikit_learn_transformer(estimator, check):
    check(estimator)


@imblearn_checks([OutlierRemover()], expected_failed_checks=_expected_failures)
def test_outlier_remover_is_an_imbalanced_learn_sampler(estimator, check):
    check(estimator)


@pytest.fixture(scope="module")
def flows(tmp_path_factory):
    """The CIC-IDS2017-style fixture: 300 BENIGN, 40 Bot, Infinity and NaN in Flow Bytes/s."""
    path = write_2017(tmp_path_factory.mktemp("flows") / "flows.csv",
                      n_benign=300, n_bot=40, n_inf=3, n_nan=2)
    return load_cicflowmeter(path, as_frame=True)


# --------------------------------------------------------------------------- FlowCleaner


def test_flow_cleaner_drops_unusable_columns_and_scales_to_unit_range():
    X = pd.DataFrame({
        "a": [1.0, 3.0, 2.0, 5.0],
        "all_nan": np.nan,
        "all_inf": [np.inf, -np.inf, np.inf, np.nan],
        "constant": 7.0,
        "b": [0.0, np.inf, 10.0, np.nan],
    })
    cleaner = FlowCleaner().fit(X)
    assert cleaner.n_features_in_ == 5 and list(cleaner.feature_names_in_) == list(X.columns)
    assert cleaner.support_.tolist() == [True, False, False, False, True]
    assert cleaner.get_feature_names_out().tolist() == ["a", "b"]
    out = cleaner.transform(X)
    np.testing.assert_allclose(out[:, 0], [0.0, 0.5, 0.25, 1.0])
    np.testing.assert_allclose(out[:, 1], [0.0, np.nan, 1.0, np.nan])  # inf is missing
    np.testing.assert_allclose(cleaner.data_min_, [1.0, 0.0])
    np.testing.assert_allclose(cleaner.data_max_, [5.0, 10.0])
    kept = FlowCleaner(drop_constant=False).fit(X)
    assert kept.get_feature_names_out().tolist() == ["a", "constant", "b"]
    assert (kept.transform(X)[:, 1] == 0).all()


def test_flow_cleaner_inf_policies():
    X = np.array([[0.0, 1.0], [np.inf, 2.0], [4.0, 3.0], [-np.inf, 5.0]])
    clipped = FlowCleaner(inf_policy="clip").fit_transform(X)
    np.testing.assert_allclose(clipped[:, 0], [0.0, 1.0, 1.0, 0.0])
    with pytest.raises(ValueError, match="inf"):
        FlowCleaner(inf_policy="raise").fit(X)
    finite = FlowCleaner(inf_policy="raise").fit(X[[0, 2]])
    with pytest.raises(ValueError, match="inf"):
        finite.transform(X)


def test_flow_cleaner_missing_and_clip_policies_on_new_data():
    train = np.array([[0.0, 1.0], [10.0, 2.0], [5.0, 3.0]])
    new = np.array([[20.0, np.nan], [-10.0, 2.0]])
    keep = FlowCleaner().fit(train)
    np.testing.assert_allclose(keep.transform(new), [[2.0, np.nan], [-1.0, 0.5]])
    np.testing.assert_allclose(FlowCleaner(clip=True).fit(train).transform(new),
                               [[1.0, np.nan], [0.0, 0.5]])
    with pytest.raises(ValueError, match=r"1 row\(s\) with NaN .*first: \[0\]"):
        FlowCleaner(missing="raise").fit(train).transform(new)


def test_flow_cleaner_dtype_output_and_errors():
    X = np.array([[0.0, 1.0], [2.0, 3.0], [4.0, 9.0]], dtype=np.float32)
    assert FlowCleaner().fit_transform(X).dtype == np.float32
    frame = FlowCleaner().set_output(transform="pandas").fit_transform(
        pd.DataFrame(X, columns=["x", "y"]))
    assert list(frame.columns) == ["x", "y"]
    with pytest.raises(ValueError, match="kept no column"):
        FlowCleaner().fit(np.array([[1.0, np.nan], [1.0, np.nan]]))
    with pytest.raises(ValueError, match="inf_policy"):
        FlowCleaner(inf_policy="drop").fit(X)


# --------------------------------------------------------------------------- OutlierRemover


def test_outlier_remover_drops_non_finite_rows_and_majority_outliers():
    rng = np.random.default_rng(0)
    X = rng.uniform(size=(400, 3))
    y = np.zeros(400, dtype=int)
    y[:20] = 1
    X[25, 0], X[26, 1], X[3, 2] = 50.0, np.nan, np.inf  # majority outlier, NaN, inf minority
    remover = OutlierRemover(quantile_range=(0.01, 0.99))
    X_res, y_res = remover.fit_resample(X, y)
    kept = remover.sample_indices_
    np.testing.assert_array_equal(X_res, X[kept])
    np.testing.assert_array_equal(y_res, y[kept])
    assert not {25, 26, 3} & set(kept) and np.isfinite(X_res).all()
    assert remover.majority_class_ == 0
    majority = X[(y == 0) & np.isfinite(X).all(axis=1)]
    np.testing.assert_allclose(remover.upper_bounds_, np.quantile(majority, 0.99, axis=0))
    # each majority column loses its rows above 0.99 and below 0.01: about 2% each
    assert 400 - 3 - 3 * 2 * 4 - 1 <= len(kept) < 400 - 3
    only_finite = OutlierRemover(quantile_range=None)
    assert len(only_finite.fit_resample(X, y)[1]) == 398  # the NaN and the inf row
    assert np.isinf(only_finite.upper_bounds_).all()


def test_outlier_remover_caps_minority_removal_and_keeps_the_least_extreme():
    X = np.r_[np.linspace(0, 1, 200), 1.0 + np.arange(1, 11)].reshape(-1, 1)
    y = np.r_[np.zeros(200, int), np.ones(10, int)]  # every minority row beyond the bounds
    remover = OutlierRemover(quantile_range=(0.0, 1.0), max_minority_removed=0.3)
    _, y_res = remover.fit_resample(X, y)
    assert y_res.sum() == 7
    assert remover.sample_indices_[-7:].tolist() == list(range(200, 207))  # 3 farthest go
    none = OutlierRemover(quantile_range=(0.0, 1.0), max_minority_removed=0.0)
    assert none.fit_resample(X, y)[1].sum() == 10
    every = OutlierRemover(quantile_range=(0.0, 1.0), max_minority_removed=1.0)
    assert every.fit_resample(X, y)[1].sum() == 0


def test_outlier_remover_bounds_come_from_the_majority_only():
    X = np.r_[np.linspace(0, 1, 100), np.linspace(0, 100, 10)].reshape(-1, 1)
    y = np.r_[np.zeros(100, int), np.ones(10, int)]
    remover = OutlierRemover(quantile_range=(0.0, 1.0))
    remover.fit_resample(X, y)
    assert remover.upper_bounds_.tolist() == [1.0]


@pytest.mark.parametrize("quantile_range", [(0.9, 0.1), (0.0, 1.5), (0.1,), (0.1, "a")])
def test_outlier_remover_rejects_bad_quantile_range(quantile_range):
    X, y = np.arange(20.0).reshape(10, 2), np.r_[np.zeros(7, int), np.ones(3, int)]
    with pytest.raises(ValueError, match="quantile_range"):
        OutlierRemover(quantile_range=quantile_range).fit_resample(X, y)


class _RowCounter(ClassifierMixin, BaseEstimator):
    """Records how many rows reach it."""

    def fit(self, X, y):
        self.n_fit_rows_ = len(X)
        self.classes_ = np.unique(y)
        return self

    def predict(self, X):
        return np.zeros(len(X), dtype=int)


def test_outlier_remover_removes_rows_during_fit_only(flows):
    X, y = flows
    pipe = make_pipeline(FlowCleaner(), OutlierRemover(), _RowCounter()).fit(X, y)
    assert pipe[-1].n_fit_rows_ == len(pipe[1].sample_indices_) < len(X) - 4
    assert pipe.predict(X).shape == (len(X),)


# --------------------------------------------------------------------------- preprocess_flows


def test_preprocess_flows_runs_algorithm_1(flows):
    X, y = flows
    X_clean, y_clean, steps = preprocess_flows(X, y)
    assert isinstance(X_clean, pd.DataFrame) and X_clean.index.equals(y_clean.index)
    values = X_clean.to_numpy()
    assert np.isfinite(values).all() and values.min() == 0 and values.max() == 1
    assert values.std(axis=0).min() > 0
    assert {"Bwd PSH Flags", "Protocol"}.isdisjoint(X_clean.columns)  # constant in the data
    assert "Flow Bytes/s" in X_clean.columns
    np.testing.assert_array_equal(steps.sample_indices, steps.outlier_remover.sample_indices_)
    assert not set(range(5)) & set(steps.sample_indices)  # the Infinity/NaN rows
    assert y_clean.sum() >= int(0.9 * 40) and (y_clean == 0).sum() < 300 - 5
    np.testing.assert_allclose(steps.cleaner.transform(X.iloc[steps.sample_indices]), values)
    X_arr, y_arr, _ = preprocess_flows(X.to_numpy(), y.to_numpy())
    np.testing.assert_allclose(X_arr, values)
    np.testing.assert_array_equal(y_arr, y_clean.to_numpy())


# --------------------------------------------------------------------------- with EVAGAN


def _rows_with(X, column, value):
    new = X.iloc[-6:].copy()
    new.iloc[:3, new.columns.get_loc(column)] = value
    return new


def test_pipeline_with_evagan_fits_predicts_and_follows_the_policies(flows):
    X, y = flows
    pipe = make_pipeline(
        FlowCleaner(), OutlierRemover(),
        EVAGANClassifier(epochs=2, steps_per_epoch=2, random_state=0),
    ).fit(X, y)
    assert pipe[-1].n_features_in_ == len(pipe[0].get_feature_names_out())
    clean = X.iloc[pipe[1].sample_indices_]
    assert set(np.unique(pipe.predict(clean))) <= {0, 1}
    assert pipe.predict_proba(clean).shape == (len(clean), 2)
    # FlowCleaner's defaults: inf counts as missing, NaN is kept, the classifier refuses it
    for value in (np.inf, np.nan):
        with pytest.raises(ValueError, match="NaN"):
            pipe.predict(_rows_with(X, "Flow Bytes/s", value))

    # rows cleaned first, then complete data is required and inf is clipped
    strict = make_pipeline(
        OutlierRemover(), FlowCleaner(inf_policy="clip", missing="raise", clip=True),
        EVAGANClassifier(epochs=2, steps_per_epoch=2, random_state=0),
    ).fit(X, y)
    assert strict.predict(_rows_with(X, "Flow Bytes/s", np.inf)).shape == (6,)
    with pytest.raises(ValueError, match="missing='raise'"):
        strict.predict(_rows_with(X, "Flow Bytes/s", np.nan))
