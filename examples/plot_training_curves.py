"""
Training curves from ``history_``
=================================

Every fit records, per epoch, the discriminator and generator losses, each
head's loss, the paper's four estimations and the wall time in
``history_``. :func:`skevagan.plotting.plot_history` draws them (the paper's
Figs 4--7); :func:`skevagan.plotting.plot_histories` overlays several fits.
"""

# %%
# Fit EVAGAN and ACGAN on the same data. ``validation_fraction`` holds out
# rows so that the estimations on real rows (``majority_estimation``,
# ``real_minority_evasion``) are recorded too.
from sklearn.datasets import make_classification

from skevagan import ACGANClassifier, EVAGANClassifier

X, y = make_classification(n_samples=1500, n_features=12, n_informative=6, weights=[0.93],
                           class_sep=1.5, random_state=0)
common = dict(epochs=40, batch_size=64, steps_per_epoch=3, validation_fraction=0.2, random_state=0)
evagan = EVAGANClassifier(**common).fit(X, y)
acgan = ACGANClassifier(**common).fit(X, y)
print(sorted(evagan.history_))
print("last epoch:", {k: round(v[-1], 3) for k, v in evagan.history_.items() if k.endswith("loss")})

# %%
# One fit: losses on the left, estimations on the right.
from skevagan.plotting import plot_histories, plot_history

fig = plot_history(evagan, title="EVAGAN")

# %%
# Both GANs, one panel per estimation.
comparison = plot_histories({"EVAGAN": evagan, "ACGAN": acgan})

# %%
# ``history_`` is a plain dict of lists, easy to load into pandas for
# anything else.
import pandas as pd

frame = pd.DataFrame(evagan.history_)
print(frame[["d_loss", "g_loss", "gen_validity", "majority_estimation", "status"]].tail())
