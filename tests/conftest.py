import numpy as np
import pytest
from sklearn.datasets import make_classification


@pytest.fixture(scope="session")
def imbalanced():
    """2,000 rows, 10 features, 5 % minority (label 1)."""
    return make_classification(
        n_samples=2000, n_features=10, n_informative=5, weights=[0.95], class_sep=2.0, random_state=0
    )


@pytest.fixture(scope="session")
def small():
    X, y = make_classification(n_samples=200, n_features=6, weights=[0.8], random_state=1)
    return X.astype(np.float64), y
