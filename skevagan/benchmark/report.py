"""``summary.md``: tables of a run and the paper's claims checked against them."""

from __future__ import annotations

import math
import os
import platform
import time
from typing import Any

import numpy as np

from ..metrics import loss_stability
from .protocol import CLASSIFIERS, REFERENCE
from .runner import BenchmarkResult
from .stats import cell_means, compare, fmt, markdown_table, mean_ranks, paired, wilcoxon_p

HEADLINE = ["roc_auc", "average_precision", "f1", "g_mean", "balanced_accuracy", "recall_at_1pct_fpr",
            "attacker_evasion_rate", "own_evasion_rate", "fit_seconds"]
RANKED = ["roc_auc", "average_precision", "f1", "g_mean", "recall_at_1pct_fpr", "attacker_evasion_rate"]
ESTIMATIONS = ["gen_validity", "fake_minority_evasion", "majority_estimation", "real_minority_evasion"]
STABILITY = ["d_loss_std", "d_loss_cv", "d_loss_drift", "g_loss_std", "g_loss_cv", "g_loss_drift"]
ALPHA = 0.05


def summary_markdown(result: BenchmarkResult, command: str, images: list[dict] | None = None,
                     wall_seconds: float | None = None) -> str:
    """The whole ``summary.md`` of a run (``wall_seconds``: the whole command's, images included)."""
    frame = _with_relative_stability(result.frame(), result.histories)
    suite, cfg = result.suite, result.suite.config
    levels = {d: ", ".join(f"{x:g}" for x in lv) for d, lv in suite.datasets.items()}
    parts = [
        f"# skevagan benchmark — {suite.name} suite",
        f"Command: `{command}`\n\n{time.strftime('%Y-%m-%d')}, {os.cpu_count()} CPU cores "
        f"({platform.machine()}), {(wall_seconds or result.wall_seconds) / 60:.1f} min wall "
        "(tasks found in the cache cost nothing).",
        f"Suite: {suite.description}.\n\nProtocol: stratified {cfg.folds}-fold x {cfg.repeats}; the minority "
        "of each training fold undersampled by the level (at least 2 rows kept), the test fold untouched; "
        "scaling and over-sampling fitted inside the training fold only. GANs: "
        f"{cfg.gan_epochs} epochs, batch 256, the paper's steps-per-epoch rule, no tuning. Attacker: an "
        f"EVAGAN trained on the same training fold with another seed, {cfg.n_generated} rows. "
        "Methods are scored at their own 0.5 threshold (F1, G-mean, balanced accuracy, evasion).",
        "Data sets (undersampling levels): " + "; ".join(f"{d} ({lv})" for d, lv in levels.items()) + ".",
    ]
    if result.notes:
        parts.append("Cut for time: " + "; ".join(f"{d}: {n}" for d, n in result.notes.items()) + ".")
    parts += [_headline(frame), _losses_of_evagan(frame), _ranks(frame), _versus_reference(frame), _per_cell(frame),
              _estimations(frame), _evasion(frame), _stability(frame), _time(frame)]
    if images:
        parts.append(_images(images))
    parts.append(_claims(frame, images))
    return "\n\n".join(p for p in parts if p) + "\n"


def _with_relative_stability(frame, histories: dict[str, dict[str, list]]):
    """Add ``d_loss_cv``/``g_loss_cv``: std over mean of the last third, comparable across objectives.

    EVAGAN's D loss sums seven cross-entropies and ACGAN's four, so raw
    standard deviations are on different scales.
    """
    import pandas as pd

    from .stats import UNIT

    records = []
    for key, history in histories.items():
        dataset, level, repeat, fold, method = key.split("|")
        record = {"dataset": dataset, "level": float(level), "repeat": int(repeat), "fold": int(fold),
                  "method": method}
        for name in ("d_loss", "g_loss"):
            std, _ = loss_stability(history, name)
            tail = np.asarray(history[name][-max(2, round(len(history[name]) / 3)):], dtype=float)
            record[f"{name}_cv"] = std / abs(tail.mean()) if tail.mean() else math.nan
        records.append(record)
    if not records:
        return frame
    return frame.merge(pd.DataFrame(records), on=[*UNIT, "method"], how="left")


