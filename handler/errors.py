"""The exception handlers: every HTTP error the app answers is made here, as a short text.

A segment's failure is a 500 that names the file and export but, for what its own code raised,
only the exception's type (its text may hold a connection string or a token); the log gets the
rest, with the segment's frames alone.
"""

from __future__ import annotations

import logging
import sysconfig
import traceback
from pathlib import Path

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response

from handler import http
from handler.exceptions import SegmentError, SegmintError

log = logging.getLogger("segmint.app")  # the name log filters have always seen for these

_HERE = Path(__file__).resolve().parent
_CALL_MACHINERY = {str(_HERE / name) for name in ("app.py", "metadata.py", "exports.py")}
"""Our modules that call a segment's code: their frames are left out of its traceback."""


async def http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)
    return http.text(request, exc.status_code, exc.detail, exc.headers)


async def segment_error(request: Request, exc: Exception) -> Response:
    log.error("segment error on %s: %s%s", request.url.path, exc, user_traceback(exc.__cause__))
    return http.text(request, 500, f"Segment error: {public_message(exc)}")


async def store_error(request: Request, exc: Exception) -> Response:
    log.error("store error on %s: %s", request.url.path, exc)
    return http.text(request, 502, "Store error: the image store did not answer")


def public_message(exc: Exception) -> str:
    """What a 500 body may say: our own checks in full, but only the type of what a segment's
    code raised (its text may hold a connection string or a token); the log has the rest."""
    assert isinstance(exc, SegmentError)
    cause = exc.__cause__
    if cause is None or isinstance(cause, SegmintError):
        return str(exc)
    where = f"{exc.path}: {exc.export}" if exc.export else exc.path
    return f"{where}: raised {type(cause).__name__} (the server log has the details)"


def user_traceback(cause: BaseException | None) -> str:
    """The frames of what a segment's code raised, without the thread pool and our own call
    machinery around it: what the segment's author needs, in a few lines (empty when None)."""
    if cause is None:
        return ""
    stdlib = sysconfig.get_paths()["stdlib"]
    frames = [
        frame
        for frame in traceback.extract_tb(cause.__traceback__)
        if frame.filename not in _CALL_MACHINERY
        and "site-packages" not in frame.filename
        and not frame.filename.startswith(stdlib)
    ]
    lines = traceback.format_list(frames) + traceback.format_exception_only(cause)
    return "\nTraceback (segment code, most recent call last):\n" + "".join(lines).rstrip()
