"""Estimator machinery shared by EVAGAN and ACGAN.

Validation, feature scaling, seeding, device choice, the epoch loop,
``history_`` and pickling live here once. A family subclass (see
``classifier.py``) only says how labels are encoded, which objective it
trains and how class probabilities map back to ``classes_``.
"""

from __future__ import annotations

import math
from numbers import Integral, Real
from typing import Any

import numpy as np
from sklearn.base import BaseEstimator, ClassifierMixin, _fit_context
from sklearn.utils import check_random_state
from sklearn.utils._param_validation import Interval, StrOptions
from sklearn.utils.multiclass import check_classification_targets
from sklearn.utils.validation import check_is_fitted, validate_data

from ._tf import tf  # first: quiets TensorFlow's start-up
from . import networks, training  # noqa: E402
from ._epochs import check_monitor, run_epochs  # noqa: E402

PREDICT_CHUNK = 1 << 13
XLA_MIN_CPU_STEPS = 3000
_NETWORK_STATE = ("generator_", "discriminator_")
_COMPILED_STATE = ("_optimizers", "_predict_fn", "_generate_fn")


def resolve_seed(random_state: Any) -> int:
    """An int seed from ``random_state`` without touching numpy's global RNG."""
    if random_state is None:
        return int(np.random.default_rng().integers(2**31 - 1))
    if isinstance(random_state, Integral):
        return int(random_state) % (2**31 - 1)
    return int(check_random_state(random_state).randint(2**31 - 1))


def device_name(device: str) -> str:
    """The TensorFlow device string for ``device`` ("auto", "cpu", "gpu", "gpu:N")."""
    gpus = tf.config.list_physical_devices("GPU")
    name = device.lower()
    if name == "auto":
        return "/GPU:0" if gpus else "/CPU:0"
    if name == "cpu":
        return "/CPU:0"
    kind, _, number = name.partition(":")
    if kind == "gpu" and (number == "" or number.isdigit()):
        index = int(number or 0)
        if index >= len(gpus):
            raise ValueError(
                f"device={device!r} asked for GPU {index} but TensorFlow sees {len(gpus)} GPU(s); "
                "use device='auto' or 'cpu', or install the 'gpu' extra."
            )
        return f"/GPU:{index}"
    raise ValueError(f"device must be 'auto', 'cpu', 'gpu' or 'gpu:N'; got {device!r}.")


