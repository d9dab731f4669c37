"""Save and load fitted GAN classifiers without pickle.

An archive is one zip file holding exactly:

- ``manifest.json``: format and package versions, the estimator's class
  name and parameters, and its fitted scalars and ``history_``;
- ``arrays/<name>.npy``: fitted arrays, read with ``allow_pickle=False``;
- ``generator.keras`` and ``discriminator.keras``: the networks in Keras's
  own format, read with ``safe_mode=True`` (no Python code is run).

Loading refuses an archive whose members are not exactly that set (extra
files, ``..`` or absolute paths), whose format version is unknown, that was
written by a newer skevagan, or whose values have the wrong types. Pickle
and joblib files can run arbitrary code when loaded: load those only from
sources you trust, and prefer this format to share models.
"""

from __future__ import annotations

import io
import json
import os
import tempfile
import zipfile
from numbers import Integral
from pathlib import Path
from typing import NoReturn

import numpy as np

from ._version import __version__

FORMAT = "skevagan-model"
FORMAT_VERSION = 1
NETWORKS = ("generator", "discriminator")
ARRAYS = ("classes_", "feature_names_in_", "_x_min", "_x_max", "_x_span")
INTEGERS = ("n_features_in_", "n_iter_", "steps_per_epoch_", "minority_index")
SHAPES = ("image_shape_", "_input_image_shape")
NOT_SAVED = ("callbacks",)  # training-time hooks: code, not state


def _estimator_classes() -> dict:
    from .classifier import ACGANClassifier, EVAGANClassifier

    return {cls.__name__: cls for cls in (EVAGANClassifier, ACGANClassifier)}


def _version_tuple(version: str) -> tuple[int, ...]:
    return tuple(int(part) for part in version.split(".")[:3] if part.isdigit())


def save(model, path: str | os.PathLike) -> None:
    """Write a fitted EVAGANClassifier or ACGANClassifier to ``path`` (a zip file).

    Parameters
    ----------
    model : EVAGANClassifier or ACGANClassifier
        A fitted model. ``callbacks`` are not stored.
    path : str or path-like
        The archive to write, conventionally ending in ``.zip``.

    Examples
    --------
    >>> import tempfile, numpy as np
    >>> from sklearn.datasets import make_classification
    >>> import skevagan
    >>> X, y = make_classification(n_samples=200, weights=[0.8], random_state=0)
    >>> clf = skevagan.EVAGANClassifier(epochs=2, random_state=0).fit(X, y)
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     skevagan.save(clf, f"{folder}/model.zip")
    ...     again = skevagan.load(f"{folder}/model.zip")
    >>> bool(np.array_equal(again.predict_proba(X), clf.predict_proba(X)))
    True
    """
    from sklearn.utils.validation import check_is_fitted

    if type(model).__name__ not in _estimator_classes():
        raise TypeError(f"save() writes EVAGANClassifier or ACGANClassifier; got {type(model).__name__}.")
    check_is_fitted(model)
    params = {k: v for k, v in model.get_params().items() if k not in NOT_SAVED}
    for name, value in params.items():
        if isinstance(value, tuple):
            params[name] = list(value)
        elif not (value is None or isinstance(value, (bool, int, float, str, list))):
            raise ValueError(f"Parameter {name}={value!r} cannot be saved; set it to an int, str or None.")
    attributes = {
        "n_features_in_": int(model.n_features_in_),
        "n_iter_": int(model.n_iter_),
        "steps_per_epoch_": int(model.steps_per_epoch_),
        "minority_index": int(np.flatnonzero(model.classes_ == model.minority_class_)[0]),
        "image_shape_": None if model.image_shape_ is None else list(model.image_shape_),
        "_input_image_shape": list(getattr(model, "_input_image_shape", None) or []) or None,
        "history_": model.history_,
        "classes_dtype": "object" if model.classes_.dtype == object else None,
    }
    arrays = {name: getattr(model, name) for name in ARRAYS if hasattr(model, name)}
    for name, array in arrays.items():
        if array.dtype == object:
            arrays[name] = np.asarray(array.tolist(), dtype=str)
            if arrays[name].tolist() != [str(v) for v in array.tolist()] or not all(
                isinstance(v, str) for v in array.tolist()
            ):
                raise ValueError(f"{name} holds objects other than strings and cannot be saved.")
    manifest = {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "skevagan_version": __version__,
        "estimator": type(model).__name__,
        "params": params,
        "attributes": attributes,
        "arrays": sorted(arrays),
    }
    with tempfile.TemporaryDirectory() as folder, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("manifest.json", json.dumps(manifest))
        for name, array in arrays.items():
            buffer = io.BytesIO()
            np.save(buffer, array, allow_pickle=False)
            archive.writestr(f"arrays/{name}.npy", buffer.getvalue())
        for network in NETWORKS:
            file = Path(folder) / f"{network}.keras"
            getattr(model, f"{network}_").save(file)
            archive.write(file, f"{network}.keras")


def _fail(message: str) -> NoReturn:
    raise ValueError(f"Not a valid skevagan archive: {message}")


