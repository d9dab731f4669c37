"""The epoch loop of every GAN fit: history, guards, callbacks, early stopping.

A fit never ends silently broken. A non-finite loss or weight stops
training at that step and restores the last finite weights; Ctrl-C ends
training at the current epoch and leaves a usable model; early stopping
restores the best weights. Each epoch's ``history_["status"]`` says which.
"""

from __future__ import annotations

import time
import warnings

import numpy as np
from sklearn.metrics import average_precision_score, roc_auc_score

from .training import GANTrainer

# Direction of improvement of each monitorable history key (losses: "min").
MONITOR_MODES = {
    "val_average_precision": "max",
    "val_roc_auc": "max",
    "majority_estimation": "max",
    "real_minority_evasion": "min",
    "fake_minority_evasion": "min",
    "gen_validity": "min",
}
VALIDATION_KEYS = ("val_average_precision", "val_roc_auc", "majority_estimation", "real_minority_evasion")


class DivergenceWarning(UserWarning):
    """Training produced a non-finite loss or weight and was stopped."""


def monitor_mode(monitor: str) -> str:
    return MONITOR_MODES.get(monitor, "min")


def check_monitor(monitor: str, loss_names, has_validation: bool) -> None:
    known = set(MONITOR_MODES) | set(loss_names)
    if monitor not in known:
        raise ValueError(f"monitor={monitor!r} is not a history key; choose one of {sorted(known)}.")
    if monitor in VALIDATION_KEYS and not has_validation:
        raise ValueError(f"monitor={monitor!r} needs held-out rows: set validation_fraction > 0.")


def _finite(weights) -> bool:
    return all(np.isfinite(w).all() for part in weights for w in part)


def run_epochs(estimator, trainer: GANTrainer, steps: int, validation_is_minority: np.ndarray | None) -> None:
    """Train ``estimator.epochs`` epochs into ``estimator.history_``."""
    from keras.utils import Progbar

    history = estimator.history_
    bar = Progbar(estimator.epochs, verbose=1) if estimator.verbose else None
    last_finite = trainer.weights()
    best, best_value, waited = None, None, 0
    sign = 1.0 if monitor_mode(estimator.monitor) == "min" else -1.0

    epochs_done = 0

    def record(logs: dict, status: str) -> None:
        nonlocal epochs_done
        epochs_done += 1
        for name, value in {**logs, "status": status}.items():
            history.setdefault(name, []).append(value)
        estimator.n_iter_ += 1

    try:
        for epoch in range(estimator.epochs):
            start = time.perf_counter()
            result = trainer.run_epoch(steps)
            logs = result.logs
            if result.validation_proba is not None and np.isfinite(result.validation_proba).all():
                logs["val_average_precision"] = average_precision_score(validation_is_minority, result.validation_proba)
                logs["val_roc_auc"] = roc_auc_score(validation_is_minority, result.validation_proba)
            logs["seconds"] = time.perf_counter() - start
            current = trainer.weights()
            if not (result.finite and _finite(current)):
                trainer.set_weights(last_finite)
                record(logs, "diverged")
                warnings.warn(
                    f"{type(estimator).__name__}: a loss or weight became non-finite in epoch {epoch + 1} "
                    f"(step {result.steps_run}); training stopped and the weights of the last finite epoch "
                    "were restored. Try a smaller learning_rate or a larger batch_size.",
                    DivergenceWarning,
                    stacklevel=4,
                )
                break
            last_finite = current
            record(logs, "ok")
            if bar is not None:
                bar.update(epoch + 1, values=[(k, logs[k]) for k in ("d_loss", "g_loss")], finalize=False)
            if estimator.early_stopping:
                value = sign * logs[estimator.monitor]
                if best_value is None or value < best_value:
                    best, best_value, waited = current, value, 0
                else:
                    waited += 1
                    if waited >= estimator.patience:
                        history["status"][-1] = "early stopped"
                        break
            if any(callback.on_epoch_end(estimator, epoch, logs) for callback in estimator.callbacks or ()):
                history["status"][-1] = "stopped by callback"
                break
    except KeyboardInterrupt:
        if history.get("status"):
            history["status"][-1] = "interrupted"
        if estimator.interrupt == "raise":
            raise
    finally:
        if best is not None:
            trainer.set_weights(best)
        if bar is not None:
            bar.update(epochs_done, finalize=True)
