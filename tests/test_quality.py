"""Quality gates: lint, types, documentation build and doctests.

Each gate runs its tool in a subprocess (``sys.executable -m ...``) from the
repository root, exactly as a developer would, so a failure message is the
tool's own output. The tools come with the ``test`` extra
(``pip install -e ".[test]"``); a gate whose tool is missing is skipped with a
message saying so.
"""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
LINTED = ["skevagan", "tests", "benchmarks", "examples", "docs"]


def _needs(*modules: str) -> None:
    missing = [m for m in modules if importlib.util.find_spec(m) is None]
    if missing:
        pytest.skip(f"{', '.join(missing)} not installed: pip install -e \".[test]\"")


def _run(args: list[str], timeout: float) -> subprocess.CompletedProcess:
    env = {**os.environ, "MPLBACKEND": "agg", "TF_CPP_MIN_LOG_LEVEL": "3", "PYTHONHASHSEED": "0"}
    env.pop("PYTEST_ADDOPTS", None)
    result = subprocess.run(
        [sys.executable, *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=timeout
    )
    assert result.returncode == 0, (
        f"`python {' '.join(args)}` exited with {result.returncode}\n"
        f"--- stdout ---\n{result.stdout[-8000:]}\n--- stderr ---\n{result.stderr[-8000:]}"
    )
    return result


def test_ruff_clean():
    _needs("ruff")
    _run(["-m", "ruff", "check", "--no-cache", *LINTED], timeout=120)


def test_mypy_clean():
    _needs("mypy")
    _run(["-m", "mypy", "--no-incremental", "skevagan"], timeout=300)


def test_doctests_pass():
    """Every Examples section in the package runs (``pytest --doctest-modules skevagan``)."""
    result = _run(
        ["-m", "pytest", "--doctest-modules", "skevagan", "-q", "-p", "no:cacheprovider", "-o", "addopts="],
        timeout=400,
    )
    assert " passed" in result.stdout


def test_docs_build_without_warnings(tmp_path):
    """``python -m sphinx -W -b html docs ...``: zero warnings, gallery examples included."""
    _needs("sphinx", "numpydoc", "pydata_sphinx_theme", "sphinx_gallery", "myst_parser", "matplotlib")
    out = tmp_path / "html"
    _run(["-m", "sphinx", "-W", "--keep-going", "-q", "-b", "html", "-d", str(tmp_path / "doctrees"),
          "docs", str(out)], timeout=540)
    for page in ("index", "getting_started", "api", "benchmarks", "reproduction",
                 "user_guide/evagan", "auto_examples/index"):
        assert (out / f"{page}.html").is_file(), page


PUBLIC_MODULES = ["skevagan", "skevagan.datasets", "skevagan.preprocessing", "skevagan.metrics",
                  "skevagan.plotting", "skevagan.benchmark", "skevagan.cli"]


def _public_objects():
    import importlib
    import inspect

    for module_name in PUBLIC_MODULES:
        module = importlib.import_module(module_name)
        names = getattr(module, "__all__", None) or [n for n in vars(module) if not n.startswith("_")]
        for name in names:
            obj = getattr(module, name)
            if (inspect.isclass(obj) or inspect.isfunction(obj)) and obj.__module__.startswith("skevagan"):
                yield f"{module_name}.{name}", obj


def test_every_public_object_documents_an_example():
    """Each public class and function has Parameters or Returns and an Examples section (the API page's promise)."""
    _needs("numpydoc")
    import numpydoc.docscrape as docscrape

    missing = []
    for qualified, obj in _public_objects():
        doc = docscrape.ClassDoc(obj) if isinstance(obj, type) else docscrape.FunctionDoc(obj)
        if not doc["Examples"] or not (doc["Parameters"] or doc["Returns"]):
            missing.append(qualified)
    assert not missing, f"no Examples or no Parameters/Returns section: {missing}"
    assert sum(1 for _ in _public_objects()) >= 30
