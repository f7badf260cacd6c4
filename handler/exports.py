"""A segment module's exports: import the file once, validate what it exports, freeze it.

A segment module may export, as Next.js's image files do:

- `image(params, id)`: draws the image (def or async def); called with only the keyword
  arguments it declares.
- `generate_image_metadata(params)`: the variants (validated in handler.metadata).
- `size` (`{"width", "height"}`), `content_type`, `alt`: defaults for every variant.
- `revalidate`: seconds (a positive int), False (never), or 0 (as Next: always dynamic,
  rendered on every request and never stored); `dynamic_params`: bool;
  `generate_static_params()`: the params served when `dynamic_params` is False.
"""

from __future__ import annotations

import dataclasses
import importlib.util
import inspect
import sys
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any

from handler.exceptions import SegmentError
from handler.render.limits import current_limits

GENERATED_TYPES = frozenset({"image/png", "image/jpeg", "image/webp"})


@dataclass(frozen=True, slots=True)
class Size:
    """A variant's size in px, as `generate_image_metadata` or the `size` export gives it."""

    width: int
    height: int


@dataclass(frozen=True, slots=True)
class SegmentModule:
    """The validated exports of one segment `.py` file."""

    path: Path
    image: Callable[..., Any]
    image_args: frozenset[str]
    generate_image_metadata: Callable[..., Any] | None
    generate_static_params: Callable[[], Any] | None
    size: Size | None
    content_type: str
    alt: str | None
    revalidate: int | None
    dynamic_params: bool

    @property
    def has_ids(self) -> bool:
        return self.generate_image_metadata is not None

    @property
    def always_dynamic(self) -> bool:
        """`revalidate = 0`: metadata asked and the image drawn on every request, never kept."""
        return self.revalidate == 0


def load_module(path: Path, name: str) -> SegmentModule:
    """Import the segment file at `path` as module `name` and validate its exports."""
    module = _import(path, name)
    where = str(path)
    image = getattr(module, "image", None)
    if image is None:
        raise SegmentError(where, "no `image` function: export `def image(params, id)`", "image")
    return SegmentModule(
        path=path,
        image=_callable(image, where, "image"),
        image_args=_image_args(image, where),
        generate_image_metadata=_optional_callable(module, "generate_image_metadata", where),
        generate_static_params=_optional_callable(module, "generate_static_params", where),
        size=valid_size(getattr(module, "size", None), where, "size"),
        content_type=valid_content_type(
            getattr(module, "content_type", "image/png"), where, "content_type"
        ),
        alt=valid_alt(getattr(module, "alt", None), where, "alt"),
        revalidate=_revalidate(getattr(module, "revalidate", None), where),
        dynamic_params=_dynamic_params(getattr(module, "dynamic_params", True), where),
    )


def _import(path: Path, name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(name, path)
    if spec is None or spec.loader is None:
        raise SegmentError(str(path), "cannot be imported as a Python module")
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    try:
        spec.loader.exec_module(module)
    except SyntaxError as exc:
        del sys.modules[name]
        raise SegmentError(str(path), f"syntax error line {exc.lineno}: {exc.msg}") from exc
    except (Exception, SystemExit) as exc:
        del sys.modules[name]
        raise SegmentError(str(path), f"import failed: {type(exc).__name__}: {exc}") from exc
    return module


def _callable(value: object, where: str, export: str) -> Callable[..., Any]:
    if not callable(value):
        raise SegmentError(where, f"must be a function, got {type(value).__name__}", export)
    return value


def _optional_callable(module: ModuleType, export: str, where: str) -> Callable[..., Any] | None:
    value = getattr(module, export, None)
    return None if value is None else _callable(value, where, export)


def _image_args(image: Callable[..., Any], where: str) -> frozenset[str]:
    """The names out of `params` and `id` that `image` declares; refuse any other it requires."""
    try:
        signature = inspect.signature(image)
    except (TypeError, ValueError):
        return frozenset({"params", "id"})
    names: set[str] = set()
    for param in signature.parameters.values():
        if param.kind is inspect.Parameter.VAR_KEYWORD:
            names |= {"params", "id"}
        elif param.name in {"params", "id"} and param.kind is not inspect.Parameter.POSITIONAL_ONLY:
            names.add(param.name)
        elif param.default is inspect.Parameter.empty and param.kind not in (
            inspect.Parameter.VAR_POSITIONAL,
        ):
            raise SegmentError(
                where,
                f"argument {param.name!r} is required but only params and id are passed",
                "image",
            )
    return frozenset(names)


def valid_size(value: object, where: str, export: str) -> Size | None:
    if value is None:
        return None
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        value = {f.name: getattr(value, f.name) for f in dataclasses.fields(value)}
    if not isinstance(value, Mapping) or set(value) != {"width", "height"}:
        raise SegmentError(
            where, f"size must be {{'width': int, 'height': int}}, got {value!r}", export
        )
    sides = (value["width"], value["height"])
    max_side = current_limits().max_side
    for side in sides:
        if not isinstance(side, int) or isinstance(side, bool) or not 1 <= side <= max_side:
            raise SegmentError(
                where, f"size {value!r}: sides must be ints from 1 to {max_side}", export
            )
    return Size(width=sides[0], height=sides[1])


def valid_content_type(value: object, where: str, export: str) -> str:
    if not isinstance(value, str) or value not in GENERATED_TYPES:
        allowed = ", ".join(sorted(GENERATED_TYPES))
        raise SegmentError(where, f"content type {value!r} is not one of {allowed}", export)
    return value


def valid_alt(value: object, where: str, export: str) -> str | None:
    if value is not None and not isinstance(value, str):
        raise SegmentError(where, f"alt must be a string, got {value!r}", export)
    return value


def _revalidate(value: object, where: str) -> int | None:
    if value is None or value is False:
        return None
    if not isinstance(value, int) or isinstance(value, bool) or value < 0:
        raise SegmentError(
            where,
            f"must be a positive number of seconds, 0 (always render) or False, got {value!r}",
            "revalidate",
        )
    return value


def _dynamic_params(value: object, where: str) -> bool:
    if not isinstance(value, bool):
        raise SegmentError(where, f"must be True or False, got {value!r}", "dynamic_params")
    return value
