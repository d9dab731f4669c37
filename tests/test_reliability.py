"""Training that cannot silently fail, and concurrency (DESIGN.md §5)."""

import threading

import numpy as np
import pytest
from sklearn.model_selection import GridSearchCV

from skevagan import EVAGANClassifier
from skevagan._epochs import DivergenceWarning

QUICK = dict(epochs=4, steps_per_epoch=3, batch_size=32, latent_dim=8, random_state=0)


class CorruptAt:
    """Puts an inf into the discriminator after the given epoch."""

    def __init__(self, epoch):
        self.epoch = epoch

    def on_epoch_end(self, estimator, epoch, logs):
        if epoch == self.epoch:
            weights = estimator.discriminator_.get_weights()
            weights[0][0, 0] = np.inf
            estimator.discriminator_.set_weights(weights)


class InterruptAt:
    def __init__(self, epoch):
        self.epoch = epoch

    def on_epoch_end(self, estimator, epoch, logs):
        if epoch == self.epoch:
            raise KeyboardInterrupt


class Recorder:
    def __init__(self):
        self.weights = []

    def on_epoch_end(self, estimator, epoch, logs):
        self.weights.append([w.copy() for w in estimator.discriminator_.get_weights()])


def test_divergence_stops_restores_and_warns(small):
    X, y = small
    clean = EVAGANClassifier(**{**QUICK, "epochs": 2}).fit(X, y)
    with pytest.warns(DivergenceWarning, match="learning_rate"):
        clf = EVAGANClassifier(**QUICK, callbacks=[CorruptAt(1)]).fit(X, y)
    assert clf.history_["status"] == ["ok", "ok", "diverged"]
    assert not np.isfinite(clf.history_["d_loss"][-1])
    proba = clf.predict_proba(X)
    assert np.isfinite(proba).all()
    # the restored weights are those of the last finite epoch, before the corruption
    np.testing.assert_array_equal(proba, clean.predict_proba(X))


@pytest.mark.filterwarnings("ignore::skevagan._epochs.DivergenceWarning")  # diverging is allowed here, NaN is not
def test_huge_learning_rate_never_gives_nan_predictions(small):
    X, y = small
    with np.errstate(all="ignore"):
        clf = EVAGANClassifier(**QUICK, learning_rate=1e12).fit(X, y)
    assert np.isfinite(clf.predict_proba(X)).all()
    assert set(clf.history_["status"]) <= {"ok", "diverged"}


@pytest.mark.parametrize("interrupt", ["stop", "raise"])
def test_keyboard_interrupt_leaves_a_usable_model(small, interrupt):
    X, y = small
    clf = EVAGANClassifier(**QUICK, callbacks=[InterruptAt(1)], interrupt=interrupt)
    if interrupt == "raise":
        with pytest.raises(KeyboardInterrupt):
            clf.fit(X, y)
    else:
        clf.fit(X, y)
    assert clf.history_["status"] == ["ok", "interrupted"] and clf.n_iter_ == 2
    assert np.isfinite(clf.predict_proba(X)).all() and clf.sample(3).shape == (3, X.shape[1])


def test_callback_can_stop_training(small):
    X, y = small

    class StopAfterFirst:
        def on_epoch_end(self, estimator, epoch, logs):
            assert "d_loss" in logs and estimator.n_iter_ == epoch + 1
            return True

    clf = EVAGANClassifier(**QUICK, callbacks=[StopAfterFirst()]).fit(X, y)
    assert clf.history_["status"] == ["stopped by callback"]


def test_early_stopping_restores_the_best_epoch(imbalanced):
    X, y = imbalanced
    recorder = Recorder()
    clf = EVAGANClassifier(
        epochs=40, steps_per_epoch=5, batch_size=64, learning_rate=1e-3, random_state=0,
        early_stopping=True, patience=3, monitor="val_average_precision", callbacks=[recorder],
    ).fit(X, y)
    history = clf.history_
    assert history["status"][-1] == "early stopped" and clf.n_iter_ < 40
    best = int(np.argmax(history["val_average_precision"]))
    assert clf.n_iter_ == best + 1 + 3
    for restored, kept in zip(clf.discriminator_.get_weights(), recorder.weights[best]):
        np.testing.assert_array_equal(restored, kept)


def test_early_stopping_needs_a_known_monitor(small):
    X, y = small
    with pytest.raises(ValueError, match="not a history key"):
        EVAGANClassifier(**QUICK, early_stopping=True, monitor="accuracy").fit(X, y)
    with pytest.raises(ValueError, match="validation_fraction"):
        EVAGANClassifier(**QUICK, early_stopping=True, validation_fraction=0.0).fit(X, y)
    EVAGANClassifier(**QUICK, early_stopping=True, monitor="d_loss", validation_fraction=0.0).fit(X, y)


def test_two_threads_give_the_sequential_results(small):
    X, y = small
    sequential = [EVAGANClassifier(**{**QUICK, "random_state": s}).fit(X, y).predict_proba(X) for s in (0, 1)]
    results = {}

    def fit(seed):
        results[seed] = EVAGANClassifier(**{**QUICK, "random_state": seed}).fit(X, y).predict_proba(X)

    threads = [threading.Thread(target=fit, args=(s,)) for s in (0, 1)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    for seed in (0, 1):
        np.testing.assert_array_equal(results[seed], sequential[seed])


def test_grid_search_in_processes_matches_sequential(small):
    X, y = small
    grid = {"learning_rate": [2e-4, 1e-3]}
    scores = [
        GridSearchCV(EVAGANClassifier(**QUICK), grid, cv=2, n_jobs=n_jobs, scoring="roc_auc")
        .fit(X, y).cv_results_["mean_test_score"]
        for n_jobs in (1, 2)
    ]
    np.testing.assert_array_equal(scores[0], scores[1])
