"""The experiments behind ``skevagan benchmark``."""

from .quick import METHODS, quick_datasets, run_quick

__all__ = ["METHODS", "quick_datasets", "run_quick"]
