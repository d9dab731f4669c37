"""Figures of training curves, generated images and benchmark results (matplotlib, Agg).

Every function returns a :class:`matplotlib.figure.Figure` and never opens
a window; save it with ``fig.savefig(path)``.
"""

from __future__ import annotations

from typing import Any

import numpy as np

__all__ = ["plot_benchmark", "plot_fit_times", "plot_generated_images", "plot_histories", "plot_history",
           "plot_image_snapshots"]

LOSSES = ("d_loss", "g_loss", "source_loss", "minority_loss", "majority_loss", "class_loss")
ESTIMATIONS = ("gen_validity", "fake_minority_evasion", "majority_estimation", "real_minority_evasion")


def _figure(nrows: int = 1, ncols: int = 1, **kwargs):
    from matplotlib.figure import Figure

    # A bare Figure uses the Agg canvas: no display, no global pyplot state.
    fig = Figure(**kwargs)
    axes = fig.subplots(nrows, ncols, squeeze=False)
    return fig, axes


def _history_of(source: Any) -> dict[str, list]:
    history = source if isinstance(source, dict) else getattr(source, "history_", None)
    if history is None:
        raise ValueError("expected a fitted GAN (with history_) or a history_ dict")
    return history


def _numeric(values: list) -> bool:
    return len(values) > 0 and all(isinstance(v, (int, float, np.floating)) for v in values)


def plot_history(gan: Any, *, title: str | None = None):
    """Losses and the paper's estimations per epoch of one GAN fit (paper Figs 4-7).

    Parameters
    ----------
    gan : fitted EVAGANClassifier or ACGANClassifier, or its ``history_`` dict
    title : str, default=None

    Returns
    -------
    fig : matplotlib.figure.Figure
        Left: the losses; right: the estimations recorded.

    Examples
    --------
    >>> fig = plot_history({"d_loss": [2.0, 1.5, 1.2], "g_loss": [0.9, 1.0, 1.1],
    ...                     "gen_validity": [0.2, 0.4, 0.5]})
    >>> [ax.get_title() for ax in fig.axes]
    ['losses', 'estimations']
    """
    history = _history_of(gan)
    fig, axes = _figure(1, 2, figsize=(10, 3.6), layout="constrained")
    for ax, keys, name in ((axes[0, 0], LOSSES, "losses"), (axes[0, 1], ESTIMATIONS, "estimations")):
        for key in keys:
            if key in history and _numeric(history[key]):
                ax.plot(np.arange(1, len(history[key]) + 1), history[key], label=key)
        ax.set_title(name)
        ax.set_xlabel("epoch")
        if ax.lines:
            ax.legend(fontsize=7)
    axes[0, 1].set_ylim(-0.05, 1.05)
    if title:
        fig.suptitle(title)
    return fig


def plot_histories(histories: dict[str, Any], keys: tuple[str, ...] = ESTIMATIONS, *, title: str | None = None):
    """Curves of several fits side by side, one panel per key (e.g. EVAGAN vs ACGAN per level).

    Parameters
    ----------
    histories : dict of str to history_ dict (or fitted GAN)
        Label -> history.
    keys : tuple of str, default=the four estimations
    title : str, default=None

    Returns
    -------
    fig : matplotlib.figure.Figure

    Examples
    --------
    >>> fig = plot_histories({"EVAGAN": {"d_loss": [1.0, 0.5]}, "ACGAN": {"d_loss": [2.0, 1.0]}},
    ...                      keys=("d_loss",))
    >>> len(fig.axes[0].lines)
    2
    """
    fig, axes = _figure(1, len(keys), figsize=(3.4 * len(keys), 3.2), layout="constrained")
    for ax, key in zip(axes[0], keys):
        for label, source in histories.items():
            history = _history_of(source)
            if key in history and _numeric(history[key]):
                ax.plot(np.arange(1, len(history[key]) + 1), history[key], label=label, lw=1)
        ax.set_title(key, fontsize=9)
        ax.set_xlabel("epoch")
    if axes[0, 0].lines:
        axes[0, 0].legend(fontsize=7)
    if title:
        fig.suptitle(title)
    return fig


