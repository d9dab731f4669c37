"""Tests for skevagan.benchmark and ``skevagan benchmark``: protocol, runner, cache, Dask, report, CLI."""

import json

import numpy as np
import pandas as pd
import pytest

from skevagan import cli
from skevagan.benchmark import make_suite, run_suite, suite_tasks, suite_units
from skevagan.benchmark import runner as runner_module
from skevagan.benchmark.images import run_images
from skevagan.benchmark.protocol import BenchmarkConfig, Unit, load_dataset, split
from skevagan.benchmark.report import summary_markdown
from skevagan.benchmark.tasks import run_task

TINY = dict(datasets=["breast_cancer"], levels=(0.9,), folds=2, gan_epochs=2, classifiers=("XGB", "LR"))
TINY_ARGV = ["benchmark", "--datasets", "breast_cancer", "--undersample", "0.9", "--folds", "2", "--epochs", "2",
             "--classifiers", "XGB,LR", "--no-images", "--quiet"]
METHODS_PER_FOLD = 4 + 3 + 3 + 1  # baseline, evagan, acgan, acgan_balanced


def test_suites():
    quick = make_suite("quick")
    assert set(quick.datasets) == {"digits_0_vs_1", "breast_cancer", "kddcup_guess_passwd_vs_satan",
                                   "kddcup_land_vs_satan"}
    assert quick.config.folds == 3 and quick.datasets["digits_0_vs_1"] == (0.0, 0.9)
    paper = make_suite("paper")
    assert paper.datasets["digits_0_vs_1"] == (0.0, 0.5, 0.9, 0.99)
    assert sum(name.startswith("kddcup") for name in paper.datasets) == 5
    custom = make_suite("paper", datasets=["iris0"], levels=(0.5,), folds=4)
    assert custom.datasets == {"iris0": (0.5,)} and custom.config.folds == 4
    assert len(suite_units(custom)) == 4 and len(suite_tasks(custom)) == 4 * 4
    assert BenchmarkConfig().key() != BenchmarkConfig(folds=3).key()
    with pytest.raises(ValueError, match="unknown suite"):
        make_suite("huge")


def test_split_undersamples_the_training_minority_only():
    config = BenchmarkConfig(folds=3)
    X, y, note = load_dataset("breast_cancer")
    assert note == "" and X.shape == (569, 30) and y.sum() == 212
    tests = []
    for fold in range(3):
        X_train, X_test, y_train, y_test = split(Unit("breast_cancer", 0.9, 0, fold), config)
        full = split(Unit("breast_cancer", 0.0, 0, fold), config)
        assert np.array_equal(X_test, full[1])  # the test fold is the same at every level
        assert y_train.sum() == round(0.1 * full[2].sum()) and (y_train == 0).sum() == (full[2] == 0).sum()
        tests.append(X_test)
    assert sum(map(len, tests)) == 569
    assert split(Unit("breast_cancer", 0.99999, 0, 0), config)[2].sum() == 2  # at least two kept
    X_cut, y_cut, note = load_dataset("breast_cancer", max_rows=100)
    assert len(y_cut) == 100 and "100 of 569" in note and abs(y_cut.mean() - y.mean()) < 0.02


def test_end_to_end_run_resume_report_and_cli(tmp_path, monkeypatch, capsys):
    """One tiny run, checked row by row, then resumed, reported and re-run through the CLI (all cached)."""
    out = tmp_path
    result = run_suite(make_suite("custom", **TINY), out, progress=False)
    _check_rows(result)
    _check_resume(out, result, monkeypatch)
    _check_summary(result)
    _check_cli(out, result, capsys)


def _check_rows(result):
    frame = result.frame()
    assert len(frame) == 2 * METHODS_PER_FOLD
    assert frame.groupby("method").size().eq(2).all()
    expected = {"EVAGAN", "ACGAN", "ACGAN (balanced)", "XGB", "SMOTE + XGB", "EVAGANSampler + LR",
                "ACGANSampler + XGB", "SMOTE + LR"}
    assert expected <= set(frame["method"])
    for column in ("roc_auc", "average_precision", "f1", "g_mean", "balanced_accuracy", "recall_at_1pct_fpr",
                   "attacker_evasion_rate"):
        assert frame[column].between(0, 1).all(), column
    gans = frame[frame["method"].isin(["EVAGAN", "ACGAN", "ACGAN (balanced)"])]
    assert gans[["gen_validity", "majority_estimation", "d_loss_std", "train_seconds"]].notna().all().all()
    assert frame.loc[frame["method"] == "XGB", "own_evasion_rate"].isna().all()
    config = BenchmarkConfig(folds=2)
    n_minority = [int(split(Unit("breast_cancer", 0.9, 0, f), config)[2].sum()) for f in (0, 1)]
    assert frame.groupby("fold")["n_train_minority"].first().tolist() == n_minority
    assert {"breast_cancer|0.9|0|0|EVAGAN", "breast_cancer|0.9|0|1|ACGAN (balanced)"} <= set(result.histories)
    assert len(result.histories["breast_cancer|0.9|0|0|EVAGAN"]["d_loss"]) == 2


