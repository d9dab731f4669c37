"""One benchmark task: fit a method family on a training fold and score it on the test fold.

Families and what they score:

- ``baseline``: the six classifiers with no over-sampling and with SMOTE;
- ``evagan``: one ``EVAGANSampler`` fit, whose EVAGAN is scored as a
  detector (``EVAGAN``) and whose rows over-sample the six classifiers
  (``EVAGANSampler + ...``);
- ``acgan``: the same with an ACGAN (``ACGAN``, ``ACGANSampler + ...``);
- ``acgan_balanced``: the ACGAN with class-balanced batches, as a detector.

Every method is also scored on the attacker's rows: an EVAGAN trained on
the same training fold with another seed (:func:`attack_rows`).
"""

from __future__ import annotations

import math
import time
from typing import Any

import numpy as np
from sklearn.metrics import average_precision_score, balanced_accuracy_score, f1_score, roc_auc_score

from .. import metrics
from .protocol import BenchmarkConfig, Task, Unit, make_classifier, method_name, split, unit_seed

ATTACKER_SEED_OFFSET = 500_009
#: Generated rows for the estimations and own-generator evasion when ``n_generated=0`` skips the attacker.
MIN_GENERATED = 1000


def _gan(kind: str, config: BenchmarkConfig, seed: int):
    from ..classifier import ACGANClassifier, EVAGANClassifier

    if kind == "evagan":
        return EVAGANClassifier(epochs=config.gan_epochs, random_state=seed)
    return ACGANClassifier(
        epochs=config.gan_epochs, random_state=seed,
        batch_sampling="balanced" if kind == "acgan_balanced" else "natural",
    )


def attack_rows(unit: Unit, config: BenchmarkConfig) -> np.ndarray:
    """``config.n_generated`` minority rows from an attacker EVAGAN independent of every defender."""
    X_train, _, y_train, _ = split(unit, config)
    seed = unit_seed(unit, config) + ATTACKER_SEED_OFFSET
    attacker = _gan("evagan", config, seed).fit(X_train, y_train)
    return attacker.sample(config.n_generated, random_state=seed)


def _scores(model: Any, X_test, y_test, attack: np.ndarray | None, own: np.ndarray | None) -> dict[str, float]:
    start = time.perf_counter()
    proba = metrics.minority_proba(model, X_test)
    predicted = model.predict(X_test)
    seconds = time.perf_counter() - start
    row = {
        "roc_auc": roc_auc_score(y_test, proba),
        "average_precision": average_precision_score(y_test, proba),
        "f1": f1_score(y_test, predicted, zero_division=0.0),
        "g_mean": metrics.g_mean_score(y_test, predicted),
        "balanced_accuracy": balanced_accuracy_score(y_test, predicted),
        "recall_at_1pct_fpr": metrics.recall_at_fpr(y_test, proba, max_fpr=0.01),
        "predict_seconds": seconds,
        "attacker_evasion_rate": metrics.evasion_rate(model, attack) if attack is not None else math.nan,
        "own_evasion_rate": metrics.evasion_rate(model, own) if own is not None else math.nan,
    }
    return {k: float(v) for k, v in row.items()}


def _stability(history: dict[str, list[float]]) -> dict[str, float]:
    out = {}
    for key in ("d_loss", "g_loss"):
        out[f"{key}_std"], out[f"{key}_drift"] = metrics.loss_stability(history, key)
    out["train_seconds"] = float(np.sum(history["seconds"]))
    return out


def _classifier_rows(sampler: str, X_fit, y_fit, X_test, y_test, sampler_seconds: float, seed: int,
                     config: BenchmarkConfig, attack, own) -> list[dict]:
    rows = []
    for name in config.classifiers:
        model = make_classifier(name, seed)
        start = time.perf_counter()
        model.fit(X_fit, y_fit)
        seconds = time.perf_counter() - start
        rows.append({"method": method_name(sampler, name), "sampler": sampler, "classifier": name,
                     "fit_seconds": sampler_seconds + seconds,
                     **_scores(model, X_test, y_test, attack, own)})
    return rows


