"""EVAGANClassifier and ACGANClassifier: the family-specific parts only."""

from __future__ import annotations

from numbers import Integral

import numpy as np
from sklearn.utils._param_validation import StrOptions
from sklearn.utils.validation import check_is_fitted

from . import training
from ._base import BaseGAN

_COMMON_PARAMS_DOC = """
    network : {"dense", "conv"}, default="dense"
        ``"dense"`` is the paper's tabular (CC) architecture, ``"conv"`` its
        image (CV) architecture.
    image_shape : tuple of int (h, w) or (h, w, c), default=None
        Image shape for ``network="conv"``; h and w must divide by 4. May be
        omitted when X is given as (n, h, w[, c]) arrays.
    latent_dim : int, default=100
        Size of the generator's noise vector z.
    epochs : int, default=150
        Training epochs.
    batch_size : int, default=256
        Rows drawn per batch (with replacement).
    steps_per_epoch : int, default=None
        Training steps per epoch; None uses the paper's rule (see Notes).
    learning_rate : float, default=2e-4
        Adam learning rate of both networks.
    beta_1 : float, default=0.5
        Adam's beta_1 for both networks.
    validation_fraction : float in [0, 1), default=None
        Stratified share of the training rows held out to record
        ``majority_estimation``, ``real_minority_evasion``,
        ``val_average_precision`` and ``val_roc_auc`` in ``history_`` each
        epoch. None means 0.1 with ``early_stopping`` and 0 otherwise: by
        default every row trains, which matters when the minority is tiny.
    early_stopping : bool, default=False
        Stop when ``monitor`` has not improved for ``patience`` epochs and
        restore the networks of its best epoch.
    patience : int, default=10
        Epochs without improvement before early stopping.
    monitor : str, default="val_average_precision"
        The ``history_`` key early stopping watches: a loss (lower is
        better) or an estimation (direction per DESIGN.md §7).
    callbacks : list, default=None
        Objects with ``on_epoch_end(estimator, epoch, logs)``, called after
        each epoch; returning True stops training.
    interrupt : {"stop", "raise"}, default="stop"
        On Ctrl-C (``KeyboardInterrupt``) during ``fit``, ``"stop"`` ends
        training and keeps the model usable; ``"raise"`` does so and then
        re-raises.
    warm_start : bool, default=False
        Continue training the fitted networks (and their optimiser state)
        on the next ``fit`` instead of starting anew.
    device : str, default="auto"
        ``"auto"`` trains on a GPU when TensorFlow sees one, else the CPU;
        ``"cpu"``, ``"gpu"`` or ``"gpu:N"`` force one.
    jit_compile : bool or "auto", default="auto"
        XLA-compile the training loop. ``"auto"`` does on a GPU, and on a
        CPU when the fit runs at least 3,000 steps (compiling costs about
        3 s and saves about a third of each step's time).
    verbose : int, default=0
        1 shows one progress bar per fit with the latest losses.
    random_state : int, RandomState instance or None, default=None
        Seeds network initialisation, batch draws and noise. An int makes a
        CPU fit reproducible to the bit; no global seed is changed.
"""

_FITTED_ATTRS_DOC = """
    classes_ : ndarray of shape (n_classes,)
        Class labels.
    minority_class_ : object
        The minority class label.
    n_features_in_ : int
        Number of features seen during fit.
    feature_names_in_ : ndarray of shape (n_features_in_,)
        Feature names, when X had string column names.
    generator_ : keras.Model
        The generator G(z, label).
    discriminator_ : keras.Model
        The discriminator, returning a dict of head logits.
    history_ : dict of str to list of float
        Per epoch: ``d_loss``, ``g_loss``, each head's loss,
        ``gen_validity``, ``fake_minority_evasion`` and, with
        held-out rows, ``majority_estimation``, ``real_minority_evasion``,
        ``val_average_precision`` and ``val_roc_auc`` (DESIGN.md §7),
        ``seconds``, and ``status``: "ok", "diverged" (a non-finite loss or
        weight stopped training; the previous epoch's weights were
        restored), "early stopped", "stopped by callback" or
        "interrupted".
    n_iter_ : int
        Epochs trained in all (warm starts add up).
    steps_per_epoch_ : int
        Training steps each epoch ran.
"""


