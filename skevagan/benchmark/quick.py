"""``skevagan benchmark --quick``: the GANs against XGBoost on bundled data.

Datasets ship with scikit-learn, so nothing is downloaded: digits 0 vs 1
with 90 % of the training zeros removed (the paper's MNIST set-up, small),
and breast-cancer with malignant as the minority. Each method is fitted on
the training split and scored on the untouched test split, over a few
seeds.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator

import numpy as np
from sklearn.datasets import load_breast_cancer
from sklearn.metrics import average_precision_score, recall_score, roc_auc_score
from sklearn.model_selection import train_test_split

from ..classifier import ACGANClassifier, EVAGANClassifier
from ..datasets import load_digits_pair
from ..sampler import EVAGANSampler

METRICS = ("roc_auc", "average_precision", "minority_recall", "fit_seconds")


def _xgboost(seed: int):
    try:
        from xgboost import XGBClassifier
    except ImportError as error:  # pragma: no cover - depends on the environment
        raise ImportError(
            'The benchmark needs xgboost: pip install "skevagan[benchmark]"'
        ) from error
    return XGBClassifier(n_estimators=200, max_depth=4, learning_rate=0.1, random_state=seed, n_jobs=1)


def _pipeline(sampler, seed: int):
    from imblearn.pipeline import make_pipeline

    return make_pipeline(sampler, _xgboost(seed))


def _smote(seed: int):
    from imblearn.over_sampling import SMOTE

    return SMOTE(k_neighbors=3, random_state=seed)


METHODS: dict[str, Callable[[int], object]] = {
    "EVAGAN": lambda seed: EVAGANClassifier(random_state=seed),
    "ACGAN": lambda seed: ACGANClassifier(random_state=seed),
    "XGBoost": _xgboost,
    "SMOTE + XGBoost": lambda seed: _pipeline(_smote(seed), seed),
    "EVAGANSampler + XGBoost": lambda seed: _pipeline(EVAGANSampler(random_state=seed), seed),
}


def quick_datasets(seed: int) -> Iterator[tuple[str, tuple]]:
    """(name, (X_train, X_test, y_train, y_test)) with y = 1 for the minority."""
    yield "digits 0-vs-1, 90% of training zeros removed", load_digits_pair(
        minority=0, majority=1, undersample=0.9, random_state=seed
    )
    X, y = load_breast_cancer(return_X_y=True)
    yield "breast-cancer (malignant minority)", tuple(
        train_test_split(X, (y == 0).astype(int), test_size=0.3, stratify=y, random_state=seed)
    )


def evaluate(model, X_train, X_test, y_train, y_test) -> dict[str, float]:
    start = time.perf_counter()
    model.fit(X_train, y_train)
    seconds = time.perf_counter() - start
    scores = model.predict_proba(X_test)[:, list(model.classes_).index(1)]
    return {
        "roc_auc": roc_auc_score(y_test, scores),
        "average_precision": average_precision_score(y_test, scores),
        "minority_recall": recall_score(y_test, model.predict(X_test)),
        "fit_seconds": seconds,
    }


def run_quick(seeds=(0, 1, 2), methods=None, progress: Callable[[str], None] | None = None) -> list[dict]:
    """Score every method on every quick dataset for each seed; one dict per fit."""
    rows = []
    for seed in seeds:
        for dataset, split in quick_datasets(seed):
            for method in methods or METHODS:
                if progress:
                    progress(f"seed {seed} · {dataset} · {method}")
                scores = evaluate(METHODS[method](seed), *split)
                rows.append({"dataset": dataset, "method": method, "seed": seed, **scores})
    return rows


def summary_table(rows: list[dict]) -> str:
    """A Markdown table of mean ± std per dataset and method."""
    lines = [
        "| dataset | method | ROC-AUC | average precision | minority recall | fit seconds |",
        "|---|---|---|---|---|---|",
    ]
    keys = dict.fromkeys((r["dataset"], r["method"]) for r in rows)
    for dataset, method in keys:
        group = [r for r in rows if r["dataset"] == dataset and r["method"] == method]
        cells = []
        for metric in METRICS:
            values = np.array([r[metric] for r in group])
            cells.append(f"{values.mean():.3f} ± {values.std():.3f}" if len(values) > 1 else f"{values[0]:.3f}")
        lines.append(f"| {dataset} | {method} | " + " | ".join(cells) + " |")
    return "\n".join(lines)
