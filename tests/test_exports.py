"""A segment file's exports: loaded once into a frozen value, bad ones named by export."""

from __future__ import annotations

import dataclasses
import sys
from pathlib import Path

import pytest

from handler.exceptions import SegmentError
from handler.exports import SegmentModule, Size, load_module

OK = "def image(params, id):\n    return b''\n"


def _load(tmp_path: Path, source: str, name: str = "segmint_test_exports_h5a") -> SegmentModule:
    path = tmp_path / "icon.py"
    path.write_text(source)
    try:
        return load_module(path, name)
    finally:
        sys.modules.pop(name, None)


def test_exports_become_a_frozen_value(tmp_path: Path) -> None:
    source = OK + (
        "size = {'width': 48, 'height': 24}\ncontent_type = 'image/webp'\nalt = 'A'\n"
        "revalidate = 60\ndynamic_params = False\n"
        "def generate_static_params():\n    return []\n"
    )
    module = _load(tmp_path, source)
    assert (module.size, module.content_type, module.alt) == (Size(48, 24), "image/webp", "A")
    assert (module.revalidate, module.dynamic_params, module.has_ids) == (60, False, False)
    assert module.image_args == frozenset({"params", "id"})
    assert module.generate_static_params is not None
    with pytest.raises(dataclasses.FrozenInstanceError):
        module.alt = "B"  # type: ignore[misc]


def test_defaults_where_nothing_is_exported(tmp_path: Path) -> None:
    module = _load(tmp_path, "def image():\n    return b''\n")
    assert (module.size, module.content_type, module.alt) == (None, "image/png", None)
    assert (module.revalidate, module.dynamic_params) == (None, True)
    assert module.image_args == frozenset()
    assert not module.always_dynamic


def test_revalidate_0_is_always_dynamic_and_false_is_never(tmp_path: Path) -> None:
    assert _load(tmp_path, OK + "revalidate = 0\n").always_dynamic
    assert _load(tmp_path, OK + "revalidate = False\n").revalidate is None


@pytest.mark.parametrize(
    ("source", "message"),
    [
        pytest.param("image = 1\n", r"icon.py: image: must be a function, got int", id="image"),
        pytest.param(
            OK + "generate_image_metadata = []\n",
            r"generate_image_metadata: must be a function, got list",
            id="metadata-not-callable",
        ),
        pytest.param(
            OK + "size = {'width': 9000, 'height': 1}\n",
            r"size: size .*sides must be ints from 1 to 8192",
            id="size-too-big",
        ),
        pytest.param(
            OK + "content_type = 'image/gif'\n",
            r"content_type: content type 'image/gif' is not one of",
            id="content-type",
        ),
        pytest.param(OK + "alt = 3\n", r"alt: alt must be a string, got 3", id="alt"),
        pytest.param(
            OK + "revalidate = True\n", r"revalidate: must be a positive number", id="bool"
        ),
        pytest.param(
            OK + "dynamic_params = 'no'\n",
            r"dynamic_params: must be True or False, got 'no'",
            id="dynamic-params",
        ),
        pytest.param(
            "def image(*, width):\n    return b''\n",
            r"image: argument 'width' is required but only params and id are passed",
            id="required-arg",
        ),
        pytest.param("raise SystemExit(3)\n", r"import failed: SystemExit: 3", id="exit"),
    ],
)
def test_bad_exports_are_named(tmp_path: Path, source: str, message: str) -> None:
    with pytest.raises(SegmentError, match=message):
        _load(tmp_path, source)


def test_a_failed_import_leaves_no_half_module(tmp_path: Path) -> None:
    name = "segmint_test_exports_broken_h5a"
    path = tmp_path / "icon.py"
    path.write_text("1 / 0\n")
    try:
        with pytest.raises(SegmentError, match="import failed: ZeroDivisionError"):
            load_module(path, name)
        assert name not in sys.modules
    finally:
        sys.modules.pop(name, None)
