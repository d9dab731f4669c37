"""EVAGAN and ACGAN for scikit-learn and imbalanced-learn.

``EVAGANClassifier`` is EVAGAN's evasion-aware discriminator,
``ACGANClassifier`` the paper's ACGAN baseline, and ``EVAGANSampler`` puts
their generators into an imbalanced-learn pipeline as an over-sampler.
"""

import os

# Keras 3 must run on TensorFlow, and TensorFlow's C++ start-up chatter is noise to users.
os.environ.setdefault("KERAS_BACKEND", "tensorflow")
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")

from ._tf import tf as _tf  # noqa: E402,F401  (quiet TensorFlow start-up first)
from ._version import __version__  # noqa: E402
from .classifier import ACGANClassifier, EVAGANClassifier  # noqa: E402
from .sampler import EVAGANSampler  # noqa: E402

__all__ = ["ACGANClassifier", "EVAGANClassifier", "EVAGANSampler", "__version__"]
