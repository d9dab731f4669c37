"""Compiled GAN training steps with in-graph batch sampling.

This is the only module that uses ``tf.function`` and ``tf.GradientTape``.
It knows nothing about scikit-learn: it receives networks, the caller's
rows with the row numbers of each class, their :class:`InputScaling` and a
family :class:`Objective`, and trains.

EVAGAN and ACGAN share :class:`GANTrainer`; they differ only in their
objective — which real rows a step draws, which labels the fakes get, the
losses, and how head logits become class probabilities.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np

from . import losses
from ._rows import ClassRows, InputScaling
from ._tf import tf

ESTIMATION_DRAWS = 512  # fakes drawn per epoch for gen_validity / fake_minority_evasion


@dataclass
class EpochResult:
    """What one call of :meth:`GANTrainer.run_epoch` did."""

    logs: dict[str, float]
    steps_run: int
    finite: bool
    validation_proba: np.ndarray | None  # P(minority) of the held-out rows


class Objective:
    """What one GAN family trains: heads, batch composition and losses.

    ``minority_index`` is the column of :meth:`class_probabilities` that the
    estimations call the minority; ``minority_label`` is the generator label
    that produces it.
    """

    heads: Mapping[str, int]
    loss_names: tuple[str, ...]
    n_generator_labels: int
    minority_index: int
    minority_label: int

    def draw_real(
        self, rng: tf.random.Generator, rows: ClassRows, batch_size: int
    ) -> tuple[tf.Tensor, tf.Tensor]:
        raise NotImplementedError

    def draw_fake_labels(self, rng: tf.random.Generator, batch_size: int) -> tf.Tensor:
        raise NotImplementedError

    def discriminator_loss(
        self, real: Mapping[str, tf.Tensor], real_labels: tf.Tensor,
        fake: Mapping[str, tf.Tensor], fake_labels: tf.Tensor,
    ) -> dict[str, tf.Tensor]:
        raise NotImplementedError

    def generator_loss(
        self, fake: Mapping[str, tf.Tensor], fake_labels: tf.Tensor
    ) -> dict[str, tf.Tensor]:
        raise NotImplementedError

    def class_probabilities(self, logits: Mapping[str, tf.Tensor]) -> tf.Tensor:
        raise NotImplementedError


class EVAGANObjective(Objective):
    """Class index 0 is the majority, 1 the minority; the generator makes minority only."""

    heads = {"source": 1, "minority": 1, "majority": 1}
    loss_names = ("d_loss", "g_loss", "source_loss", "minority_loss", "majority_loss")
    n_generator_labels = 1
    minority_index = 1
    minority_label = 0

    def __init__(self, proba_from: str = "both") -> None:
        self.proba_from = proba_from

    def draw_real(self, rng, rows, batch_size):
        classes = tf.concat(
            [tf.ones([batch_size], tf.int32), tf.zeros([batch_size], tf.int32)], axis=0
        )
        return rows.gather(rows.rows_of(rng, classes)), classes

    def draw_fake_labels(self, rng, batch_size):
        return tf.zeros([batch_size, 1], tf.int32)

    def discriminator_loss(self, real, real_labels, fake, fake_labels):
        half = tf.shape(real_labels)[0] // 2
        real_minority = {k: v[:half] for k, v in real.items()}
        real_majority = {k: v[half:] for k, v in real.items()}
        return losses.evagan_discriminator_loss(real_minority, real_majority, fake)

    def generator_loss(self, fake, fake_labels):
        return losses.evagan_generator_loss(fake)

    def class_probabilities(self, logits):
        from_minority = tf.sigmoid(logits["minority"][:, 0])
        from_majority = 1.0 - tf.sigmoid(logits["majority"][:, 0])
        if self.proba_from == "minority":
            p = from_minority
        elif self.proba_from == "majority":
            p = from_majority
        else:
            p = 0.5 * (from_minority + from_majority)
        return tf.stack([1.0 - p, p], axis=1)


class ACGANObjective(Objective):
    """Classes 0..k-1; real batches drawn as the data is ("natural") or class-balanced."""

    def __init__(self, n_classes: int, minority_index: int, balanced: bool = False) -> None:
        self.n_classes = n_classes
        self.heads = {"source": 1, "class": 1 if n_classes == 2 else n_classes}
        self.loss_names = ("d_loss", "g_loss", "source_loss", "class_loss")
        self.n_generator_labels = n_classes
        self.minority_index = minority_index
        self.minority_label = minority_index
        self.balanced = balanced

    def draw_real(self, rng, rows, batch_size):
        if self.balanced:
            classes = rng.uniform([batch_size], 0, self.n_classes, dtype=tf.int32)
            index = rows.rows_of(rng, classes)
        else:
            index = rows.any_rows(rng, batch_size)
        return rows.gather(index), tf.gather(rows.labels, index)

    def draw_fake_labels(self, rng, batch_size):
        return rng.uniform([batch_size, 1], 0, self.n_classes, dtype=tf.int32)

    def discriminator_loss(self, real, real_labels, fake, fake_labels):
        return losses.acgan_discriminator_loss(real, real_labels, fake, fake_labels)

    def generator_loss(self, fake, fake_labels):
        return losses.acgan_generator_loss(fake, fake_labels)

    def class_probabilities(self, logits):
        class_logits = logits["class"]
        if class_logits.shape[-1] == 1:
            p = tf.sigmoid(class_logits[:, 0])
            return tf.stack([1.0 - p, p], axis=1)
        return tf.nn.softmax(class_logits, axis=1)


class Adam:
    """Adam with one fused ``ResourceApplyAdam`` kernel per variable.

    The same update as ``keras.optimizers.Adam`` (bias-corrected step,
    epsilon outside the square root), but a single op per variable, so the
    training step traces in a fraction of the time — which matters because
    every ``fit`` traces a new step.
    """

    def __init__(
        self, variables, learning_rate: float, beta_1: float, beta_2: float = 0.999, epsilon: float = 1e-7
    ) -> None:
        self.variables = [getattr(v, "value", v) for v in variables]
        self.slots = [
            (tf.Variable(tf.zeros_like(v), trainable=False), tf.Variable(tf.zeros_like(v), trainable=False))
            for v in self.variables
        ]
        self.iterations = tf.Variable(0.0, trainable=False)
        self.hyper = [tf.constant(x, tf.float32) for x in (learning_rate, beta_1, beta_2, epsilon)]

    def apply(self, gradients) -> None:
        lr, beta_1, beta_2, epsilon = self.hyper
        t = self.iterations.assign_add(1.0)
        for var, (m, v), grad in zip(self.variables, self.slots, gradients):
            tf.raw_ops.ResourceApplyAdam(
                var=var.handle, m=m.handle, v=v.handle,
                beta1_power=tf.pow(beta_1, t), beta2_power=tf.pow(beta_2, t),
                lr=lr, beta1=beta_1, beta2=beta_2, epsilon=epsilon, grad=grad,
            )


class GANTrainer:
    """Adam-trained D and G updates in one compiled step; arrays stay on the device.

    Parameters are fixed at construction so the compiled step takes no
    arguments and is traced once per trainer.
    """

    def __init__(
        self,
        generator: tf.keras.Model,
        discriminator: tf.keras.Model,
        objective: Objective,
        *,
        X: np.ndarray,
        rows_by_class: list[np.ndarray],
        scaling: InputScaling,
        batch_size: int,
        latent_dim: int,
        learning_rate: float,
        beta_1: float,
        seed: int,
        validation: tuple[np.ndarray, np.ndarray] | None = None,
        optimizers: tuple | None = None,
        jit_compile: bool = True,
    ) -> None:
        self.generator = generator
        self.discriminator = discriminator
        self.objective = objective
        self.batch_size = batch_size
        self.latent_dim = latent_dim
        self.rows = ClassRows(X, rows_by_class, scaling)
        self.rng = tf.random.Generator.from_seed(seed)
        self.estimation_rng = tf.random.Generator.from_seed(seed + 1)
        if optimizers is None:  # a warm start passes the previous Adam states on
            optimizers = (
                Adam(discriminator.trainable_variables, learning_rate, beta_1),
                Adam(generator.trainable_variables, learning_rate, beta_1),
            )
        self.d_optimizer, self.g_optimizer = optimizers
        self.validation = None
        if validation is not None and len(validation[0]):
            x_val, is_minority = validation
            self.validation = (
                tf.constant(x_val, tf.float32),
                tf.constant(np.asarray(is_minority, bool)),
            )
        self._sums = {k: tf.Variable(0.0, trainable=False) for k in objective.loss_names}
        self._steps = tf.function(self._train_steps, jit_compile=jit_compile)
        self._estimate = tf.function(self._estimations)

    def _noise(self, rng: tf.random.Generator, n: int) -> tf.Tensor:
        return rng.normal([n, self.latent_dim], dtype=tf.float32)

    def _train_step(self) -> tf.Tensor:
        b = self.batch_size
        x_real, real_labels = self.objective.draw_real(self.rng, self.rows, b)
        fake_labels = self.objective.draw_fake_labels(self.rng, b)
        x_fake = self.generator([self._noise(self.rng, b), fake_labels], training=True)
        n_real = tf.shape(x_real)[0]
        with tf.GradientTape() as tape:
            logits = self.discriminator(tf.concat([x_real, x_fake], axis=0), training=True)
            real = {k: v[:n_real] for k, v in logits.items()}
            fake = {k: v[n_real:] for k, v in logits.items()}
            d_logs = self.objective.discriminator_loss(real, real_labels, fake, fake_labels[:, 0])
        self.d_optimizer.apply(tape.gradient(d_logs["d_loss"], self.d_optimizer.variables))

        fake_labels = self.objective.draw_fake_labels(self.rng, b)
        with tf.GradientTape() as tape:
            x_fake = self.generator([self._noise(self.rng, b), fake_labels], training=True)
            # D in inference mode: G's update must not move D's batch-norm statistics.
            fake = self.discriminator(x_fake, training=False)
            g_logs = self.objective.generator_loss(fake, fake_labels[:, 0])
        self.g_optimizer.apply(tape.gradient(g_logs["g_loss"], self.g_optimizer.variables))

        for name, value in {**d_logs, **g_logs}.items():
            self._sums[name].assign_add(value)
        return tf.math.is_finite(d_logs["d_loss"]) & tf.math.is_finite(g_logs["g_loss"])

    def _train_steps(self, n_steps: tf.Tensor) -> tuple[tf.Tensor, tf.Tensor]:
        """Run up to ``n_steps`` steps; stop at the first non-finite loss."""
        done = tf.constant(0)
        finite = tf.constant(True)
        for _ in tf.range(n_steps):
            finite = self._train_step()
            done += 1
            if not finite:
                break
        return done, finite

    def _estimations(self) -> dict[str, tf.Tensor]:
        """The paper's four estimations (DESIGN.md §7) in the current state."""
        n = ESTIMATION_DRAWS
        labels = tf.fill([n, 1], self.objective.minority_label)
        x_fake = self.generator([self._noise(self.estimation_rng, n), labels], training=False)
        logits = self.discriminator(x_fake, training=False)
        p_fake = self.objective.class_probabilities(logits)[:, self.objective.minority_index]
        out = {
            "gen_validity": tf.reduce_mean(tf.sigmoid(logits["source"])),
            "fake_minority_evasion": tf.reduce_mean(1.0 - p_fake),
        }
        if self.validation is not None:
            x_val, is_minority = self.validation
            probs = self.objective.class_probabilities(self.discriminator(x_val, training=False))
            miss = 1.0 - probs[:, self.objective.minority_index]
            out["majority_estimation"] = tf.reduce_mean(tf.boolean_mask(miss, ~is_minority))
            out["real_minority_evasion"] = tf.reduce_mean(tf.boolean_mask(miss, is_minority))
            out["validation_proba"] = 1.0 - miss
        return out

    def run_epoch(self, steps: int) -> EpochResult:
        """Train up to ``steps`` steps; mean losses and the end-of-epoch estimations."""
        for total in self._sums.values():
            total.assign(0.0)
        done, finite = self._steps(tf.constant(steps, tf.int32))
        estimations = self._estimate()
        done = max(int(done), 1)
        logs = {k: float(v.numpy()) / done for k, v in self._sums.items()}
        proba = estimations.pop("validation_proba", None)
        logs.update({k: float(v) for k, v in estimations.items()})
        finite = bool(finite) and all(np.isfinite(v) for v in logs.values())
        return EpochResult(logs, done, finite, None if proba is None else proba.numpy())

    def weights(self) -> tuple[list[np.ndarray], list[np.ndarray]]:
        return self.generator.get_weights(), self.discriminator.get_weights()

    def set_weights(self, weights: tuple[list[np.ndarray], list[np.ndarray]]) -> None:
        self.generator.set_weights(weights[0])
        self.discriminator.set_weights(weights[1])


def make_predict_function(discriminator: tf.keras.Model, n_features: int, n_rows: int):
    """Compiled D(x) in inference mode over ``n_rows`` rows a call (traced once)."""
    spec = tf.TensorSpec([n_rows, n_features], tf.float32)
    compiled = tf.function(lambda x: discriminator(x, training=False), input_signature=[spec])

    def predict(x: np.ndarray) -> dict[str, np.ndarray]:
        return {k: v.numpy() for k, v in compiled(tf.constant(x)).items()}

    return predict


def make_generate_function(generator: tf.keras.Model, latent_dim: int):
    """Compiled G(z, label) in inference mode (traced once)."""
    specs = [tf.TensorSpec([None, latent_dim], tf.float32), tf.TensorSpec([None, 1], tf.int32)]
    compiled = tf.function(lambda z, labels: generator([z, labels], training=False), input_signature=specs)

    def generate(z: np.ndarray, labels: np.ndarray) -> np.ndarray:
        return compiled(tf.constant(z), tf.constant(labels)).numpy()

    return generate
