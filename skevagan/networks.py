"""Keras builders for the generator and discriminator of Table II.

``dense`` is the paper's CC (tabular) architecture, ``conv`` its CV (image)
architecture. Discriminators return a dict of *logits*, one entry per head;
the sigmoid/softmax is applied by the losses (``from_logits``) and at
prediction time, which is the same model as sigmoid heads but numerically
safer. Every random initialiser gets its own explicit seed so that a fit is
reproducible without touching Keras's global seed.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator, Mapping

from ._tf import tf  # noqa: F401  (quiet TensorFlow before Keras loads it)

import keras  # noqa: E402
from keras import layers

BN_MOMENTUM = 0.8
LEAKY_SLOPE = 0.2


def _seeds(seed: int) -> Iterator[int]:
    return itertools.count(seed * 1000 + 1)


def _conditioned_noise(
    latent_dim: int, n_labels: int, seeds: Iterator[int]
) -> tuple[keras.KerasTensor, keras.KerasTensor, keras.KerasTensor]:
    """Inputs (z, label) and z multiplied element-wise by the label's embedding."""
    z = keras.Input((latent_dim,), name="z")
    label = keras.Input((1,), dtype="int32", name="label")
    embedded = layers.Embedding(
        n_labels,
        latent_dim,
        embeddings_initializer=keras.initializers.RandomUniform(-0.05, 0.05, seed=next(seeds)),
    )(label)
    embedded = layers.Flatten()(embedded)
    return z, label, layers.Multiply()([z, embedded])


def build_generator(
    network: str,
    *,
    n_features: int,
    latent_dim: int,
    n_labels: int,
    image_shape: tuple[int, int, int] | None,
    seed: int,
) -> keras.Model:
    """Generator G(z, label) with outputs in [0, 1] (dense) or [-1, 1] (conv)."""
    seeds = _seeds(seed)
    z, label, h = _conditioned_noise(latent_dim, n_labels, seeds)
    if network == "dense":
        for units in (32, 64, 128):
            h = layers.Dense(units, kernel_initializer=keras.initializers.GlorotUniform(next(seeds)))(h)
            h = layers.ReLU()(h)
            h = layers.BatchNormalization(momentum=BN_MOMENTUM)(h)
        out = layers.Dense(
            n_features,
            activation="sigmoid",
            kernel_initializer=keras.initializers.GlorotUniform(next(seeds)),
        )(h)
    else:
        assert image_shape is not None, "conv networks need an image shape"
        height, width, channels = image_shape
        h = layers.Dense(
            (height // 4) * (width // 4) * 128,
            kernel_initializer=keras.initializers.GlorotUniform(next(seeds)),
        )(h)
        h = layers.ReLU()(h)
        h = layers.Reshape((height // 4, width // 4, 128))(h)
        for filters in (128, 64):
            h = layers.UpSampling2D()(h)
            h = layers.Conv2D(
                filters, 3, padding="same", kernel_initializer=keras.initializers.GlorotUniform(next(seeds))
            )(h)
            h = layers.ReLU()(h)
            h = layers.BatchNormalization(momentum=BN_MOMENTUM)(h)
        h = layers.Conv2D(
            channels,
            3,
            padding="same",
            activation="tanh",
            kernel_initializer=keras.initializers.GlorotUniform(next(seeds)),
        )(h)
        out = layers.Flatten()(h)
    return keras.Model([z, label], out, name="generator")


def build_discriminator(
    network: str,
    *,
    n_features: int,
    heads: Mapping[str, int],
    image_shape: tuple[int, int, int] | None,
    seed: int,
) -> keras.Model:
    """Discriminator D(x) returning ``{head: logits}``; ``heads`` maps names to widths."""
    seeds = _seeds(seed)
    x = keras.Input((n_features,), name="x")
    if network == "dense":
        h = x
        for units in (128, 64, 32):
            h = layers.Dense(units, kernel_initializer=keras.initializers.GlorotUniform(next(seeds)))(h)
            h = layers.LeakyReLU(LEAKY_SLOPE)(h)
            h = layers.BatchNormalization(momentum=BN_MOMENTUM)(h)
    else:
        h = layers.Reshape(image_shape)(x)
        for filters, strides in ((16, 2), (32, 2), (64, 2), (128, 1)):
            h = layers.Conv2D(
                filters,
                3,
                strides=strides,
                padding="same",
                kernel_initializer=keras.initializers.GlorotUniform(next(seeds)),
            )(h)
            h = layers.LeakyReLU(LEAKY_SLOPE)(h)
            h = layers.Dropout(0.25, seed=next(seeds))(h)
            h = layers.BatchNormalization(momentum=BN_MOMENTUM)(h)
        h = layers.Flatten()(h)
    outputs = {
        name: layers.Dense(
            width, kernel_initializer=keras.initializers.GlorotUniform(next(seeds)), name=name
        )(h)
        for name, width in heads.items()
    }
    return keras.Model(x, outputs, name="discriminator")
