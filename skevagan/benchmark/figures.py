"""The PNG figures of a benchmark run, made with :mod:`skevagan.plotting`."""

from __future__ import annotations

from pathlib import Path

from .. import plotting
from .runner import BenchmarkResult, history_key


def write_figures(
    result: BenchmarkResult, folder: str | Path, grids: dict[tuple[str, float], list] | None = None,
) -> list[Path]:
    """Rank charts, fit times, training curves of fold 0 and image grids; returns the files written."""
    folder = Path(folder)
    grids = grids or {}
    folder.mkdir(parents=True, exist_ok=True)
    frame = result.frame()
    written = []

    def save(fig, name: str) -> None:
        path = folder / name
        fig.savefig(path, dpi=110)
        written.append(path)

    for metric in ("roc_auc", "average_precision", "attacker_evasion_rate"):
        save(plotting.plot_benchmark(frame, metric), f"rank_{metric}.png")
    save(plotting.plot_fit_times(frame), "fit_times.png")
    gan_methods = [m for m in ("EVAGAN", "ACGAN", "ACGAN (balanced)") if m in set(frame["method"])]
    for dataset, levels in result.suite.datasets.items():
        curves = {f"{m} u={lv:g}": result.histories[key] for lv in levels for m in gan_methods
                  if (key := history_key(dataset, float(lv), 0, 0, m)) in result.histories}
        if not curves:
            continue
        safe = "".join(c if c.isalnum() or c in "-_" else "_" for c in dataset)[-50:]
        save(plotting.plot_histories(curves, ("gen_validity", "fake_minority_evasion"),
                                     title=f"{dataset}: estimations per epoch (fold 0)"), f"estimations_{safe}.png")
        save(plotting.plot_histories(curves, ("d_loss", "g_loss"), title=f"{dataset}: losses (fold 0)"),
             f"losses_{safe}.png")
    for level in sorted({lv for _, lv in grids}):
        rows = {gan: snaps for (gan, lv), snaps in grids.items() if lv == level}
        save(plotting.plot_image_snapshots(rows, title=f"generated 0s, digits 0 vs 1, undersampling {level:g}"),
             f"images_u{level:g}.png")
    return written
