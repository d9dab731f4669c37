"""The EVAGAN and ACGAN objectives as pure functions of head logits and targets.

Every function takes the discriminator's logits (dicts keyed by head name)
and returns a dict of scalar losses; ``d_loss``/``g_loss`` are the totals
that are differentiated. Targets are per row: a real majority row is never
pushed towards the minority class and vice versa (the flaw of the public
reference code, DESIGN.md §3).
"""

from __future__ import annotations

from collections.abc import Mapping

from ._tf import tf

Logits = Mapping[str, tf.Tensor]


def bce(target: float | tf.Tensor, logits: tf.Tensor) -> tf.Tensor:
    """Mean binary cross-entropy of ``logits`` (shape (n, 1)) against ``target``."""
    labels = tf.broadcast_to(tf.cast(target, logits.dtype), tf.shape(logits))
    return tf.reduce_mean(tf.nn.sigmoid_cross_entropy_with_logits(labels=labels, logits=logits))


def class_ce(labels: tf.Tensor, logits: tf.Tensor) -> tf.Tensor:
    """Cross-entropy of a class head: BCE for one unit, sparse CE for several."""
    labels = tf.reshape(labels, [-1])
    if logits.shape[-1] == 1:
        return bce(tf.cast(labels, logits.dtype)[:, None], logits)
    return tf.reduce_mean(
        tf.nn.sparse_softmax_cross_entropy_with_logits(labels=labels, logits=logits)
    )


def evagan_discriminator_loss(
    real_minority: Logits, real_majority: Logits, fake: Logits
) -> dict[str, tf.Tensor]:
    """Paper eqs 10-14: source, minority and majority heads with per-row targets."""
    source = bce(1.0, real_minority["source"]) + bce(0.0, fake["source"])
    minority = (
        bce(1.0, real_minority["minority"])
        + bce(1.0, fake["minority"])
        + bce(0.0, real_majority["minority"])
    )
    majority = bce(1.0, real_majority["majority"]) + bce(0.0, real_minority["majority"])
    return {
        "d_loss": source + minority + majority,
        "source_loss": source,
        "minority_loss": minority,
        "majority_loss": majority,
    }


def evagan_generator_loss(fake: Logits) -> dict[str, tf.Tensor]:
    """Paper eqs 5-9: fool the source head and be called minority; no majority term."""
    return {"g_loss": bce(1.0, fake["source"]) + bce(1.0, fake["minority"])}


def acgan_discriminator_loss(
    real: Logits, real_labels: tf.Tensor, fake: Logits, fake_labels: tf.Tensor
) -> dict[str, tf.Tensor]:
    """ACGAN's discriminator: real/fake source plus the class of reals and fakes."""
    source = bce(1.0, real["source"]) + bce(0.0, fake["source"])
    klass = class_ce(real_labels, real["class"]) + class_ce(fake_labels, fake["class"])
    return {"d_loss": source + klass, "source_loss": source, "class_loss": klass}


def acgan_generator_loss(fake: Logits, fake_labels: tf.Tensor) -> dict[str, tf.Tensor]:
    """ACGAN's generator: be taken for real and for the class it was asked for."""
    return {"g_loss": bce(1.0, fake["source"]) + class_ce(fake_labels, fake["class"])}
