"""scikit-learn's estimator contract for both GAN classifiers."""

from sklearn.utils.estimator_checks import parametrize_with_checks

from skevagan import ACGANClassifier, EVAGANClassifier

# Small networks trained briefly but hard enough to pass check_classifiers_train.
FAST = dict(epochs=8, steps_per_epoch=8, batch_size=32, latent_dim=8, learning_rate=5e-3, random_state=0)

# Every expected failure, with its reason. Keep this empty unless argued.
EXPECTED_FAILURES: dict = {}


def _expected_failures(estimator):
    return EXPECTED_FAILURES.get(type(estimator).__name__, {})


@parametrize_with_checks(
    [EVAGANClassifier(**FAST), ACGANClassifier(**FAST)],
    expected_failed_checks=_expected_failures,
)
def test_sklearn_estimator_contract(estimator, check):
    check(estimator)
