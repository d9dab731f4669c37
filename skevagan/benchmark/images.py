"""The image experiment: generated minority digits per epoch snapshot, their fidelity and diversity.

On scikit-learn's 8x8 digits (0 the minority, 1 the majority) each GAN is
trained (with the convolutional networks by default), pausing at each snapshot epoch
(``warm_start``) to draw images. Fidelity is judged by a logistic
regression trained on all ten real digits.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np

from .. import metrics
from ..datasets import load_digits_pair

N_IMAGES = 500


def _judge():
    from sklearn.datasets import load_digits
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import MinMaxScaler

    digits = load_digits()
    return make_pipeline(MinMaxScaler(), LogisticRegression(max_iter=3000)).fit(digits.data, digits.target)


def run_images(
    levels: tuple[float, ...], snapshots: tuple[int, ...], *, network: str = "conv", seed: int = 0,
    cache: str | Path | None = None,
) -> tuple[list[dict], dict[tuple[str, float], list[tuple[int, np.ndarray]]]]:
    """Train EVAGAN and ACGAN on digits 0 vs 1 at each level, with image snapshots.

    Parameters
    ----------
    levels : tuple of float
        Undersampling levels of the training 0s (at least 2 are kept).
    snapshots : tuple of int
        Epochs (increasing) after which images are drawn and scored.
    network : {"conv", "dense"}, default="conv"
        The paper's image networks, or the faster tabular ones.
    seed : int, default=0
    cache : path or None
        Folder where each (GAN, level) result is stored and reused.

    Returns
    -------
    rows : list of dict
        ``gan``, ``level``, ``epochs``, ``n_train_minority``, ``fidelity``,
        ``diversity`` and ``real_diversity`` (of all 178 real 0s), per snapshot.
    grids : dict
        (GAN, level) -> [(epochs, images of shape (16, 8, 8)), ...].
    """
    from sklearn.datasets import load_digits

    from ..classifier import ACGANClassifier, EVAGANClassifier

    judge = _judge()
    digits = load_digits()
    real_diversity = metrics.diversity_score(digits.data[digits.target == 0])
    rows: list[dict] = []
    grids: dict[tuple[str, float], list[tuple[int, np.ndarray]]] = {}
    for level in levels:
        X_train, _, y_train, _ = load_digits_pair(0, 1, undersample=level, random_state=seed)
        if y_train.sum() < 2:  # the GANs need two rows, as in the benchmark's protocol
            n_minority = int(load_digits_pair(0, 1, undersample=0.0, random_state=seed)[2].sum())
            X_train, _, y_train, _ = load_digits_pair(0, 1, undersample=1 - 2 / n_minority, random_state=seed)
        for name, cls in (("EVAGAN", EVAGANClassifier), ("ACGAN", ACGANClassifier)):
            path = Path(cache) / f"{name}_{network}_{level:g}_{'-'.join(map(str, snapshots))}.npz" if cache else None
            if path is not None and path.exists():
                with np.load(path) as stored:
                    cached = "grids" in stored.files  # older caches stored one array per snapshot
                    if cached:
                        found = json.loads(str(stored["rows"]))
                        grids[(name, level)] = list(zip(snapshots, stored["grids"]))
                if cached:
                    rows.extend(found)
                    continue
            gan = cls(network=network, image_shape=(8, 8) if network == "conv" else None,
                      random_state=seed, warm_start=True)
            found, grid, done = [], [], 0
            for epochs in snapshots:
                gan.set_params(epochs=epochs - done)
                gan.fit(X_train, y_train)
                done = epochs
                images = gan.sample(N_IMAGES, random_state=seed)
                flat = images.reshape(N_IMAGES, -1)
                found.append({"gan": name, "network": network, "level": float(level), "epochs": int(epochs),
                              "n_train_minority": int(y_train.sum()),
                              "fidelity": metrics.fidelity_score(judge, flat, 0),
                              "diversity": metrics.diversity_score(flat), "real_diversity": real_diversity})
                grid.append((epochs, flat[:16].reshape(16, 8, 8)))
            rows.extend(found)
            grids[(name, level)] = grid
            if path is not None:
                path.parent.mkdir(parents=True, exist_ok=True)
                np.savez(path, rows=np.asarray(json.dumps(found)), grids=np.stack([g for _, g in grid]))
    return rows, grids
