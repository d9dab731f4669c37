"""Chunked reader behind :func:`skevagan.datasets.load_cicflowmeter`.

Each file is parsed ``chunksize`` rows at a time and every chunk is written
straight into one preallocated ``dtype`` array, so memory stays near the size
of the result. Labels are kept as small integer ids into a table of the
labels seen.
"""

from __future__ import annotations

import csv
import os
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from sklearn.utils import Bunch

IDENTIFIER_COLUMNS = (
    "Flow ID", "Src IP", "Source IP", "Dst IP", "Destination IP",
    "Src Port", "Source Port", "Timestamp",
)
PORT_COLUMNS = ("Dst Port", "Destination Port")
DROP_PRESETS = {
    "identifiers": IDENTIFIER_COLUMNS,
    "identifiers+ports": IDENTIFIER_COLUMNS + PORT_COLUMNS,
}


def csv_files(paths) -> list[Path]:
    """The files named by a path, a directory (its ``*.csv``) or an iterable of them."""
    if isinstance(paths, (str, os.PathLike)):
        paths = [paths]
    files: list[Path] = []
    for entry in paths:
        path = Path(entry).expanduser()
        if path.is_dir():
            found = sorted(path.glob("*.csv"))
            if not found:
                raise FileNotFoundError(f"no .csv file in directory {path}")
            files.extend(found)
        elif path.exists():
            files.append(path)
        else:
            raise FileNotFoundError(f"no such file: {path}")
    if not files:
        raise ValueError("paths names no file")
    return files


def drop_set(drop_columns: str | Sequence[str] | None) -> tuple[frozenset, bool]:
    """Column names to drop, and whether each must exist in some file."""
    if drop_columns is None:
        return frozenset(), False
    if isinstance(drop_columns, str):
        if drop_columns not in DROP_PRESETS:
            raise ValueError(
                f"drop_columns={drop_columns!r} is not one of {sorted(DROP_PRESETS)}, "
                "None or a list of column names"
            )
        return frozenset(DROP_PRESETS[drop_columns]), False
    return frozenset(str(c).strip() for c in drop_columns), True


def label_set(labels: str | Iterable[str] | None) -> frozenset | None:
    if labels is None:
        return None
    return frozenset([labels] if isinstance(labels, str) else (str(v).strip() for v in labels))


def label_role(label: str, minority: frozenset | None, majority: frozenset | None) -> int:
    """1 for a minority label, 0 for a majority label, -1 for one left out."""
    if minority is not None:
        is_minority = label in minority
    else:
        if majority is None:
            raise ValueError("give minority_labels, majority_labels or both")
        is_minority = label not in majority
    if is_minority:
        return 1
    return 0 if majority is None or label in majority else -1


def _read_header(handle, path: Path) -> list[str]:
    try:
        line = handle.readline()
        fields = next(csv.reader([line])) if line.strip() else []
    except csv.Error as err:
        raise ValueError(f"could not read {path}: {err}") from err
    if not fields:
        raise ValueError(f"could not read {path}: the file is empty or has no header line")
    names: list[str] = []
    seen: dict[str, int] = {}
    for name in (f.strip() for f in fields):  # CIC-IDS2017 pads names with spaces
        seen[name] = seen.get(name, -1) + 1
        names.append(name if seen[name] == 0 else f"{name}.{seen[name]}")
    return names


def _count_lines(path: Path) -> int:
    """Newlines plus one: an upper bound on a file's records."""
    count = 1
    with open(path, "rb") as handle:
        while block := handle.read(1 << 20):
            count += block.count(b"\n")
    return count


def _chunks(handle, path, names, label_column, chunksize) -> Iterator:
    """Yield ``(chunk, labels)`` for the rows that carry a flow."""
    import pandas as pd

    try:
        # every column is parsed (no usecols) so that a row with too many fields is an error
        reader = pd.read_csv(
            handle, header=None, names=names, index_col=False, dtype={label_column: object},
            chunksize=chunksize, skipinitialspace=True,
        )
        for chunk in reader:
            labels = chunk[label_column].astype("string").str.strip().fillna("")
            # blank rows and header lines repeated inside a file carry no flow
            keep = ((labels != "") & (labels != label_column)).to_numpy(dtype=bool)
            yield chunk.loc[keep], labels[keep].to_numpy(dtype=object)
    except (pd.errors.ParserError, pd.errors.EmptyDataError, UnicodeError) as err:
        raise ValueError(f"could not read {path}: {err}") from err


def _fill(out: np.ndarray, chunk, features: list[str], path: Path) -> None:
    """Write ``chunk[features]`` into ``out`` column by column, converting to its dtype."""
    import pandas as pd

    for j, name in enumerate(features):
        column = chunk[name]
        if pd.api.types.is_numeric_dtype(column.dtype):
            values = column.to_numpy()
        else:  # strings such as "Infinity"
            values = column.to_numpy(dtype=object, na_value=np.nan)
        try:
            with np.errstate(over="ignore"):  # beyond the dtype's range: inf
                out[:, j] = values
        except (ValueError, TypeError) as err:
            raise ValueError(
                f"column {name!r} of {path} is not numeric ({err}); drop it with drop_columns"
            ) from None


@dataclass
class Flows:
    """What :func:`read_flows` found: rows kept, with label ids into ``labels``."""

    X: np.ndarray
    label_ids: np.ndarray
    labels: list[str]
    roles: np.ndarray  # role of each label: 1 minority, 0 majority, -1 left out
    feature_names: list[str]
    seen: dict[str, int] = field(default_factory=dict)  # rows per label, left out included


