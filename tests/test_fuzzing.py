"""Property-based input fuzzing: every call works or refuses clearly.

Over X shapes, dtypes, label types, class ratios down to one minority row,
constant features and duplicated rows, ``fit``/``predict_proba``/``sample``
either succeed with finite probabilities or raise ValueError/TypeError with
a message — never a TensorFlow error, a hang or a NaN prediction.
"""

import numpy as np
import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from skevagan import ACGANClassifier, EVAGANClassifier

TINY = dict(epochs=1, steps_per_epoch=1, batch_size=16, latent_dim=4, random_state=0)
# Each example is a GAN fit (~2 s): no shrinking, so a failure reports its raw example quickly.
FUZZ = settings(max_examples=12, deadline=None, derandomize=True, phases=[Phase.explicit, Phase.generate],
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])

X_DTYPES = st.sampled_from(["float16", "float32", "float64", "int32", "int64", "bool", "object"])
LABEL_KINDS = st.sampled_from(["int", "str", "bool", "negative"])


@st.composite
def datasets(draw):
    n_rows = draw(st.integers(2, 200))
    n_features = draw(st.integers(1, 3))
    dtype = draw(X_DTYPES)
    if dtype == "bool":
        X = draw(hnp.arrays(bool, (n_rows, n_features)))
    elif dtype == "object":
        X = draw(hnp.arrays(np.float64, (n_rows, n_features), elements=st.floats(-1e3, 1e3))).astype(object)
    elif dtype.startswith("int"):
        X = draw(hnp.arrays(dtype, (n_rows, n_features), elements=st.integers(-1000, 1000)))
    else:
        X = draw(hnp.arrays(dtype, (n_rows, n_features), elements=st.floats(-1e3, 1e3, width=16)))
    if draw(st.booleans()):
        X[:, 0] = X[0, 0]  # a constant feature
    if draw(st.booleans()) and n_rows > 3:
        X[1:3] = X[0]  # duplicated rows
    n_minority = draw(st.integers(0, max(n_rows // 2, 1)))
    codes = np.zeros(n_rows, int)
    codes[:n_minority] = 1
    codes = np.random.default_rng(n_rows).permutation(codes)
    kind = draw(LABEL_KINDS)
    y = {"int": codes, "str": np.where(codes == 1, "bot", "benign"), "bool": codes == 1,
         "negative": np.where(codes == 1, -7, -1)}[kind]
    return X, y


def _works_or_refuses(make, X, y):
    model = make()
    try:
        model.fit(X, y)
    except (ValueError, TypeError) as error:
        assert str(error), "errors must say what is wrong"
        return
    proba = model.predict_proba(X)
    assert proba.shape == (len(X), len(model.classes_))
    assert np.isfinite(proba).all() and (proba >= 0).all() and (proba <= 1).all()
    assert set(np.unique(model.predict(X))) <= set(model.classes_)
    fake = model.sample(3)
    assert fake.shape == (3, model.n_features_in_) and np.isfinite(fake).all()


@FUZZ
@given(datasets())
def test_evagan_works_or_refuses(data):
    _works_or_refuses(lambda: EVAGANClassifier(**TINY), *data)


@FUZZ
@given(datasets())
def test_acgan_works_or_refuses(data):
    _works_or_refuses(lambda: ACGANClassifier(**TINY), *data)


@settings(max_examples=4, deadline=None, derandomize=True, phases=[Phase.explicit, Phase.generate])
@given(st.integers(4, 30), st.sampled_from([(4, 4), (8, 8), (4, 8, 3)]))
def test_conv_images_work_or_refuse(n_rows, shape):
    rng = np.random.default_rng(n_rows)
    X = rng.random((n_rows, *shape))
    y = (np.arange(n_rows) % 3 == 0).astype(int)
    _works_or_refuses(lambda: EVAGANClassifier(network="conv", **TINY), X, y)


def test_one_minority_row_is_refused_with_a_reason():
    X = np.random.default_rng(0).random((20, 2))
    y = np.r_[np.ones(1, int), np.zeros(19, int)]
    with pytest.raises(ValueError, match="at least 2 rows"):
        EVAGANClassifier(**TINY).fit(X, y)