def _check_resume(out, first, monkeypatch):
    cached = list((out / "cache").glob("*/tasks/*.json"))
    assert len(cached) == 2 * 4
    cached[0].unlink()  # as if interrupted before this task

    calls = []
    original = runner_module.run_task
    monkeypatch.setattr(runner_module, "run_task", lambda *a: calls.append(a[0]) or original(*a))
    monkeypatch.setattr(runner_module, "attack_rows", lambda *a: pytest.fail("attackers are cached"))
    again = run_suite(make_suite("custom", **TINY), out, progress=False)
    assert len(calls) == 1
    pd.testing.assert_frame_equal(first.frame().drop(columns=["fit_seconds", "predict_seconds", "train_seconds"]),
                                  again.frame().drop(columns=["fit_seconds", "predict_seconds", "train_seconds"]))


def _check_summary(result):
    text = summary_markdown(result, "skevagan benchmark --test")
    for heading in ("## Headline", "## Where EVAGAN loses", "## Mean rank", "## Against SMOTE + XGB",
                    "## The paper's four estimations", "## Evasion", "## Stability", "## Fit time",
                    "## The paper's claims"):
        assert heading in text
    claims = text.split("## The paper's claims", 1)[1]
    assert claims.count("**") >= 2 * 10
    assert "image experiment not run" in claims and "`skevagan benchmark --test`" in text


def _check_cli(out, result, capsys):
    argv = [*TINY_ARGV, "--output", str(out)]
    assert cli.main(argv) == 0  # every task is cached by the fixture's identical run
    frame = pd.read_csv(out / "results.csv")
    assert len(frame) == len(result.rows)
    assert "skevagan benchmark --datasets breast_cancer" in (out / "summary.md").read_text()
    figures = {p.name for p in (out / "figures").glob("*.png")}
    assert {"rank_roc_auc.png", "fit_times.png", "estimations_breast_cancer.png", "losses_breast_cancer.png"} <= figures
    assert "| EVAGAN |" in capsys.readouterr().out
    with pytest.raises(SystemExit):
        cli.main(["benchmark", "--undersample", "1.5"])


def test_dask_local_cluster_runs_the_tasks():
    distributed = pytest.importorskip("distributed")
    suite = make_suite("custom", datasets=["breast_cancer"], levels=(0.9,), folds=2, gan_epochs=2,
                       families=("baseline", "evagan"), classifiers=("LR",), n_generated=0)
    with distributed.LocalCluster(n_workers=1, threads_per_worker=1, processes=False,
                                  dashboard_address=None) as cluster, distributed.Client(cluster) as client:
        frame = run_suite(suite, None, dask=client, progress=False).frame()
    assert len(frame) == 2 * (2 + 2) and frame["attacker_evasion_rate"].isna().all()
    direct = pd.DataFrame(run_task(suite_tasks(suite)[0], suite.config)["rows"])  # evagan, fold 0
    on_dask = frame[(frame["fold"] == 0) & frame["method"].isin(direct["method"])].sort_values("method")
    direct = direct.sort_values("method")
    for column in ("roc_auc", "average_precision", "gen_validity", "own_evasion_rate"):
        np.testing.assert_allclose(on_dask[column].to_numpy(), direct[column].to_numpy(), equal_nan=True)


def test_image_experiment(tmp_path):
    rows, grids = run_images((0.9,), (1, 2), network="dense", cache=tmp_path)
    assert [(r["gan"], r["epochs"]) for r in rows] == [("EVAGAN", 1), ("EVAGAN", 2), ("ACGAN", 1), ("ACGAN", 2)]
    assert all(0 <= r["fidelity"] <= 1 and r["diversity"] > 0 and r["n_train_minority"] < 20 for r in rows)
    assert grids[("EVAGAN", 0.9)][1][1].shape == (16, 8, 8)
    again, _ = run_images((0.9,), (1, 2), network="dense", cache=tmp_path)
    assert json.dumps(again) == json.dumps(rows)
