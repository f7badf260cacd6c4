"""A segment's variants: what generate_image_metadata returns -> validated, frozen variants
(id, size, type, alt), memoised per segment, params and time bucket.

`generate_image_metadata(params)` returns a list of dicts or dataclasses with `id` (str or int,
required, unique), `alt`, `size` (`{"width", "height"}`) and `content_type` (or Next's
`contentType`); what a variant leaves out comes from the module's exports, then the file
convention's default size.
"""

from __future__ import annotations

import asyncio
import dataclasses
import inspect
import json
import threading
from collections import OrderedDict
from collections.abc import AsyncIterator, Awaitable, Callable, Iterable, Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from handler.blocking import run_blocking
from handler.exceptions import SegmentError
from handler.exports import SegmentModule, Size, valid_alt, valid_content_type, valid_size
from handler.segment_runner import SegmentRunner

Params = dict[str, str | list[str]] | None
"""What a segment's functions receive: None where the route has no dynamic segment."""

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


def static_variant(path: Path, alt_path: Path | None, size: Size | None) -> Variant:
    """The one variant of a static image file of `size` (`image_size`, or a package's scan
    manifest), with the alt text of `alt_path` when there is one."""
    ext = path.suffix.lstrip(".").lower()
    alt = None
    if alt_path is not None and alt_path.is_file():
        alt = alt_path.read_text(encoding="utf-8").rstrip("\r\n")
    return Variant(id=None, size=size, content_type=STATIC_TYPES[ext], alt=alt)


def image_size(path: Path) -> Size | None:
    """A static image file's size, read by Pillow (None for SVG or what it cannot read)."""
    # Pillow only for static image files: a project without them starts without it.
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
    result = await run_blocking(fn, *args, **kwargs)
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
        size=valid_size(item.get("size"), where, export) or module.size or default,
        content_type=valid_content_type(content_type, where, export),
        alt=valid_alt(item.get("alt", module.alt), where, export),
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
    one time bucket of `ttl` seconds. The segments' functions run in `runner`, each call
    limited to `timeout` seconds.

    The bucket is `floor(now / ttl)` with `ttl` the segment's `revalidate` or the configured
    default, so a segment's metadata and its cache keys turn over at the same instants.
    """

    def __init__(
        self,
        default_ttl: int,
        capacity: int = 4096,
        *,
        runner: SegmentRunner | None = None,
        timeout: float = 3.0,
    ) -> None:
        self._default_ttl = default_ttl
        self._capacity = capacity
        self._runner = runner or SegmentRunner()
        self._timeout = timeout
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
        listed = await self._runner.run(
            fn, segment=where, export="generate_static_params", timeout=self._timeout
        )
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
        fn, args = module.generate_image_metadata, metadata_args(module, params)
        raw = await self._runner.run(
            lambda: fn(*args),
            segment=str(module.path),
            export="generate_image_metadata",
            timeout=self._timeout,
        )
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