def _methods(frame) -> list[str]:
    return list(mean_ranks(frame, "roc_auc").index)


def _headline(frame) -> str:
    means = frame.groupby("method")[HEADLINE].mean()
    rows = [[m, *(fmt(means.loc[m, k], 2 if k == "fit_seconds" else 3) for k in HEADLINE)] for m in _methods(frame)]
    header = ["method", "ROC-AUC", "AP", "F1", "G-mean", "bal. acc.", "recall@1%FPR", "attacker evasion",
              "own-generator evasion", "fit s"]
    return ("## Headline: mean over every data set, level and fold\n\nSorted by mean ROC-AUC rank. "
            "Evasion: share of generated minority rows predicted as majority (lower is better); "
            "\"own-generator\" uses the generator the method was trained with (SMOTE's own rows for "
            "SMOTE), as the paper reports it.\n\n" + markdown_table(header, rows))


def _losses_of_evagan(frame) -> str:
    if "EVAGAN" not in set(frame["method"]):
        return ""
    lines = []
    for metric in ("roc_auc", "average_precision", "g_mean", "recall_at_1pct_fpr", "attacker_evasion_rate"):
        better = []
        for method in _methods(frame):
            if method == "EVAGAN":
                continue
            c = compare(frame, method, "EVAGAN", metric)
            if c["n_units"] and (c["mean_a"] < c["mean_b"] if metric == "attacker_evasion_rate" else
                                 c["mean_a"] > c["mean_b"]):
                star = "*" if c["p"] < ALPHA else ""
                better.append(f"{method} {fmt(c['mean_a'])}{star}")
        ev = frame.loc[frame["method"] == "EVAGAN", metric].mean()
        lines.append(f"- **{metric}** (EVAGAN {fmt(ev)}): " + (
            f"{len(better)} method{'s' * (len(better) > 1)} do{'es' * (len(better) == 1)} better on average: "
            + ", ".join(better) if better else "no method does better"))
    return ("## Where EVAGAN loses\n\nMethods whose mean beats EVAGAN's discriminator (* = Wilcoxon p < 0.05 "
            "over paired folds).\n\n" + "\n".join(lines))


def _ranks(frame) -> str:
    ranks = {k: mean_ranks(frame, k) for k in RANKED}
    rows = [[m, *(fmt(ranks[k].get(m, math.nan), 2) for k in RANKED)] for m in _methods(frame)]
    n_cells = len(cell_means(frame, "roc_auc"))
    return (f"## Mean rank per metric (1 = best, over {n_cells} data set x level cells)\n\n"
            + markdown_table(["method", *RANKED], rows))


def _versus_reference(frame) -> str:
    if REFERENCE not in set(frame["method"]):
        return ""
    rows = []
    for method in _methods(frame):
        if method == REFERENCE:
            continue
        cells = []
        for metric in ("roc_auc", "average_precision", "g_mean"):
            c = compare(frame, method, REFERENCE, metric)
            cells.append(f"{c['wins']}/{c['ties']}/{c['losses']} (p={fmt(c['p'], 3)})")
        rows.append([method, *cells])
    return (f"## Against {REFERENCE}\n\nWins/ties/losses over data set x level cells (tie: |difference| "
            f"<= 0.001), two-sided Wilcoxon signed-rank p over the paired folds.\n\n"
            + markdown_table(["method", "ROC-AUC", "AP", "G-mean"], rows))


