"""Run a suite's tasks in order, in processes or on Dask, with a cache that makes runs resumable.

The cache lives in ``OUTPUT/cache/<settings hash>/``: one ``.npy`` per
unit for the attacker's rows and one ``.json`` per task. A task whose file
exists is not run again, so an interrupted run picks up where it stopped
and a finished one can be re-reported for free. Workers return results and
only this process writes the cache, so a remote Dask cluster needs no
shared file system.
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any

import numpy as np

from .protocol import BenchmarkConfig, Suite, Task, Unit, load_dataset, suite_tasks, suite_units
from .tasks import attack_rows, run_task


@dataclass
class BenchmarkResult:
    """What a run produced.

    Parameters
    ----------
    suite : Suite
        The suite that was run.
    rows : list of dict
        One dict per data set, level, repeat, fold and method: the fold's
        sizes, the method's scores, fit and predict seconds, evasion rates
        and, for the GANs, their estimations.
    histories : dict
        Each GAN fit's ``history_``, keyed by :func:`history_key`.
    wall_seconds : float
        Time the run took, cached tasks included at no cost.
    notes : dict of str to str, default={}
        Per data set, how it was cut (see :func:`load_dataset`).

    Examples
    --------
    >>> from skevagan.benchmark import make_suite, run_suite
    >>> suite = make_suite("custom", datasets=["breast_cancer"], folds=2, families=("baseline",),
    ...                    classifiers=("NB",), n_generated=0)
    >>> result = run_suite(suite, progress=False)
    >>> sorted(result.frame()["method"].unique())
    ['NB', 'SMOTE + NB']
    """

    suite: Suite
    rows: list[dict]
    histories: dict[str, dict[str, list[float]]]
    wall_seconds: float
    notes: dict[str, str] = field(default_factory=dict)

    def frame(self):
        """The rows as a pandas DataFrame (one row per data set x level x repeat x fold x method)."""
        import pandas as pd

        return pd.DataFrame(self.rows)


def history_key(dataset: str, level: float, repeat: int, fold: int, method: str) -> str:
    """Key of one GAN fit's ``history_`` in :attr:`BenchmarkResult.histories`."""
    return f"{dataset}|{level:g}|{repeat}|{fold}|{method}"


class Progress:
    """A one-line progress bar with an ETA on stderr (one line per step when not a terminal)."""

    def __init__(self, total: int, label: str, stream=None, enabled: bool = True):
        self.total, self.label, self.done = total, label, 0
        self.stream = stream or sys.stderr
        self.enabled = enabled
        self.start = time.perf_counter()
        self.tty = hasattr(self.stream, "isatty") and self.stream.isatty()

    def step(self, what: str, cached: bool = False) -> None:
        self.done += 1
        if not self.enabled:
            return
        elapsed = time.perf_counter() - self.start
        eta = elapsed / self.done * (self.total - self.done)
        width = 24
        bar = "#" * int(width * self.done / max(self.total, 1))
        text = (f"{self.label} [{bar:<{width}}] {self.done}/{self.total} "
                f"{_clock(elapsed)} elapsed, ETA {_clock(eta)} | {what}{' (cached)' if cached else ''}")
        if self.tty:
            self.stream.write("\r\033[K" + text + ("\n" if self.done == self.total else ""))
        else:
            self.stream.write(text + "\n")
        self.stream.flush()


def _clock(seconds: float) -> str:
    seconds = int(round(seconds))
    return f"{seconds // 60}m{seconds % 60:02d}s"


def _execute(function: Callable, jobs: list[tuple], n_jobs: int, client: Any) -> Iterator[tuple[int, Any]]:
    """(index, result) of ``function(*job)`` for every job, in completion order."""
    if not jobs:
        return
    if client is not None:
        from distributed import as_completed

        futures = {client.submit(function, *job, pure=False): i for i, job in enumerate(jobs)}
        for future in as_completed(futures):
            yield futures[future], future.result()
    elif n_jobs == 1:
        for i, job in enumerate(jobs):
            yield i, function(*job)
    else:
        from joblib import Parallel, delayed

        indexed = Parallel(n_jobs=n_jobs, return_as="generator_unordered")(
            delayed(_indexed)(function, i, job) for i, job in enumerate(jobs)
        )
        yield from indexed


def _indexed(function: Callable, i: int, job: tuple) -> tuple[int, Any]:
    return i, function(*job)


def _write_atomic(path: Path, write: Callable[[Any], None], mode: str = "w") -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.NamedTemporaryFile(mode, dir=path.parent, delete=False, suffix=".part") as handle:
        write(handle)
    os.replace(handle.name, path)


def _dump_json(value: Any, handle: Any) -> None:
    json.dump(value, handle)


