"""Image sources for `<img>`, `<svg>` and `url()`: bytes, data: URIs, files and http(s) URLs.

    load_image_source(b"\\x89PNG...")            -> ImageSource(image, 64.0, 64.0)
    load_image_source("data:image/svg+xml,...")  -> rasterised with resvg, size from the SVG
    load_image_source("https://example.com/a.png")  fetched with a timeout and a size limit

Remote fetches (handler.render.paint.fetch, imported with the first one) are guarded as Satori
guards them. `ImageLoader(allow_hosts={"127.0.0.1"})` lets tests and local runs reach named
hosts.
"""

from __future__ import annotations

import base64
import hashlib
import io
import re
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, cast
from urllib.parse import unquote_to_bytes, urlsplit

from PIL import Image, UnidentifiedImageError

from handler.exceptions import ImageSourceError
from handler.render.cache import BoundedCache
from handler.render.limits import check_pixels, current_limits
from handler.render.nodes import ImageSource
from handler.render.paint.source_names import short

Resolver = Callable[[str, int], list[str]]
"""host, port -> IP addresses (a seam: tests pass a fake)."""

RASTER_FORMATS = ("PNG", "JPEG", "GIF", "WEBP")


def system_resolver(host: str, port: int) -> list[str]:
    """The system's addresses for `host` (getaddrinfo), sorted."""
    import socket

    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return sorted({str(info[4][0]) for info in infos})


@dataclass(frozen=True, slots=True)
class ImageLoader:
    """How sources are read: fetch limits, the SSRF guard's exceptions, the cache size."""

    timeout: float = 10.0
    max_bytes: int = 10 * 1024 * 1024
    max_redirects: int = 5
    allow_hosts: frozenset[str] = frozenset()
    resolver: Resolver = system_resolver
    cache_size: int = 64
    cache_bytes: int | None = None
    """Bytes of decoded pixels kept (RGBA, 4 a pixel); None: `Limits.image_cache_bytes`."""
    _cache: BoundedCache[object, ImageSource] = field(init=False, compare=False, repr=False)

    def __post_init__(self) -> None:
        budget = self.cache_bytes or current_limits().image_cache_bytes
        cache = BoundedCache[object, ImageSource](self.cache_size, cost=_bytes, max_cost=budget)
        object.__setattr__(self, "_cache", cache)

    def load(self, src: str | bytes) -> ImageSource:
        """Decode `src` (cached by src, least recently used dropped first)."""
        key: object = ("b", hashlib.sha256(src).digest()) if isinstance(src, bytes) else src
        hit = self._cache.get(key)
        if hit is not None:
            return hit
        source = self._load(src)
        if self.cache_bytes is None:  # follow the limits in force (set_limits at cold start)
            self._cache.max_cost = current_limits().image_cache_bytes
        self._cache.put(key, source)
        return source

    def _load(self, src: str | bytes) -> ImageSource:
        if isinstance(src, bytes):
            return decode_image(src, "<bytes>")
        text = src.strip()
        lowered = text[:8].lower()
        if lowered.startswith("data:"):
            return decode_image(parse_data_uri(text), text)
        if lowered.startswith(("http://", "https://")):
            return decode_image(self.fetch(text), text)
        return decode_image(_read_file(text), text)

    def fetch(self, url: str) -> bytes:
        """GET `url` through the SSRF guard, following redirects, within timeout and size."""
        # http.client, ssl and sockets load with the first remote image, not with the renderer
        from handler.render.paint.fetch import fetch

        return fetch(url, self)


def _bytes(source: ImageSource) -> int:
    """What a decoded source holds in memory: its RGBA pixels and any SVG text."""
    return source.image.width * source.image.height * 4 + len(source.svg or b"")


def parse_data_uri(uri: str) -> bytes:
    """The payload of a `data:` URI, base64 or percent-encoded."""
    head, sep, payload = uri.partition(",")
    if not sep:
        raise ImageSourceError(f"{short(uri)}: data: URI without a comma")
    if head.lower().endswith(";base64"):
        try:
            return base64.b64decode(re.sub(r"\s+", "", payload), validate=False)
        except ValueError as exc:
            raise ImageSourceError(f"{short(uri)}: bad base64: {exc}") from exc
    return unquote_to_bytes(payload)


def _read_file(path: str) -> bytes:
    if path.lower().startswith("file://"):
        path = unquote_to_bytes(urlsplit(path).path).decode()
    try:
        return Path(path).read_bytes()
    except OSError as exc:
        raise ImageSourceError(f"{short(path)}: cannot read file: {exc.strerror}") from exc


def sniff(data: bytes) -> str:
    """The format of image bytes: "PNG", "JPEG", "GIF", "WEBP" or "SVG"; "" if unknown."""
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "PNG"
    if data.startswith(b"\xff\xd8\xff"):
        return "JPEG"
    if data.startswith((b"GIF87a", b"GIF89a")):
        return "GIF"
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "WEBP"
    head = data[:2048].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if head.startswith((b"<svg", b"<?xml", b"<!--", b"<!doctype svg")) and b"<svg" in head:
        return "SVG"
    return ""