def _per_cell(frame) -> str:
    shown = [m for m in ("EVAGAN", "ACGAN", "ACGAN (balanced)", "XGB", REFERENCE, "EVAGANSampler + XGB",
                         "ACGANSampler + XGB") if m in set(frame["method"])]
    parts = []
    for metric in ("roc_auc", "average_precision"):
        table = cell_means(frame, metric)
        rows = [[d, f"{lv:g}", *(fmt(table.loc[(d, lv)].get(m, math.nan)) for m in shown)]
                for d, lv in table.index]
        parts.append(f"### {metric} per data set and level\n\n" + markdown_table(["data set", "level", *shown], rows))
    return "## Per data set\n\n" + "\n\n".join(parts)


def _gan_rows(frame):
    return frame[frame["gen_validity"].notna()] if "gen_validity" in frame else frame.iloc[:0]


def _estimations(frame) -> str:
    gans = _gan_rows(frame)
    if gans.empty:
        return ""
    table = gans.groupby(["method", "dataset", "level"])[ESTIMATIONS].mean()
    rows = [[m, d, f"{lv:g}", *(fmt(table.loc[(m, d, lv), k]) for k in ESTIMATIONS)] for m, d, lv in table.index]
    return ("## The paper's four estimations of the GAN discriminators (test fold, DESIGN.md §7)\n\n"
            "Best values: gen_validity near 0.5 or above, fake_minority_evasion 0, majority_estimation 1, "
            "real_minority_evasion 0.\n\n" + markdown_table(["method", "data set", "level", *ESTIMATIONS], rows))


def _evasion(frame) -> str:
    table = frame.groupby("method")[["attacker_evasion_rate", "own_evasion_rate"]].mean()
    rows = [[m, fmt(table.loc[m, "attacker_evasion_rate"]), fmt(table.loc[m, "own_evasion_rate"])]
            for m in table.sort_values("attacker_evasion_rate").index]
    return ("## Evasion: independent attacker vs the defender's own generator\n\n"
            + markdown_table(["method", "attacker EVAGAN (other seed)", "own generator"], rows))


def _stability(frame) -> str:
    gans = _gan_rows(frame)
    if gans.empty or "d_loss_cv" not in gans:
        return ""
    table = gans.groupby(["method", "dataset"])[STABILITY].mean()
    rows = [[m, d, *(fmt(table.loc[(m, d), k]) for k in STABILITY)] for m, d in table.index]
    return ("## Stability over the last third of training (paper Figs 5, 7)\n\nStandard deviation, coefficient of "
            "variation (std / mean: EVAGAN's D loss sums seven cross-entropies, ACGAN's four, so only the cv "
            "compares across the two) and drift (change along a least-squares line) of the losses, mean over "
            "levels and folds.\n\n"
            + markdown_table(["method", "data set", *STABILITY], rows))


def _time(frame) -> str:
    shown = [m for m in ("EVAGAN", "ACGAN", "ACGAN (balanced)", REFERENCE) if m in set(frame["method"])]
    table = frame[frame["method"].isin(shown)].pivot_table(index="dataset", columns="method", values="fit_seconds")
    rows = [[d, *(fmt(table.loc[d].get(m, math.nan), 2) for m in shown)] for d in table.index]
    return ("## Fit time in seconds, same data and epochs (paper Fig 10)\n\n"
            + markdown_table(["data set", *shown], rows))


def _images(images: list[dict]) -> str:
    rows = [[r["gan"], r.get("network", "conv"), f"{r['level']:g}", r["epochs"], r["n_train_minority"],
             fmt(r["fidelity"]),
             fmt(r["diversity"], 2), fmt(r["real_diversity"], 2)] for r in images]
    return ("## Images: digits 0 vs 1, the generated minority digit (paper Figs 8-9)\n\nFidelity: share of "
            "generated images that a logistic regression trained on all real digits calls a 0. Diversity: mean "
            "pairwise distance of generated images, next to that of the real 0s.\n\n"
            + markdown_table(["GAN", "networks", "level", "epochs", "training 0s", "fidelity", "diversity",
                              "real diversity"], rows))


# --------------------------------------------------------------------------- claims