def _grid(images: np.ndarray, ax, ncols: int) -> None:
    n = len(images)
    nrows = -(-n // ncols)
    h, w = images.shape[1:3]
    canvas = np.full((nrows * (h + 1), ncols * (w + 1)), np.nan)
    for i, image in enumerate(images):
        r, c = divmod(i, ncols)
        canvas[r * (h + 1): r * (h + 1) + h, c * (w + 1): c * (w + 1) + w] = image
    ax.imshow(canvas, cmap="gray_r", interpolation="nearest")
    ax.set_axis_off()


def plot_generated_images(gan: Any, n: int = 16, *, image_shape: tuple[int, int] | None = None,
                          random_state: Any = 0, title: str | None = None):
    """A grid of ``n`` images from a fitted GAN's generator (its minority class).

    Parameters
    ----------
    gan : fitted EVAGANClassifier or ACGANClassifier
    n : int, default=16
    image_shape : (h, w), default=None
        None uses the GAN's ``image_shape_``, else a square image.
    random_state : int or None, default=0
    title : str, default=None

    Returns
    -------
    fig : matplotlib.figure.Figure

    Examples
    --------
    >>> from sklearn.datasets import load_digits
    >>> from skevagan import EVAGANClassifier
    >>> X, y = load_digits(n_class=2, return_X_y=True)
    >>> gan = EVAGANClassifier(epochs=1, steps_per_epoch=1, random_state=0).fit(X, y)
    >>> fig = plot_generated_images(gan, n=4)
    >>> fig.axes[0].images[0].get_array().shape
    (18, 18)
    """
    images = np.asarray(gan.sample(n, random_state=random_state))
    shape = image_shape or (getattr(gan, "image_shape_", None) or ())[:2]
    if not shape:
        side = int(round(np.sqrt(images[0].size)))
        shape = (side, side)
    fig, axes = _figure(figsize=(4, 4))
    _grid(images.reshape(n, *shape), axes[0, 0], ncols=int(np.ceil(np.sqrt(n))))
    if title:
        axes[0, 0].set_title(title)
    return fig


def plot_image_snapshots(grids: dict[str, list[tuple[int, np.ndarray]]], *, title: str | None = None):
    """Generated images per epoch snapshot, one row per GAN (paper Figs 8-9).

    Parameters
    ----------
    grids : dict of str to list of (epochs, images of shape (k, h, w))
    title : str, default=None

    Returns
    -------
    fig : matplotlib.figure.Figure

    Examples
    --------
    >>> import numpy as np
    >>> fig = plot_image_snapshots({"EVAGAN": [(10, np.zeros((4, 8, 8))), (20, np.ones((4, 8, 8)))]})
    >>> [ax.get_title() for ax in fig.axes]
    ['EVAGAN, epoch 10', 'EVAGAN, epoch 20']
    """
    ncols = max(len(v) for v in grids.values())
    fig, axes = _figure(len(grids), ncols, figsize=(2.4 * ncols, 2.6 * len(grids)), layout="constrained")
    for row, (label, snaps) in zip(axes, grids.items()):
        for ax, (epochs, images) in zip(row, snaps):
            _grid(np.asarray(images), ax, ncols=int(np.ceil(np.sqrt(len(images)))))
            ax.set_title(f"{label}, epoch {epochs}", fontsize=9)
        for ax in row[len(snaps):]:
            ax.set_axis_off()
    if title:
        fig.suptitle(title)
    return fig


def _frame(results: Any):
    import pandas as pd

    return results if isinstance(results, pd.DataFrame) else pd.DataFrame(list(results))


def plot_benchmark(results: Any, metric: str = "roc_auc", *, alpha: float = 0.05, title: str | None = None):
    """Mean rank of every method over (data set, level) cells, with the Nemenyi critical difference.

    Parameters
    ----------
    results : DataFrame or iterable of dict
        Rows with ``dataset``, ``level``, ``method`` and ``metric`` (the
        benchmark's ``results.csv``).
    metric : str, default="roc_auc"
    alpha : float, default=0.05
        Level of the critical difference.
    title : str, default=None

    Returns
    -------
    fig : matplotlib.figure.Figure
        Methods whose mean ranks differ by less than the bar drawn are not
        significantly different (Nemenyi test after Friedman, Demšar 2006).
        GAN-based methods are drawn in red.

    Examples
    --------
    >>> rows = [{"dataset": d, "level": 0.0, "method": m, "roc_auc": s}
    ...         for d in "abc" for m, s in (("A", 0.9), ("B", 0.8))]
    >>> fig = plot_benchmark(rows)
    >>> [t.get_text() for t in fig.axes[0].get_yticklabels()]
    ['A', 'B']
    """
    from scipy.stats import studentized_range

    from .benchmark.stats import LOWER_IS_BETTER, cell_means

    table = cell_means(_frame(results), metric).dropna(axis=1, how="all").dropna()
    ranks = table.rank(axis=1, ascending=metric in LOWER_IS_BETTER).mean().sort_values()
    k, n = len(ranks), len(table)
    fig, axes = _figure(figsize=(7, 0.28 * k + 1.4), layout="constrained")
    ax = axes[0, 0]
    colors = ["#c44e52" if m.startswith(("EVAGAN", "ACGAN")) else "#4878a8" for m in ranks.index]
    ax.barh(np.arange(k), ranks.to_numpy(), color=colors, zorder=2)
    ax.set_yticks(np.arange(k), list(ranks.index), fontsize=8)
    ax.invert_yaxis()
    ax.set_xlabel(f"mean rank on {metric} over {n} cells (1 = best)")
    if k > 1 and n > 0:
        cd = studentized_range.ppf(1 - alpha, k, np.inf) / np.sqrt(2) * np.sqrt(k * (k + 1) / (6 * n))
        best = ranks.iloc[0]
        ax.axvspan(best, best + cd, color="orange", alpha=0.25, zorder=0,
                   label=f"critical difference {cd:.2f} (Nemenyi)")
        ax.legend(fontsize=7, loc="lower right")
    ax.set_title(title or f"{metric}: mean rank")
    return fig


def plot_fit_times(results: Any, methods: tuple[str, ...] = ("EVAGAN", "ACGAN", "ACGAN (balanced)", "SMOTE + XGB"),
                   *, title: str | None = None):
    """Mean fit seconds per data set of some methods as grouped bars (paper Fig 10).

    Parameters
    ----------
    results : DataFrame or iterable of dict
        Rows with ``dataset``, ``method`` and ``fit_seconds``.
    methods : tuple of str
        Methods shown (those present).
    title : str, default=None

    Returns
    -------
    fig : matplotlib.figure.Figure

    Examples
    --------
    >>> rows = [{"dataset": "a", "method": "EVAGAN", "fit_seconds": 3.0},
    ...         {"dataset": "a", "method": "ACGAN", "fit_seconds": 5.0}]
    >>> len(plot_fit_times(rows).axes[0].patches)
    2
    """
    frame = _frame(results)
    shown = [m for m in methods if m in set(frame["method"])]
    table = frame[frame["method"].isin(shown)].pivot_table(index="dataset", columns="method", values="fit_seconds")
    fig, axes = _figure(figsize=(max(5, 1.4 * len(table)), 3.6), layout="constrained")
    ax = axes[0, 0]
    width = 0.8 / max(len(shown), 1)
    for i, method in enumerate(shown):
        ax.bar(np.arange(len(table)) + i * width, table[method].to_numpy(), width, label=method)
    ax.set_xticks(np.arange(len(table)) + width * (len(shown) - 1) / 2, list(table.index), rotation=20,
                  ha="right", fontsize=7)
    ax.set_ylabel("fit seconds")
    if shown:
        ax.legend(fontsize=7)
    else:
        ax.text(0.5, 0.5, "none of " + ", ".join(methods) + " was run", ha="center", va="center",
                transform=ax.transAxes, fontsize=8)
    ax.set_title(title or "fit time")
    return fig
