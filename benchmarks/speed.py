"""Training-step and prediction speed, written to benchmarks/results/speed.md.

(a) a reference-style Keras loop with the same dense networks:
    ``G.predict`` + three ``D.train_on_batch`` + one combined
    ``train_on_batch`` per step, batch 256, 40 features;
(b) EVAGANClassifier's own step, timed inside ``fit`` over >= 300 steps
    (with and without XLA);
(c) ``predict_proba`` rows per second on 400,000 x 80.

Run: ``python benchmarks/speed.py`` (about 2 minutes on 2 cores).
"""

from __future__ import annotations

import argparse
import os
import platform
import time
from pathlib import Path

import numpy as np

from skevagan import EVAGANClassifier
from skevagan._tf import tf  # TensorFlow, imported quietly

import keras
from skevagan.networks import build_discriminator, build_generator

BATCH, FEATURES, LATENT = 256, 40, 100
HEADS = {"source": 1, "minority": 1, "majority": 1}


def reference_loop_ms(steps: int, rng: np.random.Generator) -> float:
    """Milliseconds per step of the predict/train_on_batch style of the public code."""
    x_min = rng.random((2000, FEATURES), dtype=np.float32)
    x_maj = rng.random((20000, FEATURES), dtype=np.float32)
    generator = build_generator("dense", n_features=FEATURES, latent_dim=LATENT, n_labels=1,
                                image_shape=None, seed=0)
    discriminator = build_discriminator("dense", n_features=FEATURES, heads=HEADS, image_shape=None, seed=1)
    bce = keras.losses.BinaryCrossentropy(from_logits=True)
    discriminator.compile(keras.optimizers.Adam(2e-4, 0.5), loss={k: bce for k in HEADS})
    discriminator.trainable = False
    z_in, label_in = generator.inputs
    heads = discriminator(generator([z_in, label_in]))
    combined = keras.Model([z_in, label_in], {"source": heads["source"], "minority": heads["minority"]})
    combined.compile(keras.optimizers.Adam(2e-4, 0.5), loss={"source": bce, "minority": bce})
    discriminator.trainable = True
    ones, zeros = np.ones((BATCH, 1), np.float32), np.zeros((BATCH, 1), np.float32)
    labels = np.zeros((BATCH, 1), np.int32)

    def step():
        z = rng.standard_normal((BATCH, LATENT), dtype=np.float32)
        fake = generator.predict([z, labels], verbose=0)
        real_min = x_min[rng.integers(0, len(x_min), BATCH)]
        real_maj = x_maj[rng.integers(0, len(x_maj), BATCH)]
        discriminator.train_on_batch(real_min, {"source": ones, "minority": ones, "majority": zeros})
        discriminator.train_on_batch(real_maj, {"source": ones, "minority": zeros, "majority": ones})
        discriminator.train_on_batch(fake, {"source": zeros, "minority": ones, "majority": zeros})
        z = rng.standard_normal((BATCH, LATENT), dtype=np.float32)
        combined.train_on_batch([z, labels], {"source": ones, "minority": ones})

    for _ in range(5):  # warm-up: traces every function once
        step()
    start = time.perf_counter()
    for _ in range(steps):
        step()
    return (time.perf_counter() - start) / steps * 1000


def estimator_step_ms(jit_compile: bool, steps_per_epoch: int, epochs: int, rng) -> float:
    """Median milliseconds per step over the epochs after the first (which traces)."""
    X = rng.random((22000, FEATURES), dtype=np.float32)
    y = np.r_[np.ones(2000, int), np.zeros(20000, int)]
    clf = EVAGANClassifier(epochs=epochs, steps_per_epoch=steps_per_epoch, jit_compile=jit_compile,
                           random_state=0).fit(X, y)
    return float(np.median(clf.history_["seconds"][1:])) / steps_per_epoch * 1000


def predict_rows_per_second(rng) -> tuple[float, float]:
    X = rng.random((400_000, 80), dtype=np.float32)
    y = (rng.random(400_000) < 0.01).astype(int)
    clf = EVAGANClassifier(epochs=1, steps_per_epoch=1, random_state=0).fit(X[:20000], y[:20000])
    clf.predict_proba(X[:10])  # trace
    timings = []
    for _ in range(3):
        start = time.perf_counter()
        clf.predict_proba(X)
        timings.append(time.perf_counter() - start)
    return len(X) / min(timings), min(timings)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reference-steps", type=int, default=100)
    parser.add_argument("--output", default=str(Path(__file__).parent / "results" / "speed.md"))
    args = parser.parse_args()
    rng = np.random.default_rng(0)
    device = "GPU" if tf.config.list_physical_devices("GPU") else "CPU"
    reference = reference_loop_ms(args.reference_steps, rng)
    xla = estimator_step_ms(True, steps_per_epoch=100, epochs=6, rng=rng)
    plain = estimator_step_ms(False, steps_per_epoch=100, epochs=6, rng=rng)
    rows_per_s, predict_s = predict_rows_per_second(rng)
    lines = [
        "# Speed",
        "",
        f"Command: `python benchmarks/speed.py` — {time.strftime('%Y-%m-%d')}, {device}, "
        f"{os.cpu_count()} cores, {platform.processor() or platform.machine()}, "
        f"TensorFlow {tf.__version__}, Keras {keras.__version__}.",
        "",
        "Dense EVAGAN networks (Table II CC), batch 256, 40 features.",
        "",
        "| what | value |",
        "|---|---|",
        f"| (a) reference-style loop (`G.predict` + 3 `D.train_on_batch` + combined), ms/step "
        f"over {args.reference_steps} steps | {reference:.1f} |",
        f"| (b) EVAGANClassifier step, XLA (`jit_compile=True`), ms/step, median of 5 epochs × 100 steps "
        f"| {xla:.2f} |",
        f"| (b') EVAGANClassifier step, no XLA, ms/step | {plain:.2f} |",
        f"| ratio (a)/(b) | **{reference / xla:.1f}×** (target ≥ 15) |",
        f"| ratio (a)/(b') | {reference / plain:.1f}× |",
        f"| (c) `predict_proba` on 400,000 × 80 float32 | {rows_per_s:,.0f} rows/s ({predict_s:.2f} s; "
        "target ≥ 500,000) |",
        "",
        "`jit_compile=\"auto\"` (the default) uses XLA on a GPU, and on a CPU when a fit runs at least "
        "3,000 steps: compiling costs a few seconds per fit.",
    ]
    Path(args.output).write_text("\n".join(lines) + "\n")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
