"""A segment module's exports -> validated, frozen metadata (ids, size, type, alt).

A segment module may export, as Next.js's image files do:

- `image(params, id)`: draws the image (def or async def); called with only the keyword
  arguments it declares.
- `generate_image_metadata(params)`: a list of dicts or dataclasses with `id` (str or int,
  required, unique), `alt`, `size` (`{"width", "height"}`) and `content_type` (or Next's
  `contentType`).
- `size`, `content_type`, `alt`: defaults for every variant.
- `revalidate`: seconds (a positive int), False (never), or 0 (as Next: always dynamic,
  rendered on every request and never stored); `dynamic_params`: bool;
  `generate_static_params()`: the params served when `dynamic_params` is False.
"""

from __future__ import annotations

import asyncio
import dataclasses
import importlib.util
import inspect
import json
import sys
import threading
from collections import OrderedDict
from collections.abc import AsyncIterator, Awaitable, Callable, Iterable, Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any

import anyio.to_thread

from handler.exceptions import SegmentError

Params = dict[str, str | list[str]] | None
"""What a segment's functions receive: None where the route has no dynamic segment."""

MAX_SIDE = 8192
GENERATED_TYPES = frozenset({"image/png", "image/jpeg", "image/webp"})
STATIC_TYPES: Mapping[str, str] = {
    "png": "image/png",
    "jpg": "image/jpeg",
    "jpeg": "image/jpeg",
    "gif": "image/gif",
    "ico": "image/x-icon",
    "svg": "image/svg+xml",
    "webp": "image/webp",
    "avif": "image/avif",
}
_METADATA_KEYS = frozenset({"id", "alt", "size", "content_type", "contentType"})


@dataclass(frozen=True, slots=True)
class Size:
    width: int
    height: int


@dataclass(frozen=True, slots=True)
class Variant:
    """One image of a segment: `id` is None where the module has no generate_image_metadata."""

    id: str | int | None
    size: Size | None
    content_type: str
    alt: str | None = None

    @property
    def url_id(self) -> str | None:
        """The id as it appears in the URL: `str(id)` (an int 0 answers at `/0`, not `/00`)."""
        return None if self.id is None else str(self.id)


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
        size=_size(getattr(module, "size", None), where, "size"),
        content_type=_content_type(
            getattr(module, "content_type", "image/png"), where, "content_type"
        ),
        alt=_alt(getattr(module, "alt", None), where, "alt"),
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


def _size(value: object, where: str, export: str) -> Size | None:
    if value is None:
        return None
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        value = {f.name: getattr(value, f.name) for f in dataclasses.fields(value)}
    if not isinstance(value, Mapping) or set(value) != {"width", "height"}:
        raise SegmentError(
            where, f"size must be {{'width': int, 'height': int}}, got {value!r}", export
        )
    sides = (value["width"], value["height"])
    for side in sides:
        if not isinstance(side, int) or isinstance(side, bool) or not 1 <= side <= MAX_SIDE:
            raise SegmentError(
                where, f"size {value!r}: sides must be ints from 1 to {MAX_SIDE}", export
            )
    return Size(width=sides[0], height=sides[1])


def _content_type(value: object, where: str, export: str) -> str:
    if not isinstance(value, str) or value not in GENERATED_TYPES:
        allowed = ", ".join(sorted(GENERATED_TYPES))
        raise SegmentError(where, f"content type {value!r} is not one of {allowed}", export)
    return value


def _alt(value: object, where: str, export: str) -> str | None:
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


def static_variant(path: Path, alt_path: Path | None) -> Variant:
    """The one variant of a static image file; its size read from the file (None for SVG)."""
    ext = path.suffix.lstrip(".").lower()
    alt = None
    if alt_path is not None and alt_path.is_file():
        alt = alt_path.read_text(encoding="utf-8").rstrip("\r\n")
    return Variant(id=None, size=_file_size(path), content_type=STATIC_TYPES[ext], alt=alt)