def run_task(task: Task, config: BenchmarkConfig, attack: np.ndarray | None = None) -> dict:
    """Fit and score one task.

    Parameters
    ----------
    task : Task
    config : BenchmarkConfig
    attack : ndarray or None
        The attacker's generated minority rows for the task's unit
        (:func:`attack_rows`); None leaves ``attacker_evasion_rate`` NaN.

    Returns
    -------
    result : dict
        ``rows``: one dict per method with its scores; ``histories``: the
        GAN's ``history_`` per GAN method.
    """
    unit = task.unit
    X_train, X_test, y_train, y_test = split(unit, config)
    seed = unit_seed(unit, config)
    histories: dict[str, dict[str, list[float]]] = {}
    n_fake = config.n_generated or MIN_GENERATED
    if task.family == "baseline":
        from imblearn.over_sampling import SMOTE

        rows = _classifier_rows("none", X_train, y_train, X_test, y_test, 0.0, seed, config, attack, None)
        smote = SMOTE(k_neighbors=min(5, int(y_train.sum()) - 1), random_state=seed)
        start = time.perf_counter()
        X_res, y_res = smote.fit_resample(X_train, y_train)
        rows += _classifier_rows("SMOTE", X_res, y_res, X_test, y_test, time.perf_counter() - start,
                                 seed, config, attack, X_res[len(y_train):])
    elif task.family == "acgan_balanced":
        gan = _gan("acgan_balanced", config, seed)
        start = time.perf_counter()
        gan.fit(X_train, y_train)
        fit_seconds = time.perf_counter() - start
        own = gan.sample(n_fake, random_state=seed)
        rows = [{"method": "ACGAN (balanced)", "sampler": "none", "classifier": "ACGAN (balanced)",
                 "fit_seconds": fit_seconds, **_scores(gan, X_test, y_test, attack, own),
                 **metrics.estimations(gan, X_test, y_test, n_generated=n_fake, random_state=seed),
                 **_stability(gan.history_)}]
        histories["ACGAN (balanced)"] = gan.history_
    elif task.family in ("evagan", "acgan"):
        from ..sampler import EVAGANSampler

        detector, sampler_name = ("EVAGAN", "EVAGANSampler") if task.family == "evagan" else ("ACGAN", "ACGANSampler")
        sampler = EVAGANSampler(estimator=_gan(task.family, config, seed), random_state=seed)
        start = time.perf_counter()
        X_res, y_res = sampler.fit_resample(X_train, y_train)
        sampler_seconds = time.perf_counter() - start
        gan = sampler.estimators_[1]
        own = gan.sample(n_fake, random_state=seed)
        rows = [{"method": detector, "sampler": "none", "classifier": detector, "fit_seconds": sampler_seconds,
                 **_scores(gan, X_test, y_test, attack, own),
                 **metrics.estimations(gan, X_test, y_test, n_generated=n_fake, random_state=seed),
                 **_stability(gan.history_)}]
        rows += _classifier_rows(sampler_name, X_res, y_res, X_test, y_test, sampler_seconds, seed, config,
                                 attack, own)
        histories[detector] = gan.history_
    else:
        raise ValueError(f"unknown family {task.family!r}")
    context = {"dataset": unit.dataset, "level": unit.level, "repeat": unit.repeat, "fold": unit.fold,
               "n_train_minority": int(y_train.sum()), "n_train_majority": int((y_train == 0).sum()),
               "n_test_minority": int(y_test.sum()), "n_test": int(len(y_test))}
    return {"rows": [{**context, **row} for row in rows],
            "histories": {k: {n: [_plain(x) for x in v] for n, v in h.items()} for k, h in histories.items()}}


def _plain(value: Any) -> Any:
    """A JSON-ready copy of one ``history_`` entry (numbers as float, anything else as str)."""
    try:
        return float(value)
    except (TypeError, ValueError):
        return str(value)
