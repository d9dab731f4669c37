"""A sphinx-gallery image scraper for figures made without pyplot.

``skevagan.plotting`` returns bare :class:`matplotlib.figure.Figure` objects
(no pyplot state), which sphinx-gallery's matplotlib scraper does not see.
This scraper saves every such figure bound to a variable of the example,
once, after the code block that made it.
"""

from __future__ import annotations

from typing import Any

from sphinx_gallery.scrapers import figure_rst


def figure_scraper(block: Any, block_vars: dict, gallery_conf: dict) -> str:
    """Save the example's new bare matplotlib figures and return their rst."""
    from matplotlib.figure import Figure

    paths = []
    seen = set()
    for value in list(block_vars["example_globals"].values()):
        if not isinstance(value, Figure) or id(value) in seen:
            continue
        seen.add(id(value))
        if getattr(value, "_skevagan_gallery_saved", False) or value.canvas.manager is not None:
            continue  # already shown, or a pyplot figure (the matplotlib scraper's)
        path = next(block_vars["image_path_iterator"])
        value.savefig(path, dpi=90)
        value._skevagan_gallery_saved = True
        paths.append(path)
    return figure_rst(paths, gallery_conf["src_dir"])
