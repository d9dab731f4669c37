"""Aggregates of a results table: mean ranks, paired comparisons, wins/ties/losses."""

from __future__ import annotations

import math
from typing import Any

import numpy as np

#: Metrics where a lower value is better.
LOWER_IS_BETTER = {"fit_seconds", "predict_seconds", "attacker_evasion_rate", "own_evasion_rate",
                   "fake_minority_evasion", "real_minority_evasion", "d_loss_std", "g_loss_std",
                   "d_loss_cv", "g_loss_cv"}
UNIT = ["dataset", "level", "repeat", "fold"]
CELL = ["dataset", "level"]
#: Differences smaller than this count as ties.
TIE = 1e-3


def cell_means(frame, metric: str):
    """Fold-averaged ``metric``: index (dataset, level), one column per method."""
    return frame.pivot_table(index=CELL, columns="method", values=metric, aggfunc="mean")


def mean_ranks(frame, metric: str):
    """Mean rank of each method over (dataset, level) cells (1 is best), best first."""
    table = cell_means(frame, metric).dropna(axis=1, how="all")
    ranks = table.rank(axis=1, ascending=metric in LOWER_IS_BETTER, method="average")
    return ranks.mean().sort_values()


def paired(frame, a: str, b: str, metric: str, *, by: list[str] = UNIT) -> tuple[np.ndarray, np.ndarray]:
    """Values of ``metric`` for methods a and b aligned on ``by`` (rows where both exist)."""
    if metric not in frame:  # e.g. the GAN-only metrics of a run without GANs
        return np.array([]), np.array([])
    table = frame[frame["method"].isin([a, b])].pivot_table(index=by, columns="method", values=metric)
    if a not in table or b not in table:
        return np.array([]), np.array([])
    table = table[[a, b]].dropna()
    return table[a].to_numpy(), table[b].to_numpy()


def wilcoxon_p(x: np.ndarray, y: np.ndarray) -> float:
    """Two-sided Wilcoxon signed-rank p-value of x - y (NaN when undefined)."""
    from scipy.stats import wilcoxon

    diff = np.asarray(x) - np.asarray(y)
    if diff.size < 2 or np.allclose(diff, 0):
        return math.nan
    return float(wilcoxon(diff, zero_method="zsplit").pvalue)


def compare(frame, a: str, b: str, metric: str) -> dict[str, Any]:
    """Method a against b on ``metric``: wins/ties/losses over cells, mean difference, p over units."""
    ca, cb = paired(frame, a, b, metric, by=CELL)
    ua, ub = paired(frame, a, b, metric)
    sign = -1.0 if metric in LOWER_IS_BETTER else 1.0
    diff = sign * (ca - cb)
    return {
        "wins": int((diff > TIE).sum()), "ties": int((np.abs(diff) <= TIE).sum()), "losses": int((diff < -TIE).sum()),
        "mean_a": float(np.mean(ua)) if ua.size else math.nan,
        "mean_b": float(np.mean(ub)) if ub.size else math.nan,
        "p": wilcoxon_p(ua, ub), "n_units": int(ua.size), "n_cells": int(ca.size),
    }


def fmt(value: float, digits: int = 3) -> str:
    """A number for a Markdown table ("–" for NaN)."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    return f"{value:.{digits}f}"


def markdown_table(header: list[str], rows: list[list[str]]) -> str:
    """A GitHub Markdown table."""
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(str(c) for c in row) + " |" for row in rows]
    return "\n".join(lines)
