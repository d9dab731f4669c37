"""The experiments behind ``skevagan benchmark``: suites, a resumable parallel runner, reports."""

from .protocol import (
    CLASSIFIERS,
    FAMILIES,
    REFERENCE,
    BenchmarkConfig,
    Suite,
    Task,
    Unit,
    make_suite,
    suite_tasks,
    suite_units,
)
from .runner import BenchmarkResult, run_suite

__all__ = ["CLASSIFIERS", "FAMILIES", "REFERENCE", "BenchmarkConfig", "BenchmarkResult", "Suite", "Task", "Unit",
           "make_suite", "run_suite", "suite_tasks", "suite_units"]
