"""Fonts: the faces a render may use, CSS font matching, glyph coverage and cached FreeType fonts.

The default family is Geist (Next.js's default), from the `fontpkg-geist` package's variable
fonts, found through the package module's own path (slim Lambda packaging strips dist-info).
User fonts come as @vercel/og's `fonts=[{"name", "data" | "path", "weight", "style"}]`.

Everything parsed from a font file (cmap, vertical metrics, axes) is read once per process by
`sfnt.read_sfnt` (fontTools only for collections, WOFF and rare cmap formats) and keyed on a hash
of the file's bytes, so equal specs share one `FontBook` however many renders ask for them.
"""

from __future__ import annotations

import hashlib
import io
import logging
import os
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from enum import Enum
from functools import lru_cache
from pathlib import Path

import fontpkg_geist
from PIL import ImageFont, features

from handler.exceptions import FontError
from handler.render.cache import BoundedCache
from handler.render.computed import FontStyle
from handler.render.text.sfnt import USE_TYPO_METRICS, Malformed, SfntInfo, Unsupported, read_sfnt
from handler.render.text.specs import AnySpec, Font

DEFAULT_FAMILY = "geist"
GEIST_DIR = Path(fontpkg_geist.__file__).resolve().parent / "files"
GEIST_FILES = {FontStyle.NORMAL: "Geist[wght].ttf", FontStyle.ITALIC: "Geist-Italic[wght].ttf"}

RAQM = features.check("raqm")
"""True when Pillow can shape with raqm (HarfBuzz + FriBiDi): kerning, complex scripts, RTL."""
LAYOUT = ImageFont.Layout.RAQM if RAQM else ImageFont.Layout.BASIC
if not RAQM:
    # scripts/package_lambda.sh ships libfribidi.so.0 in lib/ so this does not happen on Lambda.
    logging.getLogger("segmint").warning(
        "Pillow's raqm layout is unavailable (libfribidi.so.0 not found): text is drawn "
        "without kerning or right-to-left reordering"
    )


@dataclass(frozen=True, slots=True)
class Metrics:
    """Vertical metrics in em units (ascent > 0, descent > 0 below the baseline)."""

    ascent: float
    descent: float
    line_gap: float

    @property
    def normal_line_height(self) -> float:
        """`line-height: normal` in em, as Chromium computes it: ascent + descent + line gap."""
        return self.ascent + self.descent + self.line_gap


@dataclass(frozen=True, slots=True)
class FontFile:
    """What one font file holds, parsed once: its cmap, metrics and weight axis."""

    key: str  # sha256 of the bytes: identity of the file
    data: bytes = field(repr=False, compare=False)
    cmap: frozenset[int] = field(repr=False, compare=False)
    metrics: Metrics = field(compare=False)
    weight_axis: tuple[float, float] | None = field(compare=False)  # (min, max) of `wght`


@dataclass(frozen=True, slots=True)
class Face:
    """One face of a family: a file, the weights it can draw and its style."""

    family: str  # lower-case, as CSS matches family names
    file: FontFile
    min_weight: int
    max_weight: int
    style: FontStyle

    def covers(self, cluster: str) -> bool:
        """Whether the face has a glyph for every visible code point of `cluster`."""
        return all(ord(ch) in self.file.cmap for ch in cluster if not _ignorable(ch))

    def weight_for(self, wanted: int) -> int:
        """The weight this face draws when `wanted` is asked for (clamped to its range)."""
        return min(max(wanted, self.min_weight), self.max_weight)

    @property
    def metrics(self) -> Metrics:
        return self.file.metrics


def _ignorable(ch: str) -> bool:
    # Format characters (ZWJ, ZWSP, bidi marks) and variation selectors never need a glyph.
    code = ord(ch)
    return unicodedata.category(ch) == "Cf" or 0xFE00 <= code <= 0xFE0F or code >= 0xE0000


