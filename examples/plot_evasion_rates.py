"""
Evasion rates of classifiers against GAN-generated rows
=======================================================

The paper's evasion-awareness claim: rows generated as minority by a GAN
slip past ordinary classifiers --- they are predicted as majority --- far
more often than past EVAGAN's discriminator, which saw generated rows all
through training. The evasion rate of a classifier is the share of generated
minority rows it predicts as majority
(:func:`skevagan.metrics.evasion_rate`).

To keep the test honest, the *attacker* is a separate EVAGAN trained with
another seed: its rows were never seen by the defending EVAGAN.
"""

# %%
import numpy as np
from sklearn.datasets import make_classification
from sklearn.model_selection import train_test_split

from skevagan import EVAGANClassifier

X, y = make_classification(n_samples=1500, n_features=12, n_informative=6, weights=[0.93],
                           class_sep=1.2, random_state=1)
X_train, X_test, y_train, y_test = train_test_split(X, y, stratify=y, test_size=0.3, random_state=0)

attacker = EVAGANClassifier(epochs=60, batch_size=64, random_state=1).fit(X_train, y_train)
X_attack = attacker.sample(1000, random_state=0)

# %%
# The defenders: EVAGAN's discriminator (trained with another seed) and the
# six classifiers of the paper, trained on the real training rows.
from sklearn.ensemble import RandomForestClassifier
from sklearn.linear_model import LogisticRegression
from sklearn.naive_bayes import GaussianNB
from sklearn.neighbors import KNeighborsClassifier
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler
from sklearn.tree import DecisionTreeClassifier
from xgboost import XGBClassifier

from skevagan.metrics import evasion_rate

defenders = {
    "EVAGAN": EVAGANClassifier(epochs=60, batch_size=64, random_state=0),
    "XGB": XGBClassifier(n_estimators=100, max_depth=4, n_jobs=1, random_state=0),
    "DT": DecisionTreeClassifier(random_state=0),
    "NB": GaussianNB(),
    "RF": RandomForestClassifier(n_estimators=100, n_jobs=1, random_state=0),
    "LR": make_pipeline(StandardScaler(), LogisticRegression(max_iter=1000)),
    "KNN": make_pipeline(StandardScaler(), KNeighborsClassifier()),
}
rates = {}
for name, model in defenders.items():
    model.fit(X_train, y_train)
    rates[name] = evasion_rate(model, X_attack, minority_class=1)
    real_recall = float(np.mean(model.predict(X_test[y_test == 1]) == 1))
    print(f"{name:6s} evasion rate {rates[name]:.3f}   recall on real test minority {real_recall:.3f}")

# %%
# The same computation by hand, for one classifier: the share of generated
# rows predicted as the majority class.
manual = float(np.mean(defenders["XGB"].predict(X_attack) != 1))
print(f"XGB by hand: {manual:.3f}")

# %%
import matplotlib.pyplot as plt

fig, ax = plt.subplots(figsize=(6, 2.8), layout="constrained")
names = sorted(rates, key=rates.get)
ax.barh(names, [rates[n] for n in names], color=["tab:red" if n == "EVAGAN" else "tab:gray" for n in names])
ax.set_xlabel("share of generated minority rows predicted as majority (lower is better)")
ax.set_xlim(0, 1)
plt.show()

# %%
# With a few epochs on toy data the ranking can go either way; the
# :doc:`/reproduction` page reports the measured rates over several data
# sets, folds and undersampling levels.
