"""
EVAGAN versus SMOTE in front of XGBoost, tuned with GridSearchCV
================================================================

:class:`~skevagan.EVAGANSampler` is an imbalanced-learn over-sampler, so it
goes where ``SMOTE`` goes: first in an ``imblearn`` pipeline, whose
parameters ``GridSearchCV`` tunes. Rows are generated only while the pipeline
is fitted; ``predict`` never resamples, so the test rows are scored as they
are.
"""

# %%
# An imbalanced data set: 5 % minority.
import numpy as np
from imblearn.over_sampling import SMOTE
from imblearn.pipeline import make_pipeline
from sklearn.datasets import make_classification
from sklearn.metrics import average_precision_score
from sklearn.model_selection import GridSearchCV, StratifiedKFold, train_test_split
from xgboost import XGBClassifier

from skevagan import EVAGANSampler

X, y = make_classification(n_samples=800, n_features=10, n_informative=4, weights=[0.95],
                           class_sep=1.5, random_state=0)
X_train, X_test, y_train, y_test = train_test_split(X, y, stratify=y, test_size=0.3, random_state=0)
print("training rows per class:", np.bincount(y_train))


def xgboost():
    return XGBClassifier(n_estimators=50, max_depth=3, n_jobs=1, random_state=0)


cv = StratifiedKFold(n_splits=2, shuffle=True, random_state=0)

# %%
# The two pipelines and their grids. The GAN's epochs are kept tiny so the
# example runs in seconds; real use wants the defaults (150) or more.
evagan = make_pipeline(EVAGANSampler(batch_size=64, random_state=0), xgboost())
smote = make_pipeline(SMOTE(random_state=0), xgboost())

searches = {
    "EVAGANSampler + XGBoost": GridSearchCV(evagan, {"evagansampler__epochs": [10, 40]}, cv=cv,
                                            scoring="average_precision"),
    "SMOTE + XGBoost": GridSearchCV(smote, {"smote__k_neighbors": [3, 5]}, cv=cv,
                                    scoring="average_precision"),
}
for name, search in searches.items():
    search.fit(X_train, y_train)
    test_ap = average_precision_score(y_test, search.predict_proba(X_test)[:, 1])
    print(f"{name:25s} best {search.best_params_}  CV AP {search.best_score_:.3f}  test AP {test_ap:.3f}")

# %%
# Cross-validated scores of every grid point.
import matplotlib.pyplot as plt

fig, ax = plt.subplots(figsize=(6, 2.8), layout="constrained")
labels, scores = [], []
for name, search in searches.items():
    for params, score in zip(search.cv_results_["params"], search.cv_results_["mean_test_score"]):
        labels.append(f"{name.split(' +')[0]} {list(params.values())[0]}")
        scores.append(score)
ax.barh(labels, scores, color=["tab:blue"] * 2 + ["tab:orange"] * 2)
ax.set_xlabel("mean CV average precision")
ax.set_xlim(min(scores) - 0.05, 1.0)
plt.show()
