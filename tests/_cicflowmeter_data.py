"""Small CSV files in CICFlowMeter's real layouts (CIC-IDS2017 and CIC-IDS2018)."""

from __future__ import annotations

from pathlib import Path

import numpy as np

# CIC-IDS2017 "TrafficLabelling" header: names padded with a leading space,
# identifier columns first, "Fwd Header Length" twice, "Label" last.
COLUMNS_2017 = [
    "Flow ID", " Source IP", " Source Port", " Destination IP", " Destination Port",
    " Protocol", " Timestamp", " Flow Duration", " Total Fwd Packets",
    " Total Backward Packets", "Total Length of Fwd Packets", " Total Length of Bwd Packets",
    " Fwd Packet Length Max", " Fwd Packet Length Min", " Fwd Packet Length Mean",
    " Bwd Packet Length Mean", "Flow Bytes/s", " Flow Packets/s", " Flow IAT Mean",
    " Flow IAT Std", " Flow IAT Max", " Flow IAT Min", "Fwd IAT Total", " Fwd Header Length",
    " Bwd Header Length", "Fwd PSH Flags", " Bwd PSH Flags", " Fwd Header Length",
    " Average Packet Size", "Init_Win_bytes_forward", " Init_Win_bytes_backward", " Label",
]
# CIC-IDS2018 header: short names, no padding.
COLUMNS_2018 = [
    "Dst Port", "Protocol", "Timestamp", "Flow Duration", "Tot Fwd Pkts", "Tot Bwd Pkts",
    "TotLen Fwd Pkts", "TotLen Bwd Pkts", "Fwd Pkt Len Max", "Fwd Pkt Len Min",
    "Fwd Pkt Len Mean", "Bwd Pkt Len Mean", "Flow Byts/s", "Flow Pkts/s", "Flow IAT Mean",
    "Flow IAT Std", "Flow IAT Max", "Flow IAT Min", "Fwd IAT Tot", "Fwd Header Len",
    "Bwd Header Len", "Fwd PSH Flags", "Bwd PSH Flags", "Pkt Size Avg", "Init Fwd Win Byts",
    "Init Bwd Win Byts", "Label",
]
IDENTIFIERS_2017 = {"Flow ID", "Source IP", "Source Port", "Destination IP", "Timestamp"}
# 2017 features after the default drop: everything but identifiers and label,
# the second "Fwd Header Length" renamed as pandas does.
FEATURES_2017 = [c.strip() for c in COLUMNS_2017[:-1] if c.strip() not in IDENTIFIERS_2017]
FEATURES_2017[[i for i, c in enumerate(FEATURES_2017) if c == "Fwd Header Length"][1]] = (
    "Fwd Header Length.1"
)
FEATURES_2018 = [c for c in COLUMNS_2018[:-1] if c != "Timestamp"]


def _numeric_rows(rng, n: int, bot: bool) -> np.ndarray:
    """(n, 22) flow statistics; bots have short flows with few packets."""
    scale = 0.2 if bot else 1.0
    duration = rng.integers(1, 5_000_000, n) * scale
    fwd = rng.integers(1, 40, n) * scale + 1
    bwd = rng.integers(0, 40, n) * scale
    len_fwd = fwd * rng.integers(20, 1400, n)
    len_bwd = bwd * rng.integers(0, 1400, n)
    iat = duration / (fwd + bwd)
    return np.column_stack([
        duration, fwd, bwd, len_fwd, len_bwd, rng.integers(0, 1500, n), rng.integers(0, 60, n),
        len_fwd / fwd, len_bwd / np.maximum(bwd, 1), (len_fwd + len_bwd) / duration * 1e6,
        (fwd + bwd) / duration * 1e6, iat, iat * rng.random(n), iat * 2, iat / 4,
        duration * 0.9, fwd * 20, bwd * 20, rng.integers(0, 2, n), np.zeros(n),
        fwd * 20, (len_fwd + len_bwd) / (fwd + bwd),
    ])


def write_2017(path: Path, *, n_benign: int = 300, n_bot: int = 40, n_inf: int = 3,
               n_nan: int = 2, extra_labels: dict | None = None, seed: int = 0) -> Path:
    """Write a CIC-IDS2017-style file; "Flow Bytes/s" holds Infinity and NaN strings."""
    rng = np.random.default_rng(seed)
    labels = ["BENIGN"] * n_benign + ["Bot"] * n_bot
    for label, count in (extra_labels or {}).items():
        labels += [label] * count
    lines = [",".join(COLUMNS_2017)]
    for i, label in enumerate(labels):
        bot = label != "BENIGN"
        v = _numeric_rows(rng, 1, bot)[0]
        src, dst = f"192.168.10.{i % 250 + 1}", "205.174.165.73" if bot else "104.16.207.165"
        sport, dport = 40000 + i, 8080 if bot else 443
        flow_bytes = "Infinity" if i < n_inf else ("NaN" if i < n_inf + n_nan else f"{v[9]:.6f}")
        ints = [f"{x:.0f}" for x in v]
        row = [f"{src}-{dst}-{sport}-{dport}-6", src, str(sport), dst, str(dport), "6",
               f"7/7/2017 10:{i % 60:02d}", *ints[:9], flow_bytes, f"{v[10]:.6f}",
               *ints[11:18], ints[18], "0", ints[16], f"{v[21]:.4f}",
               str(rng.integers(0, 65536)), str(rng.integers(-1, 65536))]
        lines.append(",".join([*row, label]))
    path.write_text("\n".join(lines) + "\n")
    return path


def write_2018(path: Path, *, n_benign: int = 200, n_bot: int = 30, repeat_header: bool = True,
               seed: int = 1) -> Path:
    """Write a CIC-IDS2018-style file, with a header line repeated mid-file as in the real data."""
    rng = np.random.default_rng(seed)
    labels = ["Benign"] * n_benign + ["Bot"] * n_bot
    rng.shuffle(labels)
    lines = [",".join(COLUMNS_2018)]
    for i, label in enumerate(labels):
        v = _numeric_rows(rng, 1, label == "Bot")[0]
        ints = [f"{x:.0f}" for x in v]
        row = ["8080" if label == "Bot" else "443", "6", f"02/03/2018 08:{i % 60:02d}:38",
               *ints[:9], "inf" if i == 0 else f"{v[9]:.6f}", f"{v[10]:.6f}", *ints[11:18],
               ints[18], "0", f"{v[21]:.4f}", str(rng.integers(0, 65536)),
               "nan" if i == 1 else str(rng.integers(-1, 65536))]
        lines.append(",".join([*row, label]))
        if repeat_header and i == len(labels) // 2:
            lines.append(",".join(COLUMNS_2018))
    path.write_text("\n".join(lines) + "\n")
    return path