@lru_cache(maxsize=64)
def _parse(key: str, data: bytes, label: str) -> FontFile:
    try:
        info = read_sfnt(data)
    except Malformed as exc:
        raise FontError(f"font {label}: cannot read the font data: {exc}") from exc
    except Unsupported:
        info = _parse_with_fonttools(data, label)
    upem = float(info.units_per_em)
    asc, desc, gap = info.typo or info.hhea  # Chromium: typo metrics when USE_TYPO_METRICS
    metrics = Metrics(asc / upem, abs(desc) / upem, max(gap, 0) / upem)
    return FontFile(
        key=key, data=data, cmap=info.cmap, metrics=metrics, weight_axis=info.weight_axis
    )


def _parse_with_fonttools(data: bytes, label: str) -> SfntInfo:
    # Collections, WOFF/WOFF2 and rare cmap formats: fontTools, imported only for them.
    from fontTools.ttLib import TTFont, TTLibError  # type: ignore[import-untyped]

    try:
        tt = TTFont(io.BytesIO(data), lazy=True, fontNumber=0)
        cmap = frozenset(tt.getBestCmap() or {})
        hhea = tt["hhea"]
        os2 = tt.get("OS/2")
        typo = None
        if os2 is not None and os2.fsSelection & USE_TYPO_METRICS:
            typo = (os2.sTypoAscender, os2.sTypoDescender, os2.sTypoLineGap)
        axis = None
        if "fvar" in tt:
            for a in tt["fvar"].axes:
                if a.axisTag == "wght":
                    axis = (float(a.minValue), float(a.maxValue))
        hhea_metrics = (hhea.ascent, hhea.descent, hhea.lineGap)
        return SfntInfo(cmap, int(tt["head"].unitsPerEm), hhea_metrics, typo, axis)
    except (TTLibError, KeyError, AssertionError, ValueError) as exc:
        raise FontError(f"font {label}: cannot read the font data: {exc}") from exc


def _read_spec(spec: AnySpec) -> tuple[str, bytes, int, FontStyle]:
    if isinstance(spec, Font):
        raw: Mapping[str, object] = {
            k: v
            for k, v in (
                ("name", spec.name),
                ("data", spec.data),
                ("path", spec.path),
                ("weight", spec.weight),
                ("style", spec.style),
            )
            if v is not None
        }
    elif isinstance(spec, Mapping):
        raw = spec
    else:
        raise FontError(f"font spec must be a dict or a Font, got {type(spec).__name__}")
    name = raw.get("name")
    if not isinstance(name, str) or not name.strip():
        raise FontError(f"font spec {_label(raw)}: 'name' must be a non-empty string, got {name!r}")
    unknown = set(raw) - {"name", "data", "path", "weight", "style", "lang"}
    if unknown:
        raise FontError(f"font {name!r}: unknown key(s) {sorted(unknown)}")
    weight = raw.get("weight", 400)
    if isinstance(weight, bool) or not isinstance(weight, int) or not 1 <= weight <= 1000:
        raise FontError(f"font {name!r}: 'weight' must be an int from 1 to 1000, got {weight!r}")
    style = raw.get("style", "normal")
    if style not in ("normal", "italic"):
        raise FontError(f"font {name!r}: 'style' must be 'normal' or 'italic', got {style!r}")
    return name, _spec_bytes(name, raw), weight, FontStyle(style)


def _label(raw: Mapping[str, object]) -> str:
    return repr({k: v for k, v in raw.items() if k != "data"})


def _spec_bytes(name: str, raw: Mapping[str, object]) -> bytes:
    data, path = raw.get("data"), raw.get("path")
    if (data is None) == (path is None):
        raise FontError(f"font {name!r}: give exactly one of 'data' (bytes) or 'path'")
    if data is not None:
        if isinstance(data, bytearray | memoryview):
            return bytes(data)
        if not isinstance(data, bytes):
            raise FontError(f"font {name!r}: 'data' must be bytes, got {type(data).__name__}")
        return data
    if not isinstance(path, str | Path):
        raise FontError(f"font {name!r}: 'path' must be a str or Path, got {path!r}")
    return _read_path(name, str(path))