class BaseGAN(ClassifierMixin, BaseEstimator):
    """Shared ``fit``/``predict`` engine; subclasses define the GAN family."""

    classes_: np.ndarray
    history_: dict[str, list]
    _optimizers: tuple | None

    _parameter_constraints: dict = {
        "network": [StrOptions({"dense", "conv"})],
        "image_shape": [tuple, list, None],
        "latent_dim": [Interval(Integral, 1, None, closed="left")],
        "epochs": [Interval(Integral, 1, None, closed="left")],
        "batch_size": [Interval(Integral, 1, None, closed="left")],
        "steps_per_epoch": [Interval(Integral, 1, None, closed="left"), None],
        "learning_rate": [Interval(Real, 0, None, closed="neither")],
        "beta_1": [Interval(Real, 0, 1, closed="left")],
        "validation_fraction": [Interval(Real, 0, 1, closed="left"), None],
        "early_stopping": ["boolean"],
        "patience": [Interval(Integral, 1, None, closed="left")],
        "monitor": [str],
        "callbacks": [list, tuple, None],
        "interrupt": [StrOptions({"stop", "raise"})],
        "warm_start": ["boolean"],
        "device": [str],
        "jit_compile": ["boolean", StrOptions({"auto"})],
        "verbose": ["verbose"],
        "random_state": ["random_state"],
    }

    # --- family hooks -------------------------------------------------
    def _encode_labels(self, y_index: np.ndarray, counts: np.ndarray) -> tuple[np.ndarray, int]:
        """Internal class index per row and the number of internal classes."""
        raise NotImplementedError

    def _make_objective(self) -> training.Objective:
        raise NotImplementedError

    def _default_steps(self, internal_counts: np.ndarray) -> int:
        raise NotImplementedError

    def _to_classes_order(self, internal_proba: np.ndarray) -> np.ndarray:
        return internal_proba

    # --- fitting ------------------------------------------------------
    @_fit_context(prefer_skip_nested_validation=True)
    def fit(self, X, y) -> "BaseGAN":
        """Train the generator and the discriminator on ``(X, y)``.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features) or (n_samples, h, w[, c])
            Training rows; images may be given flat or as arrays when
            ``network="conv"``.
        y : array-like of shape (n_samples,)
            Class labels of any type.

        Returns
        -------
        self : object
            The fitted estimator.
        """
        before = dict(self.__dict__)
        try:
            return self._fit(X, y)
        except Exception:
            # A failed fit (bad input) leaves a fitted model as it was.
            self.__dict__.clear()
            self.__dict__.update(before)
            raise

    def _fit(self, X, y) -> "BaseGAN":
        continuing = self.warm_start and hasattr(self, "history_")
        X = self._flatten_images(X, reset=not continuing)
        X, y = validate_data(self, X, y, reset=not continuing, dtype=(np.float64, np.float32))
        check_classification_targets(y)
        classes, y_index, counts = np.unique(y, return_inverse=True, return_counts=True)
        if len(classes) < 2:
            raise ValueError(f"{type(self).__name__} needs at least 2 classes; got one class: {classes}.")
        if continuing and not np.array_equal(classes, self.classes_):
            raise ValueError("warm_start=True needs the same classes as the previous fit.")
        self.classes_ = classes
        labels, n_internal = self._encode_labels(y_index, counts)
        if not continuing:
            self._fit_scaler(X)
        seed = resolve_seed(self.random_state)
        train, validation = self._split_validation(labels, n_internal, seed)
        rows_by_class = [train[labels[train] == c] for c in range(n_internal)]
        steps = self.steps_per_epoch or self._default_steps(np.array([len(r) for r in rows_by_class]))
        objective = self._make_objective()
        if self.early_stopping:
            check_monitor(self.monitor, objective.loss_names, has_validation=len(validation) > 0)
        is_minority = labels[validation] == objective.minority_index
        device = device_name(self.device)
        with tf.device(device):
            if not continuing:
                self._build_networks(seed)
                self.history_ = {}
                self.n_iter_ = 0
            trainer = training.GANTrainer(
                self.generator_,
                self.discriminator_,
                objective,
                X=X,
                rows_by_class=rows_by_class,
                scaling=self._input_scaling(),
                batch_size=self.batch_size,
                latent_dim=self.latent_dim,
                learning_rate=self.learning_rate,
                beta_1=self.beta_1,
                seed=seed + 7919 * self.n_iter_,
                validation=(self._to_network_space(X[validation]), is_minority) if len(validation) else None,
                optimizers=getattr(self, "_optimizers", None) if continuing else None,
                jit_compile=self._use_xla(device, steps * self.epochs),
            )
            self.steps_per_epoch_ = steps
            try:
                run_epochs(self, trainer, steps, is_minority if len(validation) else None)
            finally:
                # Keep the Adam states for a warm start, not the trainer and its copy of the data.
                self._optimizers = (trainer.d_optimizer, trainer.g_optimizer)
        return self

    def _use_xla(self, device: str, total_steps: int) -> bool:
        if self.jit_compile != "auto":
            return bool(self.jit_compile)
        # XLA costs ~3 s of compilation per fit and saves ~1 ms a step on a 2-core CPU.
        return device.startswith("/GPU") or total_steps >= XLA_MIN_CPU_STEPS

    def _flatten_images(self, X, *, reset: bool):
        """Conv networks accept (n, h, w[, c]) images; everything else must be 2-D."""
        shape: tuple[int, ...] = np.shape(X) if hasattr(X, "shape") or isinstance(X, (list, tuple)) else ()
        if self.network == "conv" and len(shape) > 2:
            image_shape = tuple(shape[1:]) + ((1,) if len(shape) == 3 else ())
            if reset:
                self._input_image_shape = image_shape
            X = np.asarray(X).reshape(shape[0], -1)
        return X

    def _resolve_image_shape(self) -> tuple[int, int, int] | None:
        if self.network != "conv":
            return None
        shape = self.image_shape or getattr(self, "_input_image_shape", None)
        if shape is None:
            raise ValueError(
                "network='conv' needs image_shape=(h, w[, c]) or X given as (n, h, w[, c]) images."
            )
        shape = tuple(int(s) for s in shape) + ((1,) if len(shape) == 2 else ())
        if len(shape) != 3 or shape[0] % 4 or shape[1] % 4:
            raise ValueError(f"image_shape must be (h, w[, c]) with h and w divisible by 4; got {shape}.")
        if math.prod(shape) != self.n_features_in_:
            raise ValueError(
                f"image_shape {shape} has {math.prod(shape)} pixels but X has {self.n_features_in_} features."
            )
        return shape

    def _fit_scaler(self, X: np.ndarray) -> None:
        self.image_shape_ = self._resolve_image_shape()
        if self.network == "conv":  # one range for all pixels of an image
            low, high = np.full(X.shape[1], X.min()), np.full(X.shape[1], X.max())
        else:
            low, high = X.min(axis=0), X.max(axis=0)
        span = high - low
        self._x_min = low.astype(np.float64)
        self._x_max = high.astype(np.float64)
        self._x_span = np.where(span > 0, span, 1.0).astype(np.float64)

    def _input_scaling(self) -> training.InputScaling:
        """Min-max to [0, 1], then to [-1, 1] for the conv networks' tanh range."""
        if self.network == "conv":
            return training.InputScaling(self._x_min, self._x_span, 2.0, -1.0)
        return training.InputScaling(self._x_min, self._x_span)

    def _to_network_space(self, X: np.ndarray) -> np.ndarray:
        """Caller's rows to the networks' input space, float32."""
        return self._input_scaling().apply(X)

    def _from_network(self, out: np.ndarray) -> np.ndarray:
        scaled = (out.astype(np.float64) + 1.0) / 2.0 if self.network == "conv" else out.astype(np.float64)
        return np.clip(self._x_min + scaled * self._x_span, self._x_min, self._x_max)

    def _split_validation(self, labels: np.ndarray, n_internal: int, seed: int):
        """Stratified hold-out of ``validation_fraction``; keeps ≥ 2 training rows a class."""
        fraction = self.validation_fraction
        if fraction is None:
            fraction = 0.1 if self.early_stopping else 0.0
        rng = np.random.default_rng(seed)
        held = []
        for c in range(n_internal):
            rows = np.flatnonzero(labels == c)
            n_val = min(int(round(fraction * len(rows))), max(len(rows) - 2, 0))
            held.append(rng.permutation(rows)[:n_val])
        validation = np.sort(np.concatenate(held)).astype(np.intp)
        train = np.setdiff1d(np.arange(len(labels)), validation)
        return train, validation

    def _minority_index(self) -> int:
        return self._make_objective().minority_index

    def _build_networks(self, seed: int) -> None:
        objective = self._make_objective()
        generator = networks.build_generator(
            self.network,
            n_features=self.n_features_in_,
            latent_dim=self.latent_dim,
            n_labels=objective.n_generator_labels,
            image_shape=self.image_shape_,
            seed=seed,
        )
        discriminator = networks.build_discriminator(
            self.network,
            n_features=self.n_features_in_,
            heads=objective.heads,
            image_shape=self.image_shape_,
            seed=seed + 1,
        )
        self._attach_networks(generator, discriminator)

    def _attach_networks(self, generator, discriminator) -> None:
        self.generator_ = generator
        self.discriminator_ = discriminator
        # tf.function objects are cheap to make; they trace on first call.
        self._predict_fn = training.make_predict_function(discriminator, self.n_features_in_, PREDICT_CHUNK)
        self._generate_fn = training.make_generate_function(generator, self.latent_dim)

    # --- prediction ---------------------------------------------------
    def _validate_predict_input(self, X) -> np.ndarray:
        check_is_fitted(self)
        X = self._flatten_images(X, reset=False)
        return validate_data(self, X, reset=False, dtype=(np.float64, np.float32))

    def _head_logits(self, X) -> dict[str, np.ndarray]:
        x = self._validate_predict_input(X)
        chunks = []
        with tf.device(device_name(self.device)):
            for start in range(0, len(x), PREDICT_CHUNK):
                # Fixed-size chunks: a row's float32 result must not depend on how many rows came with it.
                chunk = x[start : start + PREDICT_CHUNK]
                padded = np.zeros((PREDICT_CHUNK, x.shape[1]), np.float32)
                padded[: len(chunk)] = self._to_network_space(chunk)
                out = self._predict_fn(padded)
                chunks.append({k: v[: len(chunk)] for k, v in out.items()})
        return {k: np.concatenate([c[k] for c in chunks]).astype(np.float64) for k in chunks[0]}

    def predict_heads(self, X) -> dict[str, np.ndarray]:
        """Each discriminator head's output (sigmoid; softmax for a multiclass head).

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)

        Returns
        -------
        heads : dict of str to ndarray
            ``source`` is P(real); EVAGAN adds ``minority`` and ``majority``,
            ACGAN adds ``class``. Each has shape (n_samples,) except a
            multiclass ``class`` head, (n_samples, n_classes).
        """
        out = {}
        for name, logits in self._head_logits(X).items():
            if logits.shape[1] == 1:
                out[name] = 1.0 / (1.0 + np.exp(-logits[:, 0]))
            else:
                shifted = np.exp(logits - logits.max(axis=1, keepdims=True))
                out[name] = shifted / shifted.sum(axis=1, keepdims=True)
        return out

    def predict_proba(self, X) -> np.ndarray:
        """Class probabilities of the discriminator.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)

        Returns
        -------
        proba : ndarray of shape (n_samples, n_classes)
            Columns follow ``classes_``.
        """
        logits = {k: tf.constant(v) for k, v in self._head_logits(X).items()}
        internal = self._make_objective().class_probabilities(logits).numpy()
        return self._to_classes_order(internal)

    def decision_function(self, X) -> np.ndarray:
        """Log-odds of ``classes_[1]`` (binary) or log-probabilities (multiclass).

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)

        Returns
        -------
        scores : ndarray of shape (n_samples,) or (n_samples, n_classes)
        """
        proba = np.clip(self.predict_proba(X), 1e-300, 1.0)
        if proba.shape[1] == 2:
            return np.log(proba[:, 1]) - np.log(proba[:, 0])
        return np.log(proba)

    def predict(self, X) -> np.ndarray:
        """Most probable class of each row.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)

        Returns
        -------
        y_pred : ndarray of shape (n_samples,)
        """
        proba = self.predict_proba(X)
        return self.classes_[np.argmax(proba, axis=1)]

    def _generate(self, n_samples: int, labels: np.ndarray, random_state) -> np.ndarray:
        """``n_samples`` generator rows for internal generator ``labels``, in X's scale."""
        check_is_fitted(self)
        rng = np.random.default_rng(resolve_seed(random_state))
        out = []
        with tf.device(device_name(self.device)):
            for start in range(0, n_samples, PREDICT_CHUNK):
                stop = min(start + PREDICT_CHUNK, n_samples)
                z = rng.standard_normal((stop - start, self.latent_dim), dtype=np.float32)
                batch_labels = labels[start:stop].reshape(-1, 1).astype(np.int32)
                out.append(self._generate_fn(z, batch_labels))
        if not out:
            return np.empty((0, self.n_features_in_))
        return self._from_network(np.concatenate(out))

    # --- pickling -----------------------------------------------------
    def __getstate__(self) -> dict:
        state = dict(super().__getstate__())  # may be self.__dict__ itself
        for name in _COMPILED_STATE:
            state.pop(name, None)
        for name in _NETWORK_STATE:
            if name in state:
                state[name] = [np.asarray(w) for w in state[name].get_weights()]
        return state

    def __setstate__(self, state: dict) -> None:
        weights = {name: state.pop(name) for name in _NETWORK_STATE if name in state}
        super().__setstate__(state)
        self._optimizers = None
        if weights:
            with tf.device(device_name(self.device)):
                self._build_networks(0)
            for name, values in weights.items():
                getattr(self, name).set_weights(values)
