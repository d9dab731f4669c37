"""The ``skevagan`` console script."""

from __future__ import annotations

import argparse
import csv
import sys
import time
from pathlib import Path


def _benchmark(args: argparse.Namespace) -> int:
    from .benchmark.quick import run_quick, summary_table

    seeds = tuple(range(args.seed, args.seed + args.repeats))
    start = time.perf_counter()
    rows = run_quick(seeds, progress=lambda msg: print(f"[{time.perf_counter() - start:6.1f}s] {msg}", file=sys.stderr))
    table = summary_table(rows)
    print(table)
    print(f"\n{len(rows)} fits in {time.perf_counter() - start:.1f} s; seeds {list(seeds)}.")
    if args.output:
        out = Path(args.output)
        out.mkdir(parents=True, exist_ok=True)
        with open(out / "results.csv", "w", newline="") as handle:
            writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
            writer.writeheader()
            writer.writerows(rows)
        (out / "summary.md").write_text(table + "\n")
        print(f"Wrote {out / 'results.csv'} and {out / 'summary.md'}.")
    return 0


def main(argv: list[str] | None = None) -> int:
    """Entry point of ``skevagan``."""
    parser = argparse.ArgumentParser(prog="skevagan", description="EVAGAN and ACGAN for imbalanced data.")
    commands = parser.add_subparsers(dest="command", required=True)
    bench = commands.add_parser("benchmark", help="compare the GANs with XGBoost and SMOTE")
    bench.add_argument("--quick", action="store_true", default=True,
                       help="bundled scikit-learn data, a few minutes on 2 cores (the default)")
    bench.add_argument("--repeats", type=int, default=3, help="seeds (train/test splits) per dataset")
    bench.add_argument("--seed", type=int, default=0, help="first seed")
    bench.add_argument("--output", help="folder for results.csv and summary.md")
    args = parser.parse_args(argv)
    if args.command == "benchmark":
        return _benchmark(args)
    return 2  # pragma: no cover


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
