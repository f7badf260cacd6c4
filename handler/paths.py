"""Paths as messages and metadata show them."""

from __future__ import annotations

from pathlib import Path


def relative(path: Path, base: Path) -> str:
    """`path` relative to `base`, or all of `path` when it lies outside `base`.

    >>> relative(Path("/srv/segments/icon.py"), Path("/srv")), relative(Path("/x"), Path("/srv"))
    ('segments/icon.py', '/x')
    """
    try:
        return str(path.relative_to(base))
    except ValueError:
        return str(path)
