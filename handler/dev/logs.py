"""The dev server's console logging: Segmint's loggers in uvicorn's style."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager

from uvicorn.logging import DefaultFormatter


def log_like_uvicorn() -> None:
    """Segmint's log lines in uvicorn's style (`INFO:     ...`), on the console."""
    handler = logging.StreamHandler()
    handler.setFormatter(DefaultFormatter("%(levelprefix)s %(message)s"))
    root = logging.getLogger("segmint")
    root.handlers = [handler]
    root.setLevel(logging.INFO)
    root.propagate = False


@contextmanager
def quiet(name: str) -> Iterator[None]:
    """Silence the logger `name` for the block."""
    logger = logging.getLogger(name)
    level = logger.level
    logger.setLevel(logging.CRITICAL)
    try:
        yield
    finally:
        logger.setLevel(level)
