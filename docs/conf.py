"""Sphinx configuration of the skevagan documentation.

Build with ``python -m sphinx -W -b html docs docs/_build/html``. Nothing is
fetched from the network: intersphinx is not used, and the benchmark pages
are filled from the result files committed under ``benchmarks/results``.
"""

from __future__ import annotations

import os
import re
import shutil
import sys
from pathlib import Path

DOCS = Path(__file__).resolve().parent
ROOT = DOCS.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(DOCS / "sphinxext"))
os.environ.setdefault("KERAS_BACKEND", "tensorflow")
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
os.environ.setdefault("MPLBACKEND", "agg")


def _read_version() -> str:
    """The version, from its one home ``skevagan/_version.py``."""
    text = (ROOT / "skevagan" / "_version.py").read_text(encoding="utf-8")
    match = re.search(r"""__version__\s*=\s*["']([^"']+)["']""", text)
    if match is None:
        raise RuntimeError("skevagan/_version.py defines no __version__")
    return match.group(1)


project = "skevagan"
author = "skevagan developers"
copyright = "skevagan developers"
release = _read_version()
version = ".".join(release.split(".")[:2])

extensions = [
    "sphinx.ext.autodoc",
    "sphinx.ext.autosummary",
    "sphinx.ext.mathjax",
    "numpydoc",
    "myst_parser",
    "sphinx_gallery.gen_gallery",
]

source_suffix = {".rst": "restructuredtext", ".md": "markdown"}
root_doc = "index"
smartquotes = False  # keep "--quick" and other command-line options as typed
templates_path = ["_templates"]
exclude_patterns = ["_build", "_generated", "auto_examples/*.ipynb", "auto_examples/*.py", "**/*.md5",
                    "auto_examples/*.zip", "sg_execution_times.rst"]
suppress_warnings = ["myst.header"]

# API reference: one page per public object, generated from the docstrings.
autosummary_generate = True
autosummary_imported_members = False
autosummary_ignore_module_all = False
autodoc_default_options = {"members": True, "member-order": "bysource"}
autodoc_typehints = "none"  # numpydoc's Parameters sections say the types
numpydoc_show_class_members = False
numpydoc_class_members_toctree = False
numpydoc_xref_param_type = False

myst_enable_extensions = ["dollarmath", "amsmath"]
myst_heading_anchors = 3

html_theme = "pydata_sphinx_theme"
html_title = f"skevagan {release}"
html_theme_options = {
    "navigation_with_keys": False,
    "show_toc_level": 2,
    "footer_start": ["copyright"],
    "footer_end": ["sphinx-version"],
}
html_static_path: list[str] = []
html_show_sourcelink = False

# Gallery: each example is sized to run in seconds on a CPU.
sphinx_gallery_conf = {
    "examples_dirs": str(ROOT / "examples"),
    "gallery_dirs": "auto_examples",
    "filename_pattern": r"/plot_",
    "download_all_examples": False,
    "remove_config_comments": True,
    "within_subsection_order": "FileNameSortKey",
    "reset_modules": ("matplotlib",),
    "capture_repr": (),
    "write_computation_times": False,
    "show_memory": False,
    "min_reported_time": 1,
    "abort_on_example_error": True,
    "image_scrapers": ("matplotlib", "skevagan_gallery.figure_scraper"),
}

# --------------------------------------------------------------------------
# Benchmark result pages: copy what is committed, or say clearly that it is
# not there yet. Never a made-up number.
# --------------------------------------------------------------------------

RESULTS = ROOT / "benchmarks" / "results"
GENERATED = DOCS / "_generated"

RESULT_FILES = {
    "speed.md": ("speed.md", "python benchmarks/speed.py"),
    "scale.md": ("scale.md", "python benchmarks/scale.py"),
    "quick.md": ("quick.md", "skevagan benchmark --quick"),
    "quick_summary.md": ("quick/summary.md", "skevagan benchmark --quick --output benchmarks/results/quick"),
    "paper_summary.md": ("paper/summary.md", "skevagan benchmark --suite paper --output benchmarks/results/paper"),
}
FIGURE_FOLDERS = {"quick": RESULTS / "quick" / "figures", "paper": RESULTS / "paper" / "figures"}
CLAIMS_HEADING = "## The paper's claims, checked"


def _placeholder(relative: str, command: str) -> str:
    return (f"The result file `benchmarks/results/{relative}` is not in this checkout yet; "
            f"`{command}` writes it.\n")


