"""skevagan.save / skevagan.load: round trips, and tampered archives refused."""

import json
import zipfile

import numpy as np
import pandas as pd
import pytest
from sklearn.datasets import load_digits

import skevagan
from skevagan import ACGANClassifier, EVAGANClassifier

QUICK = dict(epochs=2, steps_per_epoch=2, batch_size=32, latent_dim=8, random_state=0)


@pytest.fixture(scope="module")
def saved(tmp_path_factory):
    X, y = load_digits(n_class=2, return_X_y=True)
    labels = np.where(y == 0, "zero", "one").astype(object)
    model = EVAGANClassifier(**QUICK).fit(X, labels)
    path = tmp_path_factory.mktemp("models") / "model.zip"
    skevagan.save(model, path)
    return model, path, X


def _rewrite(source, target, *, drop=(), add=(), manifest=None):
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w") as new:
        for name in old.namelist():
            if name in drop:
                continue
            data = old.read(name)
            if name == "manifest.json" and manifest is not None:
                data = json.dumps(manifest(json.loads(data))).encode()
            new.writestr(name, data)
        for name, data in add:
            new.writestr(name, data)
    return target


def test_round_trip_gives_identical_predictions_and_samples(saved):
    model, path, X = saved
    loaded = skevagan.load(path)
    assert type(loaded) is EVAGANClassifier and loaded.get_params() == model.get_params()
    np.testing.assert_array_equal(loaded.predict_proba(X), model.predict_proba(X))
    np.testing.assert_array_equal(loaded.predict(X), model.predict(X))
    np.testing.assert_array_equal(loaded.sample(5, random_state=1), model.sample(5, random_state=1))
    assert loaded.minority_class_ == model.minority_class_ and loaded.history_ == model.history_


def test_acgan_with_feature_names_and_conv_round_trip(tmp_path):
    X, y = load_digits(n_class=3, return_X_y=True)
    frame = pd.DataFrame(X, columns=[f"pixel_{i}" for i in range(64)])
    for model in (ACGANClassifier(**QUICK).fit(frame, y),
                  EVAGANClassifier(network="conv", **QUICK).fit(X[y < 2].reshape(-1, 8, 8), y[y < 2])):
        skevagan.save(model, tmp_path / "m.zip")
        loaded = skevagan.load(tmp_path / "m.zip")
        data = frame if isinstance(model, ACGANClassifier) else X[y < 2].reshape(-1, 8, 8)
        np.testing.assert_array_equal(loaded.predict_proba(data), model.predict_proba(data))
    assert list(loaded.image_shape_) == [8, 8, 1]


def test_archive_holds_no_pickle(saved):
    _, path, _ = saved
    with zipfile.ZipFile(path) as archive:
        for name in archive.namelist():
            if name.endswith(".npy"):
                assert b"pickle" not in archive.read(name).lower()
            assert not name.endswith((".pkl", ".pickle", ".joblib"))


@pytest.mark.parametrize(
    "tamper, message",
    [
        (dict(add=[("extra.py", b"print('hi')")]), "unexpected members"),
        (dict(add=[("../escape.keras", b"x")]), "unexpected members"),
        (dict(drop=["arrays/_x_span.npy"]), "unexpected members"),
        (dict(manifest=lambda m: {**m, "format_version": 99}), "format version"),
        (dict(manifest=lambda m: {**m, "skevagan_version": "99.0.0"}), "newer"),
        (dict(manifest=lambda m: {**m, "estimator": "os.system"}), "unknown estimator"),
        (dict(manifest=lambda m: {**m, "attributes": {**m["attributes"], "n_features_in_": "64"}}), "integer"),
        (dict(manifest=lambda m: {**m, "params": {**m["params"], "epochs": "many"}}), "bad parameters"),
        (dict(manifest=lambda m: {**m, "attributes": {**m["attributes"], "history_": [1, 2]}}), "history_"),
    ],
)
def test_tampered_archive_is_refused(saved, tmp_path, tamper, message):
    _, path, _ = saved
    bad = _rewrite(path, tmp_path / "bad.zip", **tamper)
    with pytest.raises(ValueError, match=message):
        skevagan.load(bad)


def test_pickled_array_is_refused(saved, tmp_path):
    _, path, _ = saved
    import io

    buffer = io.BytesIO()
    np.save(buffer, np.array([{"a": 1}], dtype=object), allow_pickle=True)
    bad = _rewrite(path, tmp_path / "bad.zip", drop=["arrays/classes_.npy"],
                   add=[("arrays/classes_.npy", buffer.getvalue())])
    with pytest.raises(ValueError, match="without pickle"):
        skevagan.load(bad)


def test_unsaveable_parameters_are_refused(tmp_path):
    X, y = load_digits(n_class=2, return_X_y=True)
    model = EVAGANClassifier(**{**QUICK, "random_state": np.random.RandomState(0)}).fit(X, y)
    with pytest.raises(ValueError, match="random_state"):
        skevagan.save(model, tmp_path / "m.zip")
    with pytest.raises(TypeError):
        skevagan.save(object(), tmp_path / "m.zip")
