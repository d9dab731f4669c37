"""
Loading CICFlowMeter CSV files through the preprocessing pipeline
=================================================================

Botnet data sets such as CIC-IDS2017 and CIC-IDS2018 come as CSV files
exported by CICFlowMeter. :func:`skevagan.datasets.load_cicflowmeter` reads
them (in chunks, into one float32 array); the paper's Algorithm 1 --- remove
NaN/inf rows and constant columns, clip outliers by quantiles, scale to
[0, 1] --- is :class:`~skevagan.preprocessing.FlowCleaner` and
:class:`~skevagan.preprocessing.OutlierRemover`, pipeline steps that learn
from the training fold only.

The CSV here is a tiny synthetic one written to a temporary folder; point
``load_cicflowmeter`` at your own capture folder instead.
"""

# %%
# Write a small flow file in CIC-IDS2017's layout (leading spaces in the
# header, ``Infinity`` and ``NaN`` values, identifier columns).
import tempfile
from pathlib import Path

import numpy as np

rng = np.random.default_rng(0)
folder = Path(tempfile.mkdtemp())
n_benign, n_bot = 400, 40
lines = ["Flow ID, Source IP, Source Port, Destination IP, Destination Port, Timestamp, "
         "Flow Duration, Total Fwd Packets, Flow Bytes/s, Fwd Packet Length Mean, Bwd IAT Std, "
         "Constant Flag, Label"]
for i in range(n_benign + n_bot):
    bot = i >= n_benign
    duration = rng.exponential(8000 if bot else 30000)
    packets = rng.poisson(3 if bot else 12) + 1
    byte_rate = "Infinity" if i % 97 == 0 else f"{rng.exponential(900 if bot else 3000):.2f}"
    length = rng.normal(60 if bot else 300, 20)
    iat_std = "NaN" if i % 131 == 0 else f"{abs(rng.normal(50 if bot else 400, 40)):.1f}"
    label = "Bot" if bot else "BENIGN"
    lines.append(f"f{i},10.0.0.{i % 250},{40000 + i},192.168.0.1,{8080 if bot else 443},"
                 f"3/7/2017 10:{i % 60:02d},{duration:.0f},{packets},{byte_rate},{length:.1f},"
                 f"{iat_std},0,{label}")
(folder / "Friday-WorkingHours.csv").write_text("\n".join(lines) + "\n")

# %%
# Load the folder. Identifier columns (flow id, addresses, source port,
# timestamp) are dropped by default; labels become 1 (minority: every label
# but BENIGN) and 0.
from skevagan.datasets import load_cicflowmeter

flows = load_cicflowmeter(folder, return_X_y=False)
print(flows.feature_names)
print(flows.label_counts, flows.data.dtype, flows.data.shape)
print("non-finite values:", int((~np.isfinite(flows.data)).sum()))

# %%
# Algorithm 1 in one call, :func:`skevagan.preprocessing.preprocess_flows`,
# for a quick look at what it removes (in a model, fit it on the training
# split only --- or use the pipeline below):
from skevagan.preprocessing import preprocess_flows

X_clean, y_clean, steps = preprocess_flows(flows.data, flows.target)
print(X_clean.shape, float(X_clean.min()), float(X_clean.max()))
print(f"kept {len(y_clean)} of {len(flows.target)} rows and {X_clean.shape[1]} of {flows.data.shape[1]} columns; "
      f"minority rows kept: {int(y_clean.sum())} of {int(flows.target.sum())}")

# %%
# In a model, put the same steps in an imbalanced-learn pipeline so that they
# are fitted inside each training fold. Rows removed as outliers or for NaN/inf
# are left out of the fit only; at predict time every test row is scored, its
# missing values filled with the training median.
from imblearn.pipeline import make_pipeline
from sklearn.impute import SimpleImputer
from sklearn.metrics import average_precision_score
from sklearn.model_selection import train_test_split

from skevagan import EVAGANClassifier
from skevagan.preprocessing import FlowCleaner, OutlierRemover

X_train, X_test, y_train, y_test = train_test_split(flows.data, flows.target, stratify=flows.target,
                                                    test_size=0.3, random_state=0)
model = make_pipeline(
    FlowCleaner(),                        # constant columns out, inf -> NaN, scaled to [0, 1]
    OutlierRemover(),                     # NaN and outlier rows left out of the fit
    SimpleImputer(strategy="median"),     # only acts at predict time: the fit rows are complete
    EVAGANClassifier(epochs=30, batch_size=32, random_state=0),
)
model.fit(X_train, y_train)
proba = model.predict_proba(X_test)[:, 1]
print(f"test average precision: {average_precision_score(y_test, proba):.3f}")
