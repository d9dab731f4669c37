"""Tests for skevagan.plotting: every figure renders to PNG without a display."""

import doctest
import sys

import numpy as np
import pytest
from matplotlib.figure import Figure

from skevagan import ACGANClassifier, EVAGANClassifier, plotting


@pytest.fixture(scope="module")
def digit_gans():
    from sklearn.datasets import load_digits

    X, y = load_digits(n_class=2, return_X_y=True)
    kw = dict(epochs=2, steps_per_epoch=2, random_state=0)
    return (EVAGANClassifier(validation_fraction=0.2, **kw).fit(X, y), ACGANClassifier(**kw).fit(X, y))


def test_doctests():
    failures, tried = doctest.testmod(plotting, optionflags=doctest.ELLIPSIS)
    assert tried > 0 and failures == 0


def _png(fig, tmp_path, name):
    assert isinstance(fig, Figure)
    path = tmp_path / f"{name}.png"
    fig.savefig(path)
    assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_history_and_images_of_fitted_gans(digit_gans, tmp_path):
    evagan, acgan = digit_gans
    fig = plotting.plot_history(evagan, title="EVAGAN")
    labels = {line.get_label() for ax in fig.axes for line in ax.lines}
    assert {"d_loss", "minority_loss", "majority_estimation", "real_minority_evasion"} <= labels
    _png(fig, tmp_path, "history")
    assert "class_loss" in {line.get_label() for line in plotting.plot_history(acgan.history_).axes[0].lines}
    for gan in digit_gans:
        _png(plotting.plot_generated_images(gan, n=9), tmp_path, "images")
    _png(plotting.plot_histories({"EVAGAN": evagan, "ACGAN": acgan.history_}), tmp_path, "histories")
    with pytest.raises(ValueError, match="history_"):
        plotting.plot_history(object())


def test_benchmark_figures(tmp_path):
    rng = np.random.default_rng(0)
    rows = [{"dataset": d, "level": lv, "fold": f, "method": m, "roc_auc": rng.uniform(), "fit_seconds": rng.uniform()}
            for d in "abcd" for lv in (0.0, 0.9) for f in range(2) for m in ("EVAGAN", "ACGAN", "SMOTE + XGB")]
    fig = plotting.plot_benchmark(rows, "roc_auc")
    assert len(fig.axes[0].get_yticklabels()) == 3
    _png(fig, tmp_path, "ranks")
    _png(plotting.plot_benchmark(rows, "fit_seconds"), tmp_path, "ranks_time")
    _png(plotting.plot_fit_times(rows), tmp_path, "times")
    grids = {"EVAGAN": [(1, np.zeros((16, 8, 8))), (2, np.ones((16, 8, 8)))], "ACGAN": [(1, np.zeros((16, 8, 8)))]}
    _png(plotting.plot_image_snapshots(grids), tmp_path, "snapshots")


def test_no_pyplot_state():
    assert "matplotlib.pyplot" not in sys.modules or not __import__("matplotlib.pyplot").pyplot.get_fignums()