def _section(text: str, heading: str) -> str | None:
    """The markdown from ``heading`` up to the next heading of the same level."""
    lines = text.splitlines()
    level = len(heading) - len(heading.lstrip("#"))
    for start, line in enumerate(lines):
        if line.strip() == heading:
            end = len(lines)
            for stop in range(start + 1, len(lines)):
                stripped = lines[stop].lstrip()
                hashes = len(stripped) - len(stripped.lstrip("#"))
                if 0 < hashes <= level and stripped[hashes:hashes + 1] == " ":
                    end = stop
                    break
            return "\n".join(lines[start + 1:end]).strip() + "\n"
    return None


def _figures_rst(name: str, folder: Path) -> str:
    target = GENERATED / f"figures_{name}"
    shutil.rmtree(target, ignore_errors=True)
    images = sorted(folder.glob("*.png")) if folder.is_dir() else []
    if not images:
        return (f"No figures are committed under `benchmarks/results/{name}/figures/` yet; "
                "the benchmark command above writes them.\n")
    target.mkdir(parents=True)
    parts = []
    for image in images:
        shutil.copy2(image, target / image.name)
        caption = image.stem.replace("_", " ")
        parts.append(f"```{{figure}} /_generated/figures_{name}/{image.name}\n:alt: {caption}\n:width: 90%\n\n"
                     f"`{name}/figures/{image.name}`\n```\n")
    return "\n".join(parts)


def write_result_pages() -> None:
    """Fill ``docs/_generated`` from ``benchmarks/results`` (placeholders where missing)."""
    GENERATED.mkdir(exist_ok=True)
    texts = {}
    for name, (relative, command) in RESULT_FILES.items():
        source = RESULTS / relative
        texts[name] = source.read_text(encoding="utf-8") if source.is_file() else None
        body = texts[name] if texts[name] is not None else _placeholder(relative, command)
        (GENERATED / name).write_text(body, encoding="utf-8")
    for suite, folder in FIGURE_FOLDERS.items():
        (GENERATED / f"figures_{suite}.md").write_text(_figures_rst(suite, folder), encoding="utf-8")
    for suite in ("quick", "paper"):
        text = texts[f"{suite}_summary.md"]
        section = _section(text, CLAIMS_HEADING) if text is not None else None
        if section is None:
            relative, command = RESULT_FILES[f"{suite}_summary.md"]
            section = (_placeholder(relative, command) if text is None else
                       f"`benchmarks/results/{relative}` has no \"{CLAIMS_HEADING[3:]}\" section.\n")
        (GENERATED / f"claims_{suite}.md").write_text(section, encoding="utf-8")


write_result_pages()

# ``skevagan`` imports its submodules lazily; import them now so that
# autosummary finds ``skevagan.datasets`` and friends as attributes.
import importlib  # noqa: E402

for _module in ("datasets", "preprocessing", "metrics", "plotting", "benchmark", "cli", "persistence"):
    try:
        importlib.import_module(f"skevagan.{_module}")
    except ImportError:
        pass

# Fitted-attribute names such as ``n_features_in_`` end in "_", which
# reStructuredText reads as a hyperlink reference when it is not quoted (for
# example in a type line "ndarray of shape (n_samples, n_features_in_)").
_TRAILING_UNDERSCORE = re.compile(r"(?<![`\w*|.])([A-Za-z][A-Za-z0-9_]*[A-Za-z0-9]_)(?=[\s,.;:)\]]|$)")


def _quote_fitted_attribute_names(app, what, name, obj, options, lines):
    in_code = False
    for i, line in enumerate(lines):
        stripped = line.strip()
        if stripped.startswith((">>>", "...")) or stripped.endswith("::"):
            in_code = stripped.endswith("::")
            continue
        if in_code and (not stripped or line.startswith((" ", "\t"))):
            continue
        in_code = False
        lines[i] = _TRAILING_UNDERSCORE.sub(r"``\1``", line)


_SKLEARN_PLUMBING = re.compile(r"^(set_\w+_request|get_metadata_routing|set_output)$")


def _skip_sklearn_plumbing(app, what, name, obj, skip, options):
    """Leave scikit-learn's metadata-routing and set_output helpers to its own docs."""
    if what == "class" and _SKLEARN_PLUMBING.match(name):
        return True
    return None


def setup(app):
    app.connect("autodoc-skip-member", _skip_sklearn_plumbing)
    # after numpydoc (priority 500) has turned the sections into reST
    app.connect("autodoc-process-docstring", _quote_fitted_attribute_names, priority=600)
