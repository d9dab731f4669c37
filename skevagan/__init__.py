"""EVAGAN and ACGAN for scikit-learn and imbalanced-learn.

``EVAGANClassifier`` is EVAGAN's evasion-aware discriminator,
``ACGANClassifier`` the paper's ACGAN baseline, and ``EVAGANSampler`` puts
their generators into an imbalanced-learn pipeline as an over-sampler.
The estimators load TensorFlow on first use, so ``skevagan.datasets`` and
``skevagan.preprocessing`` stay light.
"""

import importlib
import os

# Keras 3 must run on TensorFlow. TensorFlow's C++ log lines (start-up notes, graph
# optimiser messages) are noise to users; its real errors still raise Python exceptions.
os.environ.setdefault("KERAS_BACKEND", "tensorflow")
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

from ._version import __version__  # noqa: E402

_PUBLIC = {
    "ACGANClassifier": "classifier",
    "EVAGANClassifier": "classifier",
    "EVAGANSampler": "sampler",
    "load": "persistence",
    "save": "persistence",
}
__all__ = [*_PUBLIC, "__version__"]


def __getattr__(name: str):
    if name in _PUBLIC:
        return getattr(importlib.import_module(f".{_PUBLIC[name]}", __name__), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(__all__)
