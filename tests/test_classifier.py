"""Contracts of EVAGANClassifier and ACGANClassifier (DESIGN.md §3-§5)."""

import pickle
import random

import joblib
import numpy as np
import pytest
import scipy.sparse as sp
from sklearn.base import clone
from sklearn.datasets import load_digits
from sklearn.exceptions import NotFittedError
from sklearn.metrics import roc_auc_score
from sklearn.model_selection import GridSearchCV, train_test_split
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

from skevagan import ACGANClassifier, EVAGANClassifier

QUICK = dict(epochs=3, steps_per_epoch=3, batch_size=32, latent_dim=8, random_state=0)
LEARN = dict(epochs=20, steps_per_epoch=10, batch_size=64, learning_rate=1e-3, random_state=0)


def _split(X, y):
    return train_test_split(X, y, test_size=0.3, stratify=y, random_state=0)


@pytest.mark.parametrize("Estimator", [EVAGANClassifier, ACGANClassifier])
def test_same_seed_same_bits_and_no_global_rng_change(Estimator, small):
    import tensorflow as tf

    X, y = small
    np_state, py_state = np.random.get_state(), random.getstate()
    tf_state = tf.random.get_global_generator().state.numpy().copy()
    first = Estimator(**QUICK).fit(X, y).predict_proba(X)
    second = Estimator(**QUICK).fit(X, y).predict_proba(X)
    np.testing.assert_array_equal(first, second)
    assert not np.array_equal(first, Estimator(**{**QUICK, "random_state": 1}).fit(X, y).predict_proba(X))
    after = np.random.get_state()
    assert all(np.array_equal(a, b) for a, b in zip(np_state, after))
    assert random.getstate() == py_state
    np.testing.assert_array_equal(tf.random.get_global_generator().state.numpy(), tf_state)


@pytest.mark.parametrize("Estimator", [EVAGANClassifier, ACGANClassifier])
def test_pickle_joblib_clone_round_trip(Estimator, small, tmp_path):
    X, y = small
    model = Estimator(**QUICK).fit(X, y)
    expected = model.predict_proba(X)
    restored = pickle.loads(pickle.dumps(model))
    np.testing.assert_array_equal(restored.predict_proba(X), expected)
    joblib.dump(model, tmp_path / "model.joblib")
    np.testing.assert_array_equal(joblib.load(tmp_path / "model.joblib").predict_proba(X), expected)
    np.testing.assert_array_equal(restored.sample(5, random_state=3), model.sample(5, random_state=3))
    fresh = clone(model)
    assert fresh.get_params() == model.get_params() and not hasattr(fresh, "history_")


def test_grid_search_over_pipeline_in_two_processes(small):
    X, y = small
    pipe = make_pipeline(StandardScaler(), EVAGANClassifier(**QUICK))
    search = GridSearchCV(
        pipe, {"evaganclassifier__learning_rate": [2e-4, 1e-3]}, cv=2, n_jobs=2, scoring="roc_auc"
    ).fit(X, y)
    assert np.isfinite(search.cv_results_["mean_test_score"]).all()
    assert search.predict(X).shape == y.shape


def test_evagan_learns_per_row_targets(imbalanced):
    X, y = imbalanced
    X_train, X_test, y_train, y_test = _split(X, y)
    clf = EVAGANClassifier(**LEARN).fit(X_train, y_train)
    assert roc_auc_score(y_test, clf.predict_proba(X_test)[:, 1]) >= 0.9
    heads = clf.predict_heads(X_test)
    assert heads["minority"][y_test == 1].mean() - heads["minority"][y_test == 0].mean() >= 0.3


def test_evagan_random_labels_give_chance_auc(imbalanced):
    X, y = imbalanced
    y_random = np.random.default_rng(0).permutation(y)
    X_train, X_test, y_train, y_test = _split(X, y_random)
    clf = EVAGANClassifier(**LEARN).fit(X_train, y_train)
    assert abs(roc_auc_score(y_test, clf.predict_proba(X_test)[:, 1]) - 0.5) <= 0.1


def test_acgan_learns_both_samplings(imbalanced):
    X, y = imbalanced
    X_train, X_test, y_train, y_test = _split(X, y)
    for sampling in ("natural", "balanced"):
        clf = ACGANClassifier(batch_sampling=sampling, **LEARN).fit(X_train, y_train)
        assert roc_auc_score(y_test, clf.predict_proba(X_test)[:, 1]) >= 0.85, sampling


def test_acgan_multiclass_and_sampling_a_class():
    X, y = load_digits(n_class=3, return_X_y=True)
    clf = ACGANClassifier(**{**LEARN, "epochs": 10}).fit(X, y)
    proba = clf.predict_proba(X)
    assert proba.shape == (len(X), 3)
    np.testing.assert_allclose(proba.sum(axis=1), 1.0)
    assert (clf.predict(X) == y).mean() > 0.8
    assert clf.sample(7, y=2).shape == (7, 64)
    assert clf.sample(3, y=[0, 1, 2]).shape == (3, 64)
    with pytest.raises(ValueError, match="not classes"):
        clf.sample(2, y=9)


def test_labels_of_any_type_and_minority_class():
    X, y = load_digits(n_class=2, return_X_y=True)
    labels = np.where(y == 1, "attack", "normal")
    clf = EVAGANClassifier(**QUICK, minority_class="normal").fit(X, labels)
    assert clf.minority_class_ == "normal"
    assert list(clf.classes_) == ["attack", "normal"]
    assert set(clf.predict(X)) <= {"attack", "normal"}
    # decision_function is the log-odds of classes_[1]
    scores, proba = clf.decision_function(X), clf.predict_proba(X)
    np.testing.assert_allclose(1 / (1 + np.exp(-scores)), proba[:, 1], rtol=1e-6)