def _file_size(path: Path) -> Size | None:
    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(path) as image:
            return Size(width=image.width, height=image.height)
    except (UnidentifiedImageError, OSError):
        return None


async def call(fn: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
    """Call a segment function: async ones awaited here, sync ones in a worker thread."""
    if inspect.iscoroutinefunction(fn):
        return await fn(*args, **kwargs)
    result = await anyio.to_thread.run_sync(lambda: fn(*args, **kwargs))
    if inspect.isawaitable(result):
        return await result
    if inspect.isasyncgen(result):  # `async def ...: yield {...}`
        return [item async for item in result]
    return result


def call_blocking(fn: Callable[..., Any], *args: Any) -> Any:
    """Call a segment function from sync code (start-up checks), whether a loop runs or not."""
    result = fn(*args)
    if inspect.isasyncgen(result):
        generator: AsyncIterator[Any] = result

        async def wait() -> Any:
            return [item async for item in generator]

    elif inspect.isawaitable(result):
        awaitable: Awaitable[Any] = result

        async def wait() -> Any:
            return await awaitable

    else:
        return result

    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, wait()).result()


def metadata_args(module: SegmentModule, params: Params) -> tuple[Any, ...]:
    """`(params,)` when generate_image_metadata takes an argument, else `()` (the seed's icon)."""
    fn = module.generate_image_metadata
    assert fn is not None
    try:
        takes = len(inspect.signature(fn).parameters) > 0
    except (TypeError, ValueError):
        takes = True
    return (copy_params(params),) if takes else ()


def default_variant(module: SegmentModule, default: Size) -> Variant:
    """The single variant of a module without generate_image_metadata."""
    return Variant(
        id=None, size=module.size or default, content_type=module.content_type, alt=module.alt
    )


def validate_variants(raw: object, module: SegmentModule, default: Size) -> tuple[Variant, ...]:
    """Turn what generate_image_metadata returned into variants, or raise naming the bad item."""
    where = str(module.path)
    export = "generate_image_metadata"
    if isinstance(raw, (str, bytes, Mapping)) or not isinstance(raw, Iterable):
        raise SegmentError(where, f"must return a list of dicts, got {type(raw).__name__}", export)
    variants: list[Variant] = []
    seen: set[str] = set()
    for index, item in enumerate(list(raw)):  # a list, a tuple or a generator
        variant = _variant(item, index, module, default)
        assert variant.url_id is not None
        if variant.url_id in seen:
            raise SegmentError(where, f"duplicate id {variant.id!r} (item {index})", export)
        seen.add(variant.url_id)
        variants.append(variant)
    return tuple(variants)


def _variant(item: object, index: int, module: SegmentModule, default: Size) -> Variant:
    where = str(module.path)
    export = f"generate_image_metadata()[{index}]"
    if dataclasses.is_dataclass(item) and not isinstance(item, type):
        item = {f.name: getattr(item, f.name) for f in dataclasses.fields(item)}
    if not isinstance(item, Mapping):
        raise SegmentError(where, f"must be a dict or dataclass, got {item!r}", export)
    unknown = sorted(str(k) for k in item if k not in _METADATA_KEYS)
    if unknown:
        raise SegmentError(
            where, f"unknown key {unknown[0]!r} (known: id, alt, size, content_type)", export
        )
    if "id" not in item or item["id"] is None:
        raise SegmentError(where, f"id is missing in {dict(item)!r}", export)
    id_ = item["id"]
    if isinstance(id_, bool) or not isinstance(id_, (str, int)):
        raise SegmentError(where, f"id must be a str or int, got {id_!r}", export)
    if isinstance(id_, str) and (id_ in ("", ".", "..") or "/" in id_):
        raise SegmentError(where, f"id {id_!r} cannot be a URL path segment", export)
    content_type = item.get("content_type", item.get("contentType", module.content_type))
    return Variant(
        id=id_,
        size=_size(item.get("size"), where, export) or module.size or default,
        content_type=_content_type(content_type, where, export),
        alt=_alt(item.get("alt", module.alt), where, export),
    )


