"""Memory and time at scale, written to benchmarks/results/scale.md.

Fits EVAGANClassifier on 1,000,000 x 80 float32 rows with 0.5 % minority
(5,000 rows) and predicts on all of them, recording the peak resident
memory beyond the input array; then compares seconds per epoch with a
100,000-row run that has the same 5,000 minority rows, so that only the
majority's size changes. Two more 1,000,000-row runs: a float64 input (the
trainer keeps a float32 copy of it) and a float32 input with XLA. Each run
has its own process for a clean peak.

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


def _reset_peak() -> bool:
    """Start the peak-RSS count afresh (Linux), so that the data set-up's temporaries do not count."""
    try:
        with open("/proc/self/clear_refs", "w") as handle:
            handle.write("5")
        return True
    except OSError:
        return False


def _peak_mb(reset: bool) -> float:
    if reset:
        with open("/proc/self/status") as handle:
            return next(int(line.split()[1]) for line in handle if line.startswith("VmHWM")) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def measure(n_rows: int, epochs: int, dtype: str = "float32", jit_compile: str = "auto") -> dict:
    from skevagan import EVAGANClassifier

    rng = np.random.default_rng(0)
    warm = EVAGANClassifier(epochs=1, steps_per_epoch=1, random_state=0)
    warm.fit(rng.random((100, N_FEATURES), dtype=np.float32), np.r_[np.ones(10, int), np.zeros(90, int)])
    X = rng.random((n_rows, N_FEATURES), dtype=np.float32).astype(dtype, copy=False)
    y = np.zeros(n_rows, dtype=np.int64)
    y[rng.choice(n_rows, N_MINORITY, replace=False)] = 1
    X[y == 1] += 0.25
    jit = {"auto": "auto", "true": True, "false": False}[jit_compile]
    reset = _reset_peak()
    before = _rss_mb()
    start = time.perf_counter()
    clf = EVAGANClassifier(epochs=epochs, random_state=0, jit_compile=jit).fit(X, y)
    fit_seconds = time.perf_counter() - start
    fit_peak = _peak_mb(reset)
    start = time.perf_counter()
    proba = clf.predict_proba(X)
    predict_seconds = time.perf_counter() - start
    peak = _peak_mb(reset)
    return {
        "n_rows": n_rows,
        "dtype": dtype,
        "xla": jit_compile == "true",
        "extra_fit_peak_mb": fit_peak - before,
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
    parser.add_argument("--dtype", default="float32", choices=["float32", "float64"])
    parser.add_argument("--jit-compile", default="auto", choices=["auto", "true", "false"])
    parser.add_argument("--output", default=str(Path(__file__).parent / "results" / "scale.md"))
    args = parser.parse_args()
    if args.rows:
        print(json.dumps(measure(args.rows, args.epochs, args.dtype, args.jit_compile)))
        return
    runs = []
    for n_rows, dtype, jit in ((100_000, "float32", "auto"), (1_000_000, "float32", "auto"),
                               (1_000_000, "float64", "auto"), (100_000, "float32", "true"),
                               (1_000_000, "float32", "true")):
        out = subprocess.run([sys.executable, __file__, "--rows", str(n_rows), "--epochs", str(args.epochs),
                              "--dtype", dtype, "--jit-compile", jit], check=True, capture_output=True,
                             text=True).stdout
        runs.append(json.loads(out.strip().splitlines()[-1]))
    small, large = runs[:2]
    ratio = large["seconds_per_epoch"] / small["seconds_per_epoch"]
    lines = [
        "# Scale",
        "",
        f"Command: `python benchmarks/scale.py` — {time.strftime('%Y-%m-%d')}, 2-core CPU, "
        f"EVAGANClassifier defaults with epochs={args.epochs}, {N_FEATURES} features, "
        f"{N_MINORITY:,} minority rows in every run. Extra peak RSS: the process's peak resident memory "
        "minus its resident memory just before `fit` (input array, TensorFlow and a first fit already loaded).",
        "",
        "| rows | dtype | XLA | input MB | extra peak MB after fit | extra peak MB (fit + predict) | "
        "extra / input | s/epoch (steps) | fit s | predict_proba s |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for run in runs:
        lines.append(
            f"| {run['n_rows']:,} | {run['dtype']} | {'yes' if run['xla'] else 'no'} | {run['input_mb']:.0f} | "
            f"{run['extra_fit_peak_mb']:.0f} | {run['extra_peak_mb']:.0f} | "
            f"{run['extra_peak_mb'] / run['input_mb']:.2f}× | {run['seconds_per_epoch']:.3f} "
            f"({run['steps_per_epoch']}) | {run['fit_seconds']:.1f} | {run['predict_seconds']:.2f} |"
        )
    lines += [
        "",
        f"Seconds per epoch, 1,000,000 vs 100,000 float32 rows: **{ratio:.2f}×** (target ≤ 1.5×). "
        f"Extra memory at 1,000,000 float32 rows: **{large['extra_peak_mb'] / large['input_mb']:.2f}×** the "
        f"input array (target ≤ 1×; met: {large['extra_peak_mb'] <= large['input_mb']}). Predictions finite: "
        f"{all(run['predict_finite'] for run in runs)}.",
        "",
        "A float32, C-contiguous, writeable input is not copied: TensorFlow reads the caller's array through "
        "DLPack and the rows are scaled in the graph. The rest is index arrays (4-8 bytes a row), the "
        "TensorFlow runtime's working set, and `predict_proba`'s output and 8,192-row buffers. A float64 "
        "(or strided, or read-only) input is scaled once into a float32 copy of the training rows, half the "
        "size of a float64 array. With XLA (`jit_compile=True`, or `\"auto\"` on a GPU or for fits of 3,000 "
        f"steps or more) the compiler adds a working set that hardly depends on the data's size "
        f"({runs[3]['extra_fit_peak_mb']:.0f} MB after a fit on 100,000 rows, {runs[4]['extra_fit_peak_mb']:.0f} "
        "MB on 1,000,000): it is not a copy of the data.",
    ]
    Path(args.output).write_text("\n".join(lines) + "\n")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
