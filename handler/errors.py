"""The exception handlers: every HTTP error the app answers is made here, as a short text.

A segment's failure is a 500 that names the file and export but, for what its own code raised,
only the exception's type (its text may hold a connection string or a token); the log gets the
rest, with the segment's frames alone.
"""

from __future__ import annotations

import logging
import os
import sysconfig
import traceback
from pathlib import Path

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response
from starlette.types import HTTPExceptionHandler

from handler import http
from handler.exceptions import SegmentError, SegmintError
from handler.paths import relative

log = logging.getLogger("segmint.app")  # the name log filters have always seen for these

_HERE = Path(__file__).resolve().parent
_CALL_MACHINERY = {
    str(_HERE / name)
    for name in ("app.py", "blocking.py", "metadata.py", "exports.py", "segment_runner.py")
}
"""Our modules that call a segment's code: their frames are left out of its traceback."""


async def http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)
    return http.text(request, exc.status_code, exc.detail, exc.headers)


def segment_error(project_root: Path) -> HTTPExceptionHandler:
    """The SegmentError handler: the log gets the full message (absolute paths included), the
    client a body naming the segment relative to `project_root` (`segments/x/icon.py`)."""

    async def handle(request: Request, exc: Exception) -> Response:
        trace = user_traceback(exc.__cause__)
        log.error("segment error on %s: %s%s", request.url.path, exc, trace)
        return http.text(request, 500, f"Segment error: {public_message(exc, project_root)}")

    return handle


def segment_limit(project_root: Path, status: int) -> HTTPExceptionHandler:
    """The handler of a segment past a limit (SegmentTimeout 504, SegmentBusy 503): a short body
    naming the segment and the limit; a 503 says when to try again."""

    async def handle(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, SegmentError)
        log.error("segment limit on %s: %s", request.url.path, exc)
        headers = {"Retry-After": "5"} if status == 503 else None
        title = "Segment timeout" if status == 504 else "Segment busy"
        return http.text(request, status, f"{title}: {public_message(exc, project_root)}", headers)

    return handle


async def store_error(request: Request, exc: Exception) -> Response:
    log.error("store error on %s: %s", request.url.path, exc)
    return http.text(request, 502, "Store error: the image store did not answer")


def public_message(exc: Exception, project_root: Path) -> str:
    """What a 500 body may say: our own checks in full, but only the type of what a segment's
    code raised (its text may hold a connection string or a token); the log has the rest.
    The segment is named relative to `project_root`, and no absolute path under it remains."""
    assert isinstance(exc, SegmentError)
    path = relative(Path(exc.path), project_root)
    cause = exc.__cause__
    if cause is None or isinstance(cause, SegmintError):
        text = path + str(exc).removeprefix(exc.path)
        return text.replace(f"{project_root}{os.sep}", "")
    where = f"{path}: {exc.export}" if exc.export else path
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
