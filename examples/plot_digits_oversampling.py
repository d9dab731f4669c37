"""
Over-sampling a digit with a handful of examples
================================================

The paper's low-data image setting on scikit-learn's 8x8 digits: 0 versus 1
with 90 % of the training zeros removed. :class:`~skevagan.EVAGANClassifier`
learns to generate zeros from the few that remain, and
:class:`~skevagan.EVAGANSampler` adds generated zeros to the training set of
another classifier.
"""

# %%
from skevagan.datasets import load_digits_pair

X_train, X_test, y_train, y_test = load_digits_pair(0, 1, undersample=0.9, random_state=0)
print("training zeros:", int((y_train == 1).sum()), " training ones:", int((y_train == 0).sum()))

# %%
# Fit EVAGAN. With so few zeros an epoch is a single step, so many epochs
# are cheap.
from skevagan import EVAGANClassifier

gan = EVAGANClassifier(epochs=400, batch_size=32, random_state=0).fit(X_train, y_train)
generated = gan.sample(16, random_state=0)

# %%
# Real training zeros next to generated ones.
import matplotlib.pyplot as plt

real = X_train[y_train == 1][:8]
fig, axes = plt.subplots(2, 8, figsize=(8, 2.4))
for ax, image in zip(axes[0], real):
    ax.imshow(image.reshape(8, 8), cmap="gray_r")
for ax, image in zip(axes[1], generated):
    ax.imshow(image.reshape(8, 8), cmap="gray_r")
for ax in axes.ravel():
    ax.set_axis_off()
axes[0, 0].set_title("real", loc="left")
axes[1, 0].set_title("generated", loc="left")
plt.show()

# %%
# :func:`skevagan.plotting.plot_generated_images` draws such a grid straight
# from a fitted GAN (it returns a figure without touching pyplot).
from skevagan.plotting import plot_generated_images

grid = plot_generated_images(gan, n=16, title="EVAGAN zeros")

# %%
# Over-sample the training set and fit a logistic regression with and without
# the generated zeros.
from imblearn.pipeline import make_pipeline
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import balanced_accuracy_score

from skevagan import EVAGANSampler

plain = LogisticRegression(max_iter=2000).fit(X_train, y_train)
oversampled = make_pipeline(
    EVAGANSampler(estimator=EVAGANClassifier(epochs=400, batch_size=32, random_state=0)),
    LogisticRegression(max_iter=2000),
).fit(X_train, y_train)
for name, model in (("plain", plain), ("EVAGAN over-sampled", oversampled)):
    print(f"{name:20s} balanced accuracy {balanced_accuracy_score(y_test, model.predict(X_test)):.3f}")
print("generated zeros added to the training set:", int(oversampled[0].sampling_strategy_[1]))
