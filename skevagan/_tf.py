"""Import TensorFlow once, without its start-up log lines on stderr.

TensorFlow >= 2.17 writes C++ log lines at import and at the first device
query even when ``TF_CPP_MIN_LOG_LEVEL`` asks it not to (tensorflow#79029,
#100442). While that variable is above 0 (skevagan sets it unless the user
chose; 3 by default), file descriptor 2 points at /dev/null for those two calls only;
Python exceptions still propagate as usual.
"""

from __future__ import annotations

import contextlib
import logging
import os
import sys


@contextlib.contextmanager
def _quiet_stderr():
    if os.environ.get("TF_CPP_MIN_LOG_LEVEL", "0") in ("", "0"):
        yield
        return
    sys.stderr.flush()
    saved = os.dup(2)
    try:
        with open(os.devnull, "w") as devnull:
            os.dup2(devnull.fileno(), 2)
            yield
    finally:
        os.dup2(saved, 2)
        os.close(saved)


with _quiet_stderr():
    import tensorflow as tf

    tf.config.list_physical_devices("GPU")

__all__ = ["tf"]


class _OwnRetracingFilter(logging.Filter):
    """Drop TensorFlow's "triggered tf.function retracing" warning for our functions only.

    Every ``fit`` builds new networks and so traces new functions from the
    same code, which TensorFlow reports as excessive retracing although it
    is one trace per fit by design. Warnings about any other function pass.
    """

    OWN = ("GANTrainer._train_steps", "GANTrainer._estimations", "make_predict_function",
           "make_generate_function")

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        return "triggered tf.function retracing" not in message or not any(n in message for n in self.OWN)


logging.getLogger("tensorflow").addFilter(_OwnRetracingFilter())
