"""What a 500 may say, and the segment frames the log gets."""

from __future__ import annotations

from pathlib import Path

import pytest

from handler.errors import public_message, user_traceback
from handler.exceptions import RenderError, SegmentError

ROOT = Path("/var/task")


def _raised(cause: Exception | None) -> SegmentError:
    error = SegmentError("segments/icon.py", f"raised {type(cause).__name__}: {cause}", "image")
    error.__cause__ = cause
    return error


def test_our_own_checks_are_said_in_full() -> None:
    error = SegmentError("segments/icon.py", "content type 'image/gif' is not one of", "size")
    assert public_message(error, ROOT) == str(error)
    assert "hunter2" in public_message(_raised(RenderError("font hunter2.ttf not found")), ROOT)


@pytest.mark.parametrize("export", ["image", None])
def test_what_segment_code_raised_is_named_by_type_only(export: str | None) -> None:
    error = SegmentError("segments/icon.py", "raised ValueError: token=hunter2", export)
    error.__cause__ = ValueError("token=hunter2")
    message = public_message(error, ROOT)
    assert "hunter2" not in message
    where = "segments/icon.py: image" if export else "segments/icon.py"
    assert message == f"{where}: raised ValueError (the server log has the details)"


def test_user_traceback_keeps_the_segment_frames() -> None:
    def segment_code() -> None:
        raise KeyError("missing")

    try:
        segment_code()
    except KeyError as exc:
        text = user_traceback(exc)
    assert text.startswith("\nTraceback (segment code, most recent call last):\n")
    assert "segment_code" in text
    assert text.endswith("KeyError: 'missing'")
    assert user_traceback(None) == ""


@pytest.mark.parametrize(
    ("path", "message"),
    [
        pytest.param("/var/task/segments/icon.py", "must return bytes, got None", id="own-check"),
        pytest.param("/var/task/segments/icon.py", "see /var/task/segments/x.py", id="in-text"),
    ],
)
def test_absolute_paths_under_the_project_become_relative(path: str, message: str) -> None:
    text = public_message(SegmentError(path, message, "image"), ROOT)
    assert text.startswith("segments/icon.py: image: ")
    assert "/var/task" not in text
