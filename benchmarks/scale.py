"""Memory and time at scale, written to benchmarks/results/scale.md.

Fits EVAGANClassifier on 1,000,000 x 80 float32 rows with 0.5 % minority
(5,000 rows) and predicts on all of them, recording the peak resident
memory beyond the input array; then compares seconds per epoch with a
100,000-row run that has the same 5,000 minority rows, so that only the
majority's size changes. Each size runs in its own process for a clean
peak.

Run: ``python benchmarks/scale.py`` (a few minutes on 2 cores).
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import time
from pathlib import Path

import numpy as np

N_FEATURES, N_MINORITY = 80, 5000


def _rss_mb() -> float:
    with open("/proc/self/statm") as handle:
        pages = int(handle.read().split()[1])
    return pages * resource.getpagesize() / 2**20


def measure(n_rows: int, epochs: int) -> dict:
    from skevagan import EVAGANClassifier

    rng = np.random.default_rng(0)
    warm = EVAGANClassifier(epochs=1, steps_per_epoch=1, random_state=0)
    warm.fit(rng.random((100, N_FEATURES), dtype=np.float32), np.r_[np.ones(10, int), np.zeros(90, int)])
    X = rng.random((n_rows, N_FEATURES), dtype=np.float32)
    y = np.zeros(n_rows, dtype=np.int64)
    y[rng.choice(n_rows, N_MINORITY, replace=False)] = 1
    X[y == 1] += 0.25
    before = _rss_mb()
    start = time.perf_counter()
    clf = EVAGANClassifier(epochs=epochs, random_state=0).fit(X, y)
    fit_seconds = time.perf_counter() - start
    start = time.perf_counter()
    proba = clf.predict_proba(X)
    predict_seconds = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {
        "n_rows": n_rows,
        "input_mb": X.nbytes / 2**20,
        "extra_peak_mb": peak - before,
        "fit_seconds": fit_seconds,
        "seconds_per_epoch": float(np.median(clf.history_["seconds"][1:])),
        "steps_per_epoch": clf.steps_per_epoch_,
        "predict_seconds": predict_seconds,
        "predict_finite": bool(np.isfinite(proba).all()),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, help="measure one size in this process and print JSON")
    parser.add_argument("--epochs", type=int, default=10)
    parser.add_argument("--output", default=str(Path(__file__).parent / "results" / "scale.md"))
    args = parser.parse_args()
    if args.rows:
        print(json.dumps(measure(args.rows, args.epochs)))
        return
    runs = []
    for n_rows in (100_000, 1_000_000):
        out = subprocess.run([sys.executable, __file__, "--rows", str(n_rows), "--epochs", str(args.epochs)],
                             check=True, capture_output=True, text=True).stdout
        runs.append(json.loads(out.strip().splitlines()[-1]))
    small, large = runs
    ratio = large["seconds_per_epoch"] / small["seconds_per_epoch"]
    lines = [
        "# Scale",
        "",
        f"Command: `python benchmarks/scale.py` — {time.strftime('%Y-%m-%d')}, 2-core CPU, "
        f"EVAGANClassifier defaults with epochs={args.epochs}, {N_FEATURES} float32 features, "
        f"{N_MINORITY:,} minority rows in both runs.",
        "",
        "| rows | input MB | extra peak RSS MB (fit + predict) | extra / input | s/epoch (steps) | fit s | "
        "predict_proba s |",
        "|---|---|---|---|---|---|---|",
    ]
    for run in runs:
        lines.append(
            f"| {run['n_rows']:,} | {run['input_mb']:.0f} | {run['extra_peak_mb']:.0f} | "
            f"{run['extra_peak_mb'] / run['input_mb']:.2f}× | {run['seconds_per_epoch']:.3f} "
            f"({run['steps_per_epoch']}) | {run['fit_seconds']:.1f} | {run['predict_seconds']:.2f} |"
        )
    lines += [
        "",
        f"Seconds per epoch, 1,000,000 vs 100,000 rows: **{ratio:.2f}×** (target ≤ 1.5×). "
        f"Extra memory at 1,000,000 rows: **{large['extra_peak_mb'] / large['input_mb']:.2f}×** the input "
        "array (target ≤ 1×). Predictions finite: "
        f"{small['predict_finite'] and large['predict_finite']}.",
        "",
        f"Memory target met: {large['extra_peak_mb'] <= large['input_mb']}. The extra memory is one scaled "
        "float32 copy of the training rows, shared with TensorFlow without a second copy (1×), plus index "
        "arrays, the TensorFlow runtime's working set and the prediction buffers (8,192 rows at a time). "
        "Meeting ≤ 1× would need training straight from the caller's array, scaling in the graph.",
    ]
    Path(args.output).write_text("\n".join(lines) + "\n")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