def decode_image(data: bytes, src: str) -> ImageSource:
    """Decode image bytes into RGBA pixels and intrinsic size."""
    kind = sniff(data)
    if kind == "SVG":
        return decode_svg(data, src)
    if not kind:
        raise ImageSourceError(f"{short(src)}: not a PNG, JPEG, GIF, WebP or SVG image")
    try:
        with Image.open(io.BytesIO(data), formats=RASTER_FORMATS) as opened:
            # read from the header: a decompression bomb is refused before it is inflated
            check_pixels(opened.width, opened.height, f"{short(src)}: a {kind} image")
            image = opened.convert("RGBA")
    except (OSError, UnidentifiedImageError, Image.DecompressionBombError) as exc:
        raise ImageSourceError(f"{short(src)}: cannot decode {kind}: {exc}") from exc
    return ImageSource(image, float(image.width), float(image.height))


def decode_svg(data: bytes, src: str) -> ImageSource:
    """Rasterise an SVG at its intrinsic size (width/height, else the viewBox, else 300x150)."""
    width, height = svg_size(data, src)
    pixels = rasterise_svg(data, width, height, src)
    return ImageSource(pixels, width, height, svg=data)


def rasterise_svg(data: bytes, width: float, height: float, src: str) -> Image.Image:
    """SVG bytes -> RGBA pixels at `width` x `height` (rounded, at least 1 px)."""
    import resvg_py  # SVG sources only: renders without one never load it

    w, h = max(1, round(width)), max(1, round(height))
    check_pixels(w, h, f"{short(src)}: an SVG rasterised")
    try:
        png = resvg_py.svg_to_bytes(
            svg_string=data.decode("utf-8"), width=w, height=h, skip_system_fonts=True
        )
    except (ValueError, UnicodeDecodeError) as exc:
        raise ImageSourceError(f"{short(src)}: cannot rasterise SVG: {exc}") from exc
    with Image.open(io.BytesIO(bytes(png)), formats=["PNG"]) as opened:
        image = opened.convert("RGBA")
    if image.size != (w, h):
        image = image.resize((w, h), Image.Resampling.LANCZOS)
    return image


_UNITS = {"": 1.0, "px": 1.0, "pt": 4 / 3, "pc": 16.0, "in": 96.0, "cm": 96 / 2.54, "mm": 96 / 25.4}
_LENGTH = re.compile(r"^\s*([0-9]*\.?[0-9]+(?:e[-+]?\d+)?)\s*([a-z%]*)\s*$", re.IGNORECASE)


def svg_size(data: bytes, src: str) -> tuple[float, float]:
    """Intrinsic size of an SVG from its root element's width, height and viewBox."""
    attrs = _svg_root(data, src)
    width, height = _svg_length(attrs.get("width")), _svg_length(attrs.get("height"))
    box = _view_box(attrs.get("viewBox"))
    if width is None and height is None:
        if box:
            return box
        return (300.0, 150.0)
    if width is None:
        assert height is not None
        width = height * box[0] / box[1] if box else height
    if height is None:
        height = width * box[1] / box[0] if box else width
    return (width, height)


def _svg_root(data: bytes, src: str) -> dict[str, str]:
    import xml.etree.ElementTree as ET  # SVG sources only

    parser: ET.XMLPullParser[ET.Element] = ET.XMLPullParser(events=("start",))
    try:
        parser.feed(data[:65536])
        for event in parser.read_events():
            element: object = cast(Any, event)[1]
            if not isinstance(element, ET.Element) or element.tag.rsplit("}", 1)[-1] != "svg":
                break
            return dict(element.attrib)
    except ET.ParseError as exc:
        raise ImageSourceError(f"{short(src)}: bad SVG: {exc}") from exc
    raise ImageSourceError(f"{short(src)}: no <svg> root element")


def _svg_length(value: str | None) -> float | None:
    if value is None:
        return None
    match = _LENGTH.match(value)
    if not match or match.group(2).lower() not in _UNITS:
        return None  # percentages and unknown units fall back to the viewBox
    number = float(match.group(1)) * _UNITS[match.group(2).lower()]
    return number if number > 0 else None


def _view_box(value: str | None) -> tuple[float, float] | None:
    if not value:
        return None
    try:
        numbers = [float(v) for v in re.split(r"[\s,]+", value.strip())]
    except ValueError:
        return None
    if len(numbers) != 4 or numbers[2] <= 0 or numbers[3] <= 0:
        return None
    return (numbers[2], numbers[3])


_default = ImageLoader()
_default_lock = threading.Lock()


def default_loader() -> ImageLoader:
    return _default


def set_default_loader(loader: ImageLoader) -> ImageLoader:
    """Replace the loader `load_image_source` uses (tests, local runs); returns the previous one."""
    global _default
    with _default_lock:
        previous, _default = _default, loader
    return previous


def allowing(hosts: Iterable[str], base: ImageLoader | None = None) -> ImageLoader:
    """A loader like `base` (the default) that may also reach `hosts` (lower-cased)."""
    origin = base or _default
    return ImageLoader(
        timeout=origin.timeout,
        max_bytes=origin.max_bytes,
        max_redirects=origin.max_redirects,
        allow_hosts=origin.allow_hosts | {h.lower() for h in hosts},
        resolver=origin.resolver,
        cache_size=origin.cache_size,
        cache_bytes=origin.cache_bytes,
    )


def load_image_source(src: str | bytes) -> ImageSource:
    """Decode an image source with the default loader (see `ImageLoader`)."""
    return _default.load(src)