def test_sample_in_caller_scale_within_training_range(imbalanced):
    X, y = imbalanced
    X = X * np.arange(1, 11) * 100.0 + 5000.0  # far from [0, 1]
    clf = EVAGANClassifier(**LEARN).fit(X, y)
    fake = clf.sample(500, random_state=0)
    assert fake.shape == (500, X.shape[1]) and np.isfinite(fake).all()
    assert (fake >= X.min(axis=0)).all() and (fake <= X.max(axis=0)).all()
    np.testing.assert_array_equal(fake, clf.sample(500, random_state=0))
    # generated rows resemble the minority more than the majority
    def gap(group):
        return np.abs(fake.mean(axis=0) - group.mean(axis=0)).sum()
    assert gap(X[y == 1]) < gap(X[y == 0])


def test_history_records_losses_and_estimations(small):
    X, y = small
    clf = EVAGANClassifier(**QUICK, validation_fraction=0.2).fit(X, y)
    for key in ("d_loss", "g_loss", "source_loss", "minority_loss", "majority_loss", "gen_validity",
                "fake_minority_evasion", "majority_estimation", "real_minority_evasion", "seconds"):
        assert len(clf.history_[key]) == QUICK["epochs"], key
        assert np.isfinite(clf.history_[key]).all(), key
    assert clf.n_iter_ == QUICK["epochs"]
    assert "majority_estimation" not in EVAGANClassifier(**QUICK).fit(X, y).history_


def test_warm_start_continues(small):
    X, y = small
    clf = EVAGANClassifier(**QUICK, warm_start=True).fit(X, y)
    weights = [w.copy() for w in clf.discriminator_.get_weights()]
    clf.fit(X, y)
    assert clf.n_iter_ == 2 * QUICK["epochs"] and len(clf.history_["d_loss"]) == 2 * QUICK["epochs"]
    assert any(not np.array_equal(a, b) for a, b in zip(weights, clf.discriminator_.get_weights()))


def test_verbose_zero_is_silent_and_one_shows_progress(small, capfd):
    X, y = small
    EVAGANClassifier(**QUICK).fit(X, y).predict(X)
    out, err = capfd.readouterr()
    assert out == "" and err == ""
    EVAGANClassifier(**QUICK, verbose=1).fit(X, y)
    out, _ = capfd.readouterr()
    assert "d_loss" in out and "g_loss" in out


def test_device_choice(small):
    X, y = small
    EVAGANClassifier(**QUICK, device="cpu").fit(X, y)
    import tensorflow as tf

    if not tf.config.list_physical_devices("GPU"):
        with pytest.raises(ValueError, match="GPU"):
            EVAGANClassifier(**QUICK, device="gpu").fit(X, y)
    with pytest.raises(ValueError, match="device"):
        EVAGANClassifier(**QUICK, device="tpu").fit(X, y)


@pytest.mark.parametrize("as_images", [False, True])
def test_conv_network_on_digit_images(as_images):
    X, y = load_digits(n_class=2, return_X_y=True)
    images = X.reshape(-1, 8, 8) if as_images else X
    kwargs = {} if as_images else {"image_shape": (8, 8)}
    clf = EVAGANClassifier(network="conv", **QUICK, **kwargs).fit(images, y)
    assert clf.image_shape_ == (8, 8, 1)
    assert clf.predict_proba(images).shape == (len(X), 2)
    fake = clf.sample(4)
    assert fake.shape == (4, 64) and (fake >= X.min()).all() and (fake <= X.max()).all()
    with pytest.raises(ValueError, match="image_shape"):
        EVAGANClassifier(network="conv", **QUICK).fit(X, y)


def _bad_inputs():
    X, y = load_digits(n_class=2, return_X_y=True)
    with_nan = X.copy()
    with_nan[3, 4] = np.nan
    with_inf = X.copy()
    with_inf[0, 0] = np.inf
    one_minority = y.copy()
    one_minority[:] = 0
    one_minority[5] = 1
    three_classes = y.copy()
    three_classes[:30] = 2
    return {
        "nan": (with_nan, y, ValueError, "NaN"),
        "inf": (with_inf, y, ValueError, "infinity"),
        "one class": (X, np.zeros_like(y), ValueError, "one class"),
        "one minority row": (X, one_minority, ValueError, "at least 2 rows"),
        "sparse": (sp.csr_matrix(X), y, TypeError, "[Ss]parse"),
        "three classes": (X, three_classes, ValueError, "EVAGANSampler"),
    }


@pytest.mark.parametrize("case", sorted(_bad_inputs()))
def test_bad_input_is_refused_and_changes_nothing(case):
    X_good, y_good = load_digits(n_class=2, return_X_y=True)
    clf = EVAGANClassifier(**QUICK).fit(X_good, y_good)
    before = clf.predict_proba(X_good)
    X, y, error, message = _bad_inputs()[case]
    with pytest.raises(error, match=message):
        clf.fit(X, y)
    np.testing.assert_array_equal(clf.predict_proba(X_good), before)
    assert clf.n_features_in_ == 64


def test_predict_errors():
    X, y = load_digits(n_class=2, return_X_y=True)
    with pytest.raises(NotFittedError):
        EVAGANClassifier().predict(X)
    with pytest.raises(NotFittedError):
        EVAGANClassifier().sample(3)
    clf = EVAGANClassifier(**QUICK).fit(X, y)
    with pytest.raises(ValueError, match="features"):
        clf.predict(X[:, :10])
    with pytest.raises(ValueError, match="n_samples"):
        clf.sample(-1)