class EVAGANClassifier(BaseGAN):
    __doc__ = """Evasion-aware classifier: the discriminator of EVAGAN.

    A generator conditioned on the minority class only learns to produce
    minority rows that the discriminator takes for real; the discriminator
    has three sigmoid heads — real/fake ``source``, ``minority`` and
    ``majority`` — and so is trained on real minority, real majority and
    generated minority rows at once (Randhawa et al., §III). The result is
    a binary classifier hardened against generated evasion samples and a
    generator of minority rows (:meth:`sample`).

    Parameters
    ----------
    proba_from : {"both", "minority", "majority"}, default="both"
        How P(minority | x) is read off the heads: the mean of
        ``minority(x)`` and ``1 - majority(x)``, or one head alone.
    minority_class : label, default=None
        The class to treat as the minority; None takes the least frequent.
    """ + _COMMON_PARAMS_DOC + """
    Attributes
    ----------""" + _FITTED_ATTRS_DOC + """
    See Also
    --------
    ACGANClassifier : The paper's baseline, conditioned on every class.
    EVAGANSampler : EVAGAN's generator as an imbalanced-learn over-sampler.

    Notes
    -----
    One epoch is ``ceil(n_minority / batch_size)`` steps, as in the paper.
    Each step draws ``batch_size`` real minority, real majority and
    generated rows, so its cost does not grow with the majority's size.
    Features are scaled to [0, 1] internally with the training min/max.

    Examples
    --------
    >>> from sklearn.datasets import make_classification
    >>> from skevagan import EVAGANClassifier
    >>> X, y = make_classification(n_samples=400, weights=[0.9], random_state=0)
    >>> clf = EVAGANClassifier(epochs=5, random_state=0).fit(X, y)
    >>> clf.predict_proba(X[:2]).shape
    (2, 2)
    >>> clf.sample(3).shape
    (3, 20)
    """

    _parameter_constraints = {
        **BaseGAN._parameter_constraints,
        "proba_from": [StrOptions({"both", "minority", "majority"})],
        "minority_class": "no_validation",
    }

    def __init__(
        self,
        *,
        proba_from="both",
        minority_class=None,
        network="dense",
        image_shape=None,
        latent_dim=100,
        epochs=150,
        batch_size=256,
        steps_per_epoch=None,
        learning_rate=2e-4,
        beta_1=0.5,
        validation_fraction=None,
        early_stopping=False,
        patience=10,
        monitor="val_average_precision",
        callbacks=None,
        interrupt="stop",
        warm_start=False,
        device="auto",
        jit_compile="auto",
        verbose=0,
        random_state=None,
    ):
        self.proba_from = proba_from
        self.minority_class = minority_class
        self.network = network
        self.image_shape = image_shape
        self.latent_dim = latent_dim
        self.epochs = epochs
        self.batch_size = batch_size
        self.steps_per_epoch = steps_per_epoch
        self.learning_rate = learning_rate
        self.beta_1 = beta_1
        self.validation_fraction = validation_fraction
        self.early_stopping = early_stopping
        self.patience = patience
        self.monitor = monitor
        self.callbacks = callbacks
        self.interrupt = interrupt
        self.warm_start = warm_start
        self.device = device
        self.jit_compile = jit_compile
        self.verbose = verbose
        self.random_state = random_state

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.classifier_tags.multi_class = False
        return tags

    def _encode_labels(self, y_index, counts):
        if len(self.classes_) != 2:
            raise ValueError(
                "Only binary classification is supported. The type of the target is multiclass: "
                f"y has {len(self.classes_)} classes. "
                "To oversample several minority classes use EVAGANSampler (one EVAGAN per class), "
                "or wrap the classifier in sklearn.multiclass.OneVsRestClassifier."
            )
        if self.minority_class is None:
            minority = int(np.argmin(counts))
        else:
            matches = np.flatnonzero(self.classes_ == self.minority_class)
            if not len(matches):
                raise ValueError(
                    f"minority_class={self.minority_class!r} is not a class of y {self.classes_}."
                )
            minority = int(matches[0])
        if counts[minority] < 2:
            raise ValueError(
                f"EVAGANClassifier needs at least 2 rows of the minority class; got {counts[minority]}."
            )
        self.minority_class_ = self.classes_[minority]
        return (y_index == minority).astype(np.int32), 2

    def _make_objective(self):
        return training.EVAGANObjective(self.proba_from)

    def _default_steps(self, internal_counts):
        return max(1, -(-int(internal_counts[1]) // self.batch_size))

    def _to_classes_order(self, internal_proba):
        if self.minority_class_ == self.classes_[1]:
            return internal_proba
        return internal_proba[:, ::-1]

    def sample(self, n_samples: int, random_state=None) -> np.ndarray:
        """Generate synthetic minority rows.

        Parameters
        ----------
        n_samples : int
            Number of rows.
        random_state : int, RandomState instance or None, default=None
            Seeds the noise; an int gives the same rows each call.

        Returns
        -------
        X_new : ndarray of shape (n_samples, n_features_in_)
            Rows in the training data's feature scale, within its per-feature
            min and max.
        """
        check_is_fitted(self)
        n_samples = _check_n_samples(n_samples)
        return self._generate(n_samples, np.zeros(n_samples, np.int32), random_state)


class ACGANClassifier(BaseGAN):
    __doc__ = """Auxiliary-classifier GAN: the paper's baseline, as a classifier.

    The generator is conditioned on every class; the discriminator has a
    real/fake ``source`` head and a ``class`` head (one sigmoid unit for two
    classes, softmax for more). Real batches are drawn from the data as it
    is, imbalanced, like the paper's ACGAN; ``batch_sampling="balanced"``
    draws them class-balanced instead (an ablation).

    Parameters
    ----------
    batch_sampling : {"natural", "balanced"}, default="natural"
        How each step draws its real rows.
    """ + _COMMON_PARAMS_DOC + """
    Attributes
    ----------""" + _FITTED_ATTRS_DOC + """
    See Also
    --------
    EVAGANClassifier : The evasion-aware binary discriminator.

    Notes
    -----
    One epoch is ``ceil(n_samples / batch_size)`` steps. ``minority_class_``
    is the least frequent class; the estimations in ``history_`` refer to it.

    Examples
    --------
    >>> from sklearn.datasets import load_iris
    >>> from skevagan import ACGANClassifier
    >>> X, y = load_iris(return_X_y=True)
    >>> clf = ACGANClassifier(epochs=3, random_state=0).fit(X, y)
    >>> clf.predict_proba(X[:2]).shape
    (2, 3)
    >>> clf.sample(4, y=2).shape
    (4, 4)
    """

    _parameter_constraints = {
        **BaseGAN._parameter_constraints,
        "batch_sampling": [StrOptions({"natural", "balanced"})],
    }

    def __init__(
        self,
        *,
        batch_sampling="natural",
        network="dense",
        image_shape=None,
        latent_dim=100,
        epochs=150,
        batch_size=256,
        steps_per_epoch=None,
        learning_rate=2e-4,
        beta_1=0.5,
        validation_fraction=None,
        early_stopping=False,
        patience=10,
        monitor="val_average_precision",
        callbacks=None,
        interrupt="stop",
        warm_start=False,
        device="auto",
        jit_compile="auto",
        verbose=0,
        random_state=None,
    ):
        self.batch_sampling = batch_sampling
        self.network = network
        self.image_shape = image_shape
        self.latent_dim = latent_dim
        self.epochs = epochs
        self.batch_size = batch_size
        self.steps_per_epoch = steps_per_epoch
        self.learning_rate = learning_rate
        self.beta_1 = beta_1
        self.validation_fraction = validation_fraction
        self.early_stopping = early_stopping
        self.patience = patience
        self.monitor = monitor
        self.callbacks = callbacks
        self.interrupt = interrupt
        self.warm_start = warm_start
        self.device = device
        self.jit_compile = jit_compile
        self.verbose = verbose
        self.random_state = random_state

    def _encode_labels(self, y_index, counts):
        self._minority = int(np.argmin(counts))
        self.minority_class_ = self.classes_[self._minority]
        return y_index.astype(np.int32), len(self.classes_)

    def _make_objective(self):
        return training.ACGANObjective(
            len(self.classes_), self._minority, balanced=self.batch_sampling == "balanced"
        )

    def _default_steps(self, internal_counts):
        return max(1, -(-int(internal_counts.sum()) // self.batch_size))

    def sample(self, n_samples: int, y=None, random_state=None) -> np.ndarray:
        """Generate synthetic rows of a class.

        Parameters
        ----------
        n_samples : int
            Number of rows.
        y : label or array-like of shape (n_samples,), default=None
            The class to generate, one label for all rows or one per row;
            None generates ``minority_class_``.
        random_state : int, RandomState instance or None, default=None
            Seeds the noise.

        Returns
        -------
        X_new : ndarray of shape (n_samples, n_features_in_)
        """
        check_is_fitted(self)
        n_samples = _check_n_samples(n_samples)
        wanted = np.full(n_samples, self.minority_class_, dtype=self.classes_.dtype)
        if y is not None:
            wanted = np.broadcast_to(np.asarray(y, dtype=self.classes_.dtype), (n_samples,))
        index = np.searchsorted(self.classes_, wanted)
        index = np.clip(index, 0, len(self.classes_) - 1)
        unknown = self.classes_[index] != wanted
        if unknown.any():
            raise ValueError(f"y has labels that are not classes: {np.unique(wanted[unknown])}.")
        return self._generate(n_samples, index.astype(np.int32), random_state)


def _check_n_samples(n_samples) -> int:
    if not isinstance(n_samples, Integral) or n_samples < 0:
        raise ValueError(f"n_samples must be a non-negative int; got {n_samples!r}.")
    return int(n_samples)