def _read_path(name: str, path: str) -> bytes:
    """The file's bytes; the same bytes object while the file is unchanged (size, mtime), so
    a warm render neither re-reads it nor re-hashes it (bytes cache their hash)."""
    try:
        stat = os.stat(path)
        stamp = (stat.st_mtime_ns, stat.st_size)
        found = _FILES.get(path)
        if found is not None and found[0] == stamp:
            return found[1]
        data = Path(path).read_bytes()
    except OSError as exc:
        raise FontError(f"font {name!r}: cannot read 'path' {path!r}: {exc.strerror}") from exc
    _FILES.put(path, (stamp, data))
    return data


def load_file(data: bytes, label: str) -> FontFile:
    """Parse a font file's bytes (cached per content)."""
    return _parse(hashlib.sha256(data).hexdigest(), data, label)


def _geist_faces() -> tuple[Face, ...]:
    faces = []
    for style, filename in GEIST_FILES.items():
        data = _read_path("Geist", str(GEIST_DIR / filename))
        file = load_file(data, f"Geist ({filename})")
        low, high = file.weight_axis or (400.0, 400.0)
        faces.append(Face(DEFAULT_FAMILY, file, int(low), int(high), style))
    return tuple(faces)


class Distance(Enum):
    """How far a face's weight is from the wanted one, in CSS font-matching order."""

    INSIDE = 0
    FIRST = 1
    SECOND = 2
    THIRD = 3


def weight_rank(wanted: int, face: Face) -> tuple[int, float]:
    """Sort key of `face` for `font-weight: wanted` (CSS Fonts 4, font matching, step 4.e).

    400-500: weights up to 500 ascending, then below descending, then above 500 ascending;
    below 400: lighter descending, then heavier ascending; above 500: heavier ascending, then
    lighter descending. A variable face whose range holds `wanted` is an exact match.
    """
    if face.min_weight <= wanted <= face.max_weight:
        return (Distance.INSIDE.value, 0.0)
    got = face.weight_for(wanted)
    if 400 <= wanted <= 500:
        if wanted < got <= 500:
            return (Distance.FIRST.value, got - wanted)
        if got < wanted:
            return (Distance.SECOND.value, wanted - got)
        return (Distance.THIRD.value, got - wanted)
    if wanted < 400:
        if got < wanted:
            return (Distance.FIRST.value, wanted - got)
        return (Distance.SECOND.value, got - wanted)
    if got > wanted:
        return (Distance.FIRST.value, got - wanted)
    return (Distance.SECOND.value, wanted - got)


def style_rank(wanted: FontStyle, face: Face) -> int:
    """Sort key for style: the wanted style first, the other one as a fallback."""
    return 0 if face.style is wanted else 1


def match_face(faces: Iterable[Face], weight: int, style: FontStyle) -> Face | None:
    """The face CSS font matching picks from one family's faces (style first, then weight)."""
    ranked = sorted(faces, key=lambda f: (style_rank(style, f), weight_rank(weight, f)))
    return ranked[0] if ranked else None


@dataclass(frozen=True, slots=True)
class UsedFont:
    """A face at the weight it is drawn with: what a glyph run is measured and drawn with."""

    face: Face
    weight: int

    def freetype(self, size: float) -> ImageFont.FreeTypeFont:
        return freetype(self.face.file, size, self.weight)