def connect_dask(address: str):
    """A Dask client: ``"local:N"`` starts a local cluster of N single-threaded worker processes."""
    from distributed import Client, LocalCluster

    if address.startswith("local:"):
        n = int(address.split(":", 1)[1])
        return Client(LocalCluster(n_workers=n, threads_per_worker=1, processes=True))
    return Client(address)


def run_suite(
    suite: Suite,
    output: str | os.PathLike | None = None,
    *,
    n_jobs: int = 1,
    dask: Any = None,
    progress: bool = True,
) -> BenchmarkResult:
    """Run (or resume) every task of a suite.

    Parameters
    ----------
    suite : Suite
        From :func:`skevagan.benchmark.make_suite`.
    output : path or None, default=None
        Folder for the cache; None keeps everything in a temporary folder.
    n_jobs : int, default=1
        Tasks run at once in worker processes (joblib); ignored with ``dask``.
    dask : str, distributed.Client or None, default=None
        A scheduler address, ``"local:N"``, or a client to run the tasks on.
    progress : bool, default=True
        Show a progress bar with an ETA on stderr.

    Returns
    -------
    result : BenchmarkResult

    Examples
    --------
    Two folds of breast-cancer at undersampling 0.9, naive Bayes with and
    without SMOTE; a second call with the same ``output`` folder reads every
    task from the cache.

    >>> import tempfile
    >>> from skevagan.benchmark import make_suite, run_suite
    >>> suite = make_suite("custom", datasets=["breast_cancer"], levels=(0.9,), folds=2,
    ...                    families=("baseline",), classifiers=("NB",), n_generated=0)
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     result = run_suite(suite, folder, progress=False)
    ...     again = run_suite(suite, folder, progress=False)
    >>> len(result.rows), again.frame().equals(result.frame())
    (4, True)
    >>> scores = result.frame().groupby("method")["roc_auc"].mean()
    >>> bool(scores.between(0.5, 1.0).all())
    True
    """
    start = time.perf_counter()
    config = suite.config
    scratch = tempfile.TemporaryDirectory() if output is None else None
    root = scratch.name if scratch is not None else output
    assert root is not None
    cache = Path(root) / "cache" / config.key()
    _write_atomic(cache / "config.json", lambda h: json.dump({"suite": suite.name, **config.__dict__}, h,
                                                              default=list, indent=1))
    client, own_client = dask, False
    if isinstance(dask, str):
        client, own_client = connect_dask(dask), True
    notes = {name: load_dataset(name, config.max_rows, config.seed)[2] for name in suite.datasets}
    try:
        # n_generated=0 skips the evasion experiment's attackers.
        attacks = _attacks(suite_units(suite), config, cache, n_jobs, client, progress) if config.n_generated else {}
        results = _tasks(suite_tasks(suite), config, cache, attacks, n_jobs, client, progress)
    finally:
        if own_client:
            cluster = client.cluster
            client.close()
            if cluster is not None:
                cluster.close()
    rows, histories = [], {}
    for task, result in results:
        rows.extend(result["rows"])
        u = task.unit
        for method, history in result["histories"].items():
            histories[history_key(u.dataset, u.level, u.repeat, u.fold, method)] = history
    if scratch:
        scratch.cleanup()
    return BenchmarkResult(suite, rows, histories, time.perf_counter() - start,
                           {k: v for k, v in notes.items() if v})


def _attacks(todo: Iterable[Unit], config: BenchmarkConfig, cache: Path, n_jobs, client, progress) -> dict:
    todo = list(todo)
    bar = Progress(len(todo), "attackers", enabled=progress)
    attacks, missing = {}, []
    for unit in todo:
        path = cache / "attack" / f"{unit.id}.npy"
        if path.exists():
            attacks[unit] = np.load(path)
            bar.step(unit.id, cached=True)
        else:
            missing.append(unit)
    for i, rows in _execute(attack_rows, [(u, config) for u in missing], n_jobs, client):
        unit = missing[i]
        _write_atomic(cache / "attack" / f"{unit.id}.npy", partial(np.save, arr=rows), mode="wb")
        attacks[unit] = rows
        bar.step(unit.id)
    return attacks


def _tasks(todo: list[Task], config: BenchmarkConfig, cache: Path, attacks: dict, n_jobs, client, progress):
    bar = Progress(len(todo), "tasks", enabled=progress)
    done, missing = {}, []
    for task in todo:
        path = cache / "tasks" / f"{task.id}.json"
        if path.exists():
            done[task] = json.loads(path.read_text())
            bar.step(task.id, cached=True)
        else:
            missing.append(task)
    jobs = [(t, config, attacks.get(t.unit)) for t in missing]
    for i, result in _execute(run_task, jobs, n_jobs, client):
        task = missing[i]
        _write_atomic(cache / "tasks" / f"{task.id}.json", partial(_dump_json, result))
        done[task] = result
        bar.step(task.id)
    return [(t, done[t]) for t in todo]
