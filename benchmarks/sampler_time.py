"""EVAGANSampler.fit_resample wall time, written to benchmarks/results/sampler.md.

Breast-cancer (569 x 30, malignant minority) and a 100,000 x 40 table with
1 % minority, both with the sampler's defaults (150 epochs, batch 256,
sampling_strategy="auto"). Run: ``python benchmarks/sampler_time.py``.
"""

from __future__ import annotations

import time
from pathlib import Path

import numpy as np
from sklearn.datasets import load_breast_cancer, make_classification

from skevagan import EVAGANSampler


def timed(X, y) -> tuple[float, int, int]:
    start = time.perf_counter()
    sampler = EVAGANSampler(random_state=0)
    X_res, _ = sampler.fit_resample(X, y)
    steps = next(iter(sampler.estimators_.values())).steps_per_epoch_
    return time.perf_counter() - start, len(X_res) - len(X), steps


def main() -> None:
    EVAGANSampler(epochs=1, random_state=0).fit_resample(*make_classification(100, random_state=0))  # warm-up
    X, y = load_breast_cancer(return_X_y=True)
    cases = {"breast-cancer, 569 x 30 (212 malignant)": (X, 1 - y)}
    X, y = make_classification(n_samples=100_000, n_features=40, n_informative=10, weights=[0.99], random_state=0)
    cases[f"make_classification, 100,000 x 40 ({int(y.sum()):,} minority)"] = (X.astype(np.float32), y)
    lines = [
        "# EVAGANSampler.fit_resample time",
        "",
        f"Command: `python benchmarks/sampler_time.py` — {time.strftime('%Y-%m-%d')}, 2-core CPU, "
        "defaults (150 epochs, batch 256, sampling_strategy='auto'), after one warm-up fit in the process.",
        "",
        "| data | seconds | rows generated | steps per epoch |",
        "|---|---|---|---|",
    ]
    for name, (X, y) in cases.items():
        seconds, generated, steps = timed(X, y)
        lines.append(f"| {name} | {seconds:.1f} | {generated:,} | {steps} |")
    Path(__file__).with_name("results").joinpath("sampler.md").write_text("\n".join(lines) + "\n")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