def params_key(params: Params) -> str:
    """A canonical text form of params, for memo keys and cache keys."""
    return json.dumps(params, sort_keys=True, ensure_ascii=True, separators=(",", ":"))


def copy_params(params: Params) -> Params:
    """A copy a segment's function may change without changing the route's params or memo."""
    if params is None:
        return None
    return {k: list(v) if isinstance(v, list) else v for k, v in params.items()}


class MetadataCache:
    """Memoised variants per (segment, params), and static params per segment, each kept for
    one time bucket of `ttl` seconds.

    The bucket is `floor(now / ttl)` with `ttl` the segment's `revalidate` or the configured
    default, so a segment's metadata and its cache keys turn over at the same instants.
    """

    def __init__(self, default_ttl: int, capacity: int = 4096) -> None:
        self._default_ttl = default_ttl
        self._capacity = capacity
        self._entries: OrderedDict[tuple[str, str, int], tuple[Variant, ...]] = OrderedDict()
        self._static: dict[str, tuple[int, frozenset[str]]] = {}
        self._lock = threading.Lock()
        self.calls = 0
        self.static_calls = 0

    async def static_params(self, module: SegmentModule, now: float) -> frozenset[str]:
        """What `generate_static_params()` lists, as `params_key` texts, called once a bucket.

        Values are compared as strings, lists as lists of strings: `{"id": 1}` allows `/1/`.
        """
        fn = module.generate_static_params
        if fn is None:
            return frozenset()
        where, bucket = str(module.path), self.bucket(module, now)
        with self._lock:
            found = self._static.get(where)
        if found is not None and found[0] == bucket and not module.always_dynamic:
            return found[1]
        self.static_calls += 1
        try:
            listed = await call(fn)
        except Exception as exc:
            raise SegmentError(
                where, f"raised {type(exc).__name__}: {exc}", "generate_static_params"
            ) from exc
        allowed = _static_params(listed, where)
        with self._lock:
            self._static[where] = (bucket, allowed)
        return allowed

    def bucket(self, module: SegmentModule, now: float) -> int:
        return int(now // (module.revalidate or self._default_ttl))

    async def variants(
        self, module: SegmentModule, params: Params, default: Size, now: float
    ) -> tuple[Variant, ...]:
        if module.generate_image_metadata is None:
            return (default_variant(module, default),)
        memo = (str(module.path), params_key(params), self.bucket(module, now))
        with self._lock:
            found = None if module.always_dynamic else self._entries.get(memo)
            if found is not None:
                self._entries.move_to_end(memo)
                return found
        self.calls += 1
        try:
            raw = await call(module.generate_image_metadata, *metadata_args(module, params))
        except Exception as exc:
            raise SegmentError(
                str(module.path), f"raised {type(exc).__name__}: {exc}", "generate_image_metadata"
            ) from exc
        variants = validate_variants(raw, module, default)
        with self._lock:
            self._entries[memo] = variants
            while len(self._entries) > self._capacity:
                self._entries.popitem(last=False)
        return variants


def _static_params(listed: object, where: str) -> frozenset[str]:
    export = "generate_static_params"
    if isinstance(listed, (str, bytes, Mapping)) or not isinstance(listed, Iterable):
        kind = type(listed).__name__
        raise SegmentError(where, f"must return a list of dicts, got {kind}", export)
    allowed: set[str] = set()
    for index, item in enumerate(list(listed)):
        if not isinstance(item, Mapping):
            raise SegmentError(where, f"item {index} must be a dict, got {item!r}", export)
        allowed.add(
            params_key(
                {
                    str(k): [str(x) for x in v] if isinstance(v, (list, tuple)) else str(v)
                    for k, v in item.items()
                }
            )
        )
    return frozenset(allowed)