def _check_manifest(manifest) -> None:
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        _fail("manifest.json does not describe a skevagan model.")
    if manifest.get("format_version") != FORMAT_VERSION:
        _fail(f"format version {manifest.get('format_version')!r}; this skevagan reads {FORMAT_VERSION}.")
    version = manifest.get("skevagan_version")
    if not isinstance(version, str) or _version_tuple(version) > _version_tuple(__version__):
        _fail(f"written by skevagan {version!r}, newer than this one ({__version__}); upgrade to load it.")
    if manifest.get("estimator") not in _estimator_classes():
        _fail(f"unknown estimator {manifest.get('estimator')!r}.")
    attributes = manifest.get("attributes")
    if not isinstance(manifest.get("params"), dict) or not isinstance(attributes, dict):
        _fail("params and attributes must be JSON objects.")
    for name in INTEGERS:
        value = attributes.get(name)
        if not isinstance(value, Integral) or isinstance(value, bool) or value < 0:
            _fail(f"attribute {name} must be a non-negative integer; got {value!r}.")
    for name in SHAPES:
        shape = attributes.get(name)
        if shape is not None and not (
            isinstance(shape, list) and len(shape) == 3 and all(isinstance(s, int) and s > 0 for s in shape)
        ):
            _fail(f"attribute {name} must be null or three positive integers; got {shape!r}.")
    history = attributes.get("history_")
    if not isinstance(history, dict) or not all(
        isinstance(values, list) and all(v is None or isinstance(v, (int, float, str)) for v in values)
        for values in history.values()
    ):
        _fail("history_ must map names to lists of numbers or strings.")
    arrays = manifest.get("arrays")
    if not isinstance(arrays, list) or not set(arrays) <= set(ARRAYS) or not {"classes_", "_x_min"} <= set(arrays):
        _fail(f"arrays must be a subset of {ARRAYS} including classes_; got {arrays!r}.")


def load(path: str | os.PathLike):
    """Read a model written by :func:`save`, refusing anything unexpected.

    Parameters
    ----------
    path : str or path-like
        The archive.

    Returns
    -------
    model : EVAGANClassifier or ACGANClassifier
        The fitted model, ready to predict and sample. ``warm_start``
        continues with fresh optimiser state.

    Raises
    ------
    ValueError
        When the archive's members, versions or values are not as
        :func:`save` writes them.

    Examples
    --------
    See :func:`save`.
    """
    import keras

    with zipfile.ZipFile(path) as archive:
        names = archive.namelist()
        if "manifest.json" not in names:
            _fail("no manifest.json.")
        try:
            manifest = json.loads(archive.read("manifest.json"))
        except (UnicodeDecodeError, json.JSONDecodeError) as error:
            _fail(f"manifest.json is not JSON ({error}).")
        _check_manifest(manifest)
        expected = {"manifest.json", *(f"{n}.keras" for n in NETWORKS),
                    *(f"arrays/{a}.npy" for a in manifest["arrays"])}
        if sorted(names) != sorted(expected):
            _fail(f"unexpected members {sorted(set(names) ^ expected)}.")
        arrays = {}
        for name in manifest["arrays"]:
            try:
                arrays[name] = np.load(io.BytesIO(archive.read(f"arrays/{name}.npy")), allow_pickle=False)
            except ValueError as error:
                _fail(f"array {name} could not be read without pickle ({error}).")
        with tempfile.TemporaryDirectory() as folder:
            networks = {}
            for network in NETWORKS:
                file = Path(folder) / f"{network}.keras"
                file.write_bytes(archive.read(f"{network}.keras"))
                networks[network] = keras.models.load_model(file, compile=False, safe_mode=True)
    return _rebuild(manifest, arrays, networks)


def _rebuild(manifest: dict, arrays: dict, networks: dict):
    attributes = manifest["attributes"]
    model = _estimator_classes()[manifest["estimator"]](**manifest["params"])
    try:
        model._validate_params()
    except ValueError as error:
        _fail(f"bad parameters ({error}).")
    classes = arrays["classes_"]
    if attributes.get("classes_dtype") == "object":
        classes = classes.astype(object)
    if attributes["minority_index"] >= len(classes):
        _fail("minority_index is not an index of classes_.")
    model.classes_ = classes
    model.minority_class_ = classes[attributes["minority_index"]]
    if "feature_names_in_" in arrays:
        model.feature_names_in_ = arrays["feature_names_in_"].astype(object)
    for name in ("_x_min", "_x_max", "_x_span"):
        array = arrays.get(name)
        if array is None or array.shape != (attributes["n_features_in_"],) or array.dtype.kind != "f":
            _fail(f"{name} must be {attributes['n_features_in_']} floats.")
        setattr(model, name, array.astype(np.float64))
    for name in ("n_features_in_", "n_iter_", "steps_per_epoch_"):
        setattr(model, name, int(attributes[name]))
    model.image_shape_ = None if attributes["image_shape_"] is None else tuple(attributes["image_shape_"])
    if attributes["_input_image_shape"] is not None:
        model._input_image_shape = tuple(attributes["_input_image_shape"])
    model.history_ = attributes["history_"]
    if manifest["estimator"] == "ACGANClassifier":
        model._minority = attributes["minority_index"]
    discriminator, generator = networks["discriminator"], networks["generator"]
    heads = model._make_objective().heads
    if (
        set(discriminator.output) != set(heads)
        or discriminator.input_shape[-1] != model.n_features_in_
        or generator.output_shape[-1] != model.n_features_in_
    ):
        _fail("the networks do not fit the estimator's shapes and heads.")
    model._attach_networks(generator, discriminator)
    model._optimizers = None
    return model