def read_flows(files, *, label_column, minority, majority, drop, drop_must_exist,
               dtype, chunksize) -> Flows:
    """Read and concatenate ``files``, leaving out rows whose label has role -1."""
    import pandas as pd

    headers = []
    for path in files:  # check every header before parsing any data
        with open(path, newline="", encoding="utf-8-sig", errors="replace") as handle:
            headers.append(_read_header(handle, path))
        if label_column not in headers[-1]:
            names = headers[-1]
            raise ValueError(
                f"{path} has no label column {label_column!r}; its columns are "
                f"{names[:8]}{' ...' if len(names) > 8 else ''}"
            )
    missing = sorted(drop - set().union(*headers)) if drop_must_exist else []
    if missing:
        raise ValueError(f"drop_columns names columns found in no file: {missing}")
    feature_names = [n for n in headers[0] if n != label_column and n not in drop]
    for path, names in zip(files, headers):
        features = [n for n in names if n != label_column and n not in drop]
        if set(features) != set(feature_names):
            differ = sorted(set(features) ^ set(feature_names))
            raise ValueError(f"{path} has other feature columns than {files[0]}: {differ}")

    # One array for all rows, sized by the line count and shrunk in place at the
    # end: peak memory is the result plus one parsed chunk.
    X = np.empty((sum(_count_lines(path) for path in files), len(feature_names)), dtype)
    n_rows = 0
    ids: dict[str, int] = {}
    roles: list[int] = []
    seen: dict[str, int] = {}
    id_parts = []
    for path, names in zip(files, headers):
        with open(path, newline="", encoding="utf-8-sig", errors="replace") as handle:
            handle.readline()  # the header, read above
            for chunk, labels in _chunks(handle, path, names, label_column, chunksize):
                codes, uniques = pd.factorize(labels)
                uniques = [str(u) for u in uniques]
                for label, count in zip(uniques, np.bincount(codes, minlength=len(uniques))):
                    seen[label] = seen.get(label, 0) + int(count)
                    if label not in ids:
                        ids[label] = len(ids)
                        roles.append(label_role(label, minority, majority))
                row_ids = np.array([ids[u] for u in uniques], dtype=np.int32)[codes]
                keep = np.asarray(roles, dtype=np.int8)[row_ids] >= 0
                if not keep.all():
                    chunk, row_ids = chunk.loc[keep], row_ids[keep]
                _fill(X[n_rows:n_rows + len(row_ids)], chunk, feature_names, path)
                n_rows += len(row_ids)
                id_parts.append(row_ids)
    X.resize((n_rows, len(feature_names)), refcheck=False)
    label_ids = np.concatenate(id_parts) if id_parts else np.empty(0, np.int32)
    return Flows(X=X, label_ids=label_ids, labels=list(ids),
                 roles=np.asarray(roles, dtype=np.int8), feature_names=feature_names,
                 seen=seen)


def load(paths, *, label_column, minority_labels, majority_labels, drop_columns, binary,
         return_X_y, as_frame, dtype, chunksize):
    """:func:`skevagan.datasets.load_cicflowmeter`, documented there."""
    files = csv_files(paths)
    if minority_labels is None and majority_labels is None:
        raise ValueError("give minority_labels, majority_labels or both")
    minority_set = label_set(minority_labels)
    majority_set = label_set(majority_labels)
    if minority_set and majority_set and minority_set & majority_set:
        both = sorted(minority_set & majority_set)
        raise ValueError(f"labels {both} are both minority and majority")
    if not np.issubdtype(np.dtype(dtype), np.floating):
        raise ValueError(f"dtype must be a floating dtype, got {dtype!r}")
    if int(chunksize) < 1:
        raise ValueError(f"chunksize must be a positive int, got {chunksize!r}")
    drop, drop_must_exist = drop_set(drop_columns)
    label_column = label_column.strip()
    flows = read_flows(
        files, label_column=label_column, minority=minority_set, majority=majority_set,
        drop=drop, drop_must_exist=drop_must_exist, dtype=dtype, chunksize=int(chunksize),
    )
    X, ids = flows.X, flows.label_ids
    y_role = flows.roles[ids] if ids.size else np.empty(0, np.int8)
    if not np.any(y_role == 1):
        raise ValueError(
            f"no minority rows: the labels found are {flows.seen}; set minority_labels "
            "or majority_labels to pick the minority class"
        )
    label_names = np.array(flows.labels, dtype=object)
    counts = np.bincount(ids, minlength=len(label_names))
    label_counts = {str(label_names[i]): int(counts[i])
                    for i in np.argsort(-counts, kind="stable") if counts[i]}
    if binary:
        y = y_role.astype(np.int64)
        target_names = np.array(["majority", "minority"], dtype=object)
    else:
        y, target_names = label_names[ids], np.array(sorted(label_counts), dtype=object)
    if as_frame:
        import pandas as pd

        X = pd.DataFrame(X, columns=flows.feature_names, copy=False)
        y = pd.Series(y, name=label_column)
    if return_X_y:
        return X, y
    return Bunch(
        data=X, target=y, feature_names=list(flows.feature_names), target_names=target_names,
        label_counts=label_counts,
        minority_labels=sorted(u for u in label_counts
                               if flows.roles[flows.labels.index(u)] == 1),
        files=[str(f) for f in files],
    )
