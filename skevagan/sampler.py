"""EVAGANSampler: GAN over-sampling as an imbalanced-learn sampler."""

from __future__ import annotations

import math
from collections import Counter
from numbers import Integral, Real

import numpy as np
import scipy.sparse as sp
from imblearn.over_sampling.base import BaseOverSampler
from imblearn.utils import Substitution
from imblearn.utils._docstring import _random_state_docstring
from sklearn.base import clone
from sklearn.utils._param_validation import HasMethods, Interval, StrOptions

from ._base import resolve_seed
from .classifier import ACGANClassifier, EVAGANClassifier


@Substitution(
    sampling_strategy=BaseOverSampler._sampling_strategy_docstring,
    random_state=_random_state_docstring,
)
class EVAGANSampler(BaseOverSampler):
    """Over-sample with the generator of EVAGAN (or ACGAN).

    For each class to grow, an :class:`~skevagan.EVAGANClassifier` is
    trained on that class against the majority class — one EVAGAN per
    minority class, as the paper advises (§III-A) — and its generator
    supplies the new rows. With an :class:`~skevagan.ACGANClassifier` as
    ``estimator``, one ACGAN is trained on all classes and generates each
    class asked for.

    Read more in imbalanced-learn's User Guide on over-sampling.

    Parameters
    ----------
    {sampling_strategy}

    {random_state}

    estimator : EVAGANClassifier or ACGANClassifier, default=None
        A configured GAN to clone and fit; it is never mutated. None builds
        an ``EVAGANClassifier`` from the training parameters below, which
        are ignored when an estimator is given (its own apply).

    epochs : int, default=150
        Training epochs of each GAN.

    batch_size : int, default=256
        Rows per batch.

    latent_dim : int, default=100
        Size of the generator's noise vector.

    learning_rate : float, default=2e-4
        Adam learning rate.

    network : {{"dense", "conv"}}, default="dense"
        Tabular or image networks (``"conv"`` needs ``estimator`` with an
        ``image_shape`` unless the images are square single-channel).

    device : str, default="auto"
        ``"auto"``, ``"cpu"``, ``"gpu"`` or ``"gpu:N"``.

    verbose : int, default=0
        1 shows a progress bar per GAN fit.

    filter_fakes : float in (0, 1), default=None
        None keeps every generated row. A float q draws ``ceil(n / q)``
        rows and keeps the ``n`` whose discriminator ``source`` score (its
        belief that the row is real) is highest — the top q of a larger
        draw — so the returned count still matches ``sampling_strategy``.

    Attributes
    ----------
    sampling_strategy_ : dict
        Number of rows generated per class.

    estimators_ : dict
        Fitted GAN per grown class (the same ACGAN for every class when an
        ACGAN was given); reuse them with ``estimators_[c].sample(n)``.

    n_features_in_ : int
        Number of features in the input dataset.

    feature_names_in_ : ndarray of shape (`n_features_in_`,)
        Names of features seen during ``fit_resample``, when X has string
        column names.

    See Also
    --------
    imblearn.over_sampling.SMOTE : Interpolating over-sampler.
    EVAGANClassifier : The classifier whose generator is used.

    Notes
    -----
    The original rows come first and unchanged, then the generated rows of
    each class in the order of ``sampling_strategy_``. The dtypes of X and
    y are kept (an integer X gets rounded generated values); pandas input
    gives pandas output. Rows are generated only in ``fit_resample``, so in
    an imbalanced-learn pipeline ``predict`` never resamples.

    Examples
    --------
    >>> from collections import Counter
    >>> from sklearn.datasets import make_classification
    >>> from skevagan import EVAGANSampler
    >>> X, y = make_classification(n_samples=300, weights=[0.9], random_state=0)
    >>> sorted(Counter(y).items())
    [(np.int64(0), 269), (np.int64(1), 31)]
    >>> X_res, y_res = EVAGANSampler(epochs=3, random_state=0).fit_resample(X, y)
    >>> sorted(Counter(y_res).items())
    [(np.int64(0), 269), (np.int64(1), 269)]
    """

    _parameter_constraints: dict = {
        **BaseOverSampler._parameter_constraints,
        "random_state": ["random_state"],
        "estimator": [HasMethods(["fit", "sample", "predict_heads"]), None],
        "epochs": [Interval(Integral, 1, None, closed="left")],
        "batch_size": [Interval(Integral, 1, None, closed="left")],
        "latent_dim": [Interval(Integral, 1, None, closed="left")],
        "learning_rate": [Interval(Real, 0, None, closed="neither")],
        "network": [StrOptions({"dense", "conv"})],
        "device": [str],
        "verbose": ["verbose"],
        "filter_fakes": [Interval(Real, 0, 1, closed="neither"), None],
    }

    def __init__(
        self,
        *,
        sampling_strategy="auto",
        random_state=None,
        estimator=None,
        epochs=150,
        batch_size=256,
        latent_dim=100,
        learning_rate=2e-4,
        network="dense",
        device="auto",
        verbose=0,
        filter_fakes=None,
    ):
        super().__init__(sampling_strategy=sampling_strategy)
        self.random_state = random_state
        self.estimator = estimator
        self.epochs = epochs
        self.batch_size = batch_size
        self.latent_dim = latent_dim
        self.learning_rate = learning_rate
        self.network = network
        self.device = device
        self.verbose = verbose
        self.filter_fakes = filter_fakes

    def _make_estimator(self, seed: int | None):
        if self.estimator is None:
            estimator = EVAGANClassifier(
                epochs=self.epochs,
                batch_size=self.batch_size,
                latent_dim=self.latent_dim,
                learning_rate=self.learning_rate,
                network=self.network,
                device=self.device,
                verbose=self.verbose,
            )
        else:
            estimator = clone(self.estimator)
        if seed is not None:
            estimator.set_params(random_state=seed)
        return estimator

    def _fit_resample(self, X, y):
        counts = Counter(y.tolist())
        to_grow = {c: n for c, n in self.sampling_strategy_.items() if n > 0}
        too_small = {c: counts[c] for c in to_grow if counts[c] < 2}
        if too_small:
            raise ValueError(
                f"EVAGANSampler needs at least 2 rows of each class it grows; got {too_small}."
            )
        seed = None if self.random_state is None else resolve_seed(self.random_state)
        X_train = X.toarray() if sp.issparse(X) else X
        self.estimators_ = self._fit_estimators(X_train, y, list(to_grow), counts, seed)
        X_new, y_new = [], []
        for i, (klass, n_samples) in enumerate(to_grow.items()):
            sample_seed = None if seed is None else seed + 104729 * (i + 1)
            X_new.append(self._generate(self.estimators_[klass], klass, n_samples, sample_seed))
            y_new.append(np.full(n_samples, klass, dtype=y.dtype))
        return self._stack(X, X_new), np.concatenate([y, *y_new]) if y_new else y.copy()

    def _fit_estimators(self, X, y, classes, counts, seed):
        if isinstance(self.estimator, ACGANClassifier):
            acgan = self._make_estimator(seed).fit(X, y)
            return {klass: acgan for klass in classes}
        majority = max(counts, key=counts.get)
        fitted = {}
        for i, klass in enumerate(classes):
            rows = (y == klass) | (y == majority)
            estimator = self._make_estimator(None if seed is None else seed + i)
            estimator.set_params(minority_class=klass)
            fitted[klass] = estimator.fit(X[rows], y[rows])
        return fitted

    def _generate(self, estimator, klass, n_samples: int, seed: int | None) -> np.ndarray:
        draw = n_samples if self.filter_fakes is None else math.ceil(n_samples / self.filter_fakes)
        if isinstance(estimator, ACGANClassifier):
            rows = estimator.sample(draw, y=klass, random_state=seed)
        else:
            rows = estimator.sample(draw, random_state=seed)
        if self.filter_fakes is not None and n_samples:
            realness = estimator.predict_heads(rows)["source"]
            rows = rows[np.sort(np.argsort(-realness, kind="stable")[:n_samples])]
        return rows

    @staticmethod
    def _stack(X, generated: list[np.ndarray]):
        generated = [g for g in generated if len(g)]
        if not generated:
            return X.copy()
        new = np.concatenate(generated)
        if np.issubdtype(X.dtype, np.integer):
            new = np.rint(new)
        new = new.astype(X.dtype)
        if sp.issparse(X):
            return sp.vstack([X, sp.csr_matrix(new)], format=X.format)
        return np.concatenate([X, new])

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.input_tags.sparse = True
        return tags