def _verdict(better: bool, p: float, n: int) -> str:
    if n == 0:
        return "not measurable"
    if not better:
        return "refuted"
    return "confirmed" if (not math.isnan(p) and p < ALPHA) else "not confirmed (difference not significant)"


def _claim_pair(frame, a: str, b: str, metric: str) -> tuple[str, str]:
    x, y = paired(frame, a, b, metric)
    if x.size == 0:
        return "not measurable", f"{a} or {b} not run"
    lower = metric in {"fit_seconds", "d_loss_std", "g_loss_std", "d_loss_cv", "g_loss_cv"}
    better = x.mean() < y.mean() if lower else x.mean() > y.mean()
    p = wilcoxon_p(x, y)
    c = compare(frame, a, b, metric)
    return _verdict(better, p, x.size), (f"{metric}: {a} {fmt(x.mean())} vs {b} {fmt(y.mean())}, "
                                         f"{c['wins']}/{c['ties']}/{c['losses']} cells, p={fmt(p)}, n={x.size}")


def _claims(frame, images: list[dict] | None) -> str:
    rows: list[list[str]] = []

    def add(claim: str, verdict: str, evidence: str) -> None:
        rows.append([claim, f"**{verdict}**", evidence])

    for metric in ("roc_auc", "average_precision"):
        add(f"EVAGAN's discriminator detects better than ACGAN's on imbalanced data ({metric})",
            *_claim_pair(frame, "EVAGAN", "ACGAN", metric))
    high = frame[frame["level"] >= 0.9]
    if len(high):
        add("EVAGAN beats ACGAN in the low-data regimes (undersampling >= 0.9, ROC-AUC)",
            *_claim_pair(high, "EVAGAN", "ACGAN", "roc_auc"))
    beaten, evidence = 0, []
    present = [c for c in CLASSIFIERS if c in set(frame["method"])]
    for name in present:
        x, y = paired(frame, "EVAGAN", name, "roc_auc")
        if x.size:
            beaten += int(x.mean() > y.mean() and wilcoxon_p(x, y) < ALPHA)
            evidence.append(f"{name} {fmt(y.mean())}")
    ev_mean = frame.loc[frame["method"] == "EVAGAN", "roc_auc"].mean()
    if present and "EVAGAN" in set(frame["method"]):
        verdict = "confirmed" if beaten == len(present) else "refuted"
        add("EVAGAN's discriminator outperforms the six ML classifiers (no over-sampling)", verdict,
            f"ROC-AUC EVAGAN {fmt(ev_mean)}, significantly better than {beaten} of {len(present)}: "
            + ", ".join(evidence))
    else:
        add("EVAGAN's discriminator outperforms the six ML classifiers", "not measurable", "not run")
    gans = frame[frame["method"] == "EVAGAN"]
    if len(gans) and "majority_estimation" in gans:
        maj, rme = gans["majority_estimation"].mean(), gans["real_minority_evasion"].mean()
        fme = gans["fake_minority_evasion"].mean()
        ok = maj >= 0.99 and rme <= 0.01 and fme <= 0.01
        add("EVAGAN's estimations are (near) perfect: majority 1, real and fake minority evasion 0",
            "confirmed" if ok else "refuted",
            f"majority_estimation {fmt(maj)}, real_minority_evasion {fmt(rme)}, fake_minority_evasion {fmt(fme)}"
            " (test folds; threshold: within 0.01)")
    else:
        add("EVAGAN's estimations are (near) perfect", "not measurable", "EVAGAN not run")
    evaded = [c for c in present if paired(frame, "EVAGAN", c, "attacker_evasion_rate")[0].size]
    if evaded:
        rate = {m: frame.loc[frame["method"] == m, "attacker_evasion_rate"].mean() for m in ["EVAGAN", *evaded]}
        worse = [c for c in evaded if rate[c] > rate["EVAGAN"] + 1e-3]
        add("ML classifiers are evaded by generated minority rows more than EVAGAN's discriminator "
            "(an independent attacker EVAGAN)", "confirmed" if len(worse) == len(evaded) else "refuted",
            f"EVAGAN {fmt(rate['EVAGAN'])}; " + ", ".join(f"{c} {fmt(rate[c])}" for c in evaded)
            + f"; {len(worse)} of {len(evaded)} evaded more")
    else:
        add("ML classifiers are evaded more than EVAGAN's discriminator", "not measurable", "no attacker run")
    own = frame.loc[frame["method"] == "EVAGAN", "own_evasion_rate"]
    if len(own):
        add("(as the paper measures it) EVAGAN's discriminator lets its own generator's rows pass rarely",
            "confirmed" if own.mean() <= 0.01 else "refuted", f"own-generator evasion {fmt(own.mean())}")
    for metric in ("d_loss_cv", "g_loss_cv"):
        add(f"EVAGAN trains more stably than ACGAN ({metric}: relative loss spread over the last third)",
            *_claim_pair(frame, "EVAGAN", "ACGAN", metric))
    add("EVAGAN trains faster than ACGAN (same data, epochs and batch size)",
        *_claim_pair(frame, "EVAGAN", "ACGAN", "fit_seconds"))
    add("Over-sampling with EVAGAN's generator helps XGBoost more than SMOTE does (ROC-AUC)",
        *_claim_pair(frame, "EVAGANSampler + XGB", REFERENCE, "roc_auc"))
    add("Over-sampling with EVAGAN's generator beats over-sampling with ACGAN's (XGB, ROC-AUC)",
        *_claim_pair(frame, "EVAGANSampler + XGB", "ACGANSampler + XGB", "roc_auc"))
    for claim in _image_claims(images):
        add(*claim)
    return ("## The paper's claims, checked\n\nconfirmed: better with Wilcoxon p < 0.05 over paired folds (or the "
            "stated threshold); refuted: not better on average (or the threshold missed); not measurable: "
            "not run here.\n\n" + markdown_table(["claim", "verdict", "numbers"], rows))