class FontBook:
    """The faces one set of font specs makes available: Geist plus the user's fonts.

    Build it with `FontBook.for_specs(specs)`: equal specs (same names, weights, styles and
    bytes) give back the same object, so parsing and caches survive across renders.
    """

    __slots__ = ("_bundled_geist", "_chains", "families", "key")

    def __init__(self, families: Mapping[str, tuple[Face, ...]], key: tuple[object, ...]) -> None:
        self.families = dict(families)
        self.key = key
        self._chains: dict[tuple[tuple[str, ...], int, FontStyle], tuple[UsedFont, ...]] = {}
        given = {str(spec[0]).strip() for spec in key if isinstance(spec, tuple)}
        self._bundled_geist = DEFAULT_FAMILY not in given

    def last_resort(self, chain: tuple[UsedFont, ...]) -> UsedFont:
        """What draws a cluster no font of `chain` has (as its .notdef box): the last font
        of the user's in the chain, as Satori falls back to the last of its fonts; the
        bundled Geist only when the user gave none."""
        for used in reversed(chain):
            if not (self._bundled_geist and used.face.family == DEFAULT_FAMILY):
                return used
        return chain[0]

    @classmethod
    def for_specs(cls, specs: Sequence[AnySpec] | None) -> FontBook:
        read = [_read_spec(spec) for spec in specs or ()]
        # The bytes themselves, not a digest: equal files compare equal, and a bytes object
        # hashes once, so the warm path (same objects each render) costs no hashing at all.
        key = tuple((name.lower(), data, weight, style) for name, data, weight, style in read)
        book = _BOOKS.get(key)
        if book is None:
            book = cls(_families(read), key)
            _BOOKS.put(key, book)
        return book

    def chain(self, families: Sequence[str], weight: int, style: FontStyle) -> tuple[UsedFont, ...]:
        """Fonts to try, in order, for each glyph: the listed families, every other loaded
        family in load order, then the bundled Geist (CSS per-character fallback, as Satori).

        When no listed family is loaded, the first one tried is the default face: the first
        font passed in (as in @vercel/og, whose `fonts` replace its default font), or Geist
        when none was. Each family draws its loaded face nearest to `weight`: a bold asked of
        a family loaded at 400 only is drawn at 400, never by the bundled Geist Bold.
        """
        wanted = tuple(f.strip().strip("'\"").lower() for f in families)
        key = (wanted, weight, style)
        found = self._chains.get(key)
        if found is None:
            found = self._build_chain(wanted, weight, style)
            self._chains[key] = found
        return found

    def _build_chain(
        self, wanted: tuple[str, ...], weight: int, style: FontStyle
    ) -> tuple[UsedFont, ...]:
        order = [f for f in wanted if f in self.families]
        order += [f for f in self.families if f not in order]  # the user's, then Geist
        used = []
        for family in order:
            face = match_face(self.families[family], weight, style)
            if face is not None:
                used.append(UsedFont(face, face.weight_for(weight)))
        return tuple(used)


def _families(read: Sequence[tuple[str, bytes, int, FontStyle]]) -> dict[str, tuple[Face, ...]]:
    """The user's families in the order their first face was given, then the bundled Geist
    (unless the user gave a "Geist" of their own, which replaces it)."""
    families: dict[str, list[Face]] = {}
    for name, data, weight, style in read:
        file = load_file(data, repr(name))
        family = name.strip().lower()
        # A variable file given for one weight draws that weight (set on its axis).
        families.setdefault(family, []).append(Face(family, file, weight, weight, style))
    if DEFAULT_FAMILY not in families:
        families[DEFAULT_FAMILY] = list(_geist_faces())
    return {k: tuple(v) for k, v in families.items()}


_BOOKS: BoundedCache[tuple[object, ...], FontBook] = BoundedCache(16)
_FILES: BoundedCache[str, tuple[tuple[int, int], bytes]] = BoundedCache(32)


@lru_cache(maxsize=256)
def freetype(file: FontFile, size: float, weight: int) -> ImageFont.FreeTypeFont:
    """A FreeType font for `file` at `size` px and `weight` (set on the `wght` axis if any)."""
    font = ImageFont.truetype(io.BytesIO(file.data), size=size, layout_engine=LAYOUT)
    if file.weight_axis is not None:
        low, high = file.weight_axis
        font.set_variation_by_axes([float(min(max(weight, low), high))])
    return font