def _image_claims(images: list[dict] | None) -> list[tuple[str, str, str]]:
    claim = "EVAGAN generates more faithful minority images than ACGAN at high undersampling (>= 0.9)"
    collapse = "... and EVAGAN's images stay diverse (diversity at least half that of the real 0s, no mode collapse)"
    if not images:
        return [(claim, "not measurable", "image experiment not run")]
    final: dict[tuple[str, float], Any] = {}
    for r in images:
        key = (r["gan"], r["level"])
        if key not in final or r["epochs"] > final[key]["epochs"]:
            final[key] = r
    levels = [lv for lv in sorted({lv for _, lv in final if lv >= 0.9})
              if ("EVAGAN", lv) in final and ("ACGAN", lv) in final]
    if not levels:
        return [(claim, "not measurable", "no level >= 0.9 run for both GANs")]
    ev = [final[("EVAGAN", lv)] for lv in levels]
    ac = [final[("ACGAN", lv)] for lv in levels]
    better = all(e["fidelity"] > a["fidelity"] for e, a in zip(ev, ac))
    diverse = all(e["diversity"] >= 0.5 * e["real_diversity"] for e in ev)
    return [
        (claim, "confirmed (one run per level, no significance test)" if better else "refuted (one run per level)",
         "fidelity at the last epoch: " + ", ".join(
             f"level {lv:g}: EVAGAN {fmt(e['fidelity'])} vs ACGAN {fmt(a['fidelity'])}"
             for lv, e, a in zip(levels, ev, ac))),
        (collapse, "confirmed" if diverse else "refuted",
         "diversity at the last epoch: " + ", ".join(
             f"level {lv:g}: EVAGAN {fmt(e['diversity'], 1)}, ACGAN {fmt(a['diversity'], 1)}, real "
             f"{fmt(e['real_diversity'], 1)}" for lv, e, a in zip(levels, ev, ac))),
    ]
