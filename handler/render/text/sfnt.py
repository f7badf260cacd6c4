"""The few OpenType tables a render needs, read straight from the bytes with `struct`.

    read_sfnt(Path("Geist[wght].ttf").read_bytes())
    -> SfntInfo(cmap=frozenset({32, 33, ...}), units_per_em=1000, ..., weight_axis=(100.0, 900.0))

fontTools would parse the same facts, but importing it and building its cmap (which names every
glyph through `post`) is most of a cold start's font work; this reads only `head`, `hhea`,
`OS/2`, `fvar` and one cmap subtable. The cmap chosen and the code points kept are
fontTools' `getBestCmap` (HarfBuzz's order; glyph 0 maps nothing). Containers and subtable
formats read here: plain sfnt ('\\0\\1\\0\\0', 'OTTO', 'true'), cmap formats 0, 4, 6, 10, 12, 13.
Anything else (collections, WOFF, rare formats, a `DMAP` table) raises `Unsupported` so the
caller can hand the font to fontTools instead.
"""

from __future__ import annotations

import struct
import sys
from array import array
from dataclasses import dataclass

SFNT_VERSIONS = frozenset({b"\x00\x01\x00\x00", b"OTTO", b"true"})
OTHER_CONTAINERS = frozenset({b"ttcf", b"wOFF", b"wOF2", b"typ1"})
CMAP_PREFERENCES = ((3, 10), (0, 6), (0, 4), (3, 1), (0, 3), (0, 2), (0, 1), (0, 0))
USE_TYPO_METRICS = 1 << 7
MAX_CODE_POINT = 0x10FFFF


class Unsupported(Exception):
    """A valid font this reader does not handle; fontTools reads it instead."""


class Malformed(ValueError):
    """The bytes are not a font, or a table we need is truncated; the message says which."""


@dataclass(frozen=True, slots=True)
class SfntInfo:
    """What a render needs from one font file, in font units."""

    cmap: frozenset[int]
    units_per_em: int
    hhea: tuple[int, int, int]  # ascender, descender (negative below), line gap
    typo: tuple[int, int, int] | None  # OS/2 typo metrics, only when USE_TYPO_METRICS is set
    weight_axis: tuple[float, float] | None  # (min, max) of the `wght` axis of `fvar`


def read_sfnt(data: bytes) -> SfntInfo:
    """Read `data` (a TrueType/OpenType file); raises `Malformed` or `Unsupported`."""
    tables = _directory(data)
    if "DMAP" in tables:
        raise Unsupported("DMAP table")
    if "head" not in tables or "hhea" not in tables:
        raise Malformed("missing the 'head' or 'hhea' table")
    try:
        head = _table(data, tables, "head")
        units_per_em = struct.unpack_from(">H", head, 18)[0]
        ascender, descender, line_gap = struct.unpack_from(">3h", _table(data, tables, "hhea"), 4)
        typo = _typo(_table(data, tables, "OS/2")) if "OS/2" in tables else None
        axis = _weight_axis(_table(data, tables, "fvar")) if "fvar" in tables else None
        cmap = _best_cmap(_table(data, tables, "cmap")) if "cmap" in tables else frozenset()
    except struct.error as exc:
        raise Malformed(f"truncated table: {exc}") from exc
    if not units_per_em:
        raise Malformed("'head' says 0 units per em")
    return SfntInfo(cmap, units_per_em, (ascender, descender, line_gap), typo, axis)


def _directory(data: bytes) -> dict[str, tuple[int, int]]:
    magic = data[:4]
    if magic in OTHER_CONTAINERS:
        raise Unsupported(f"container {magic!r}")
    if magic not in SFNT_VERSIONS:
        raise Malformed(f"not a TrueType or OpenType font (starts with {magic!r})")
    try:
        count = struct.unpack_from(">H", data, 4)[0]
        tables = {}
        for i in range(count):
            tag, _checksum, offset, length = struct.unpack_from(">4sLLL", data, 12 + 16 * i)
            tables[tag.decode("latin-1")] = (offset, length)
    except struct.error as exc:
        raise Malformed(f"truncated table directory: {exc}") from exc
    return tables


def _table(data: bytes, tables: dict[str, tuple[int, int]], tag: str) -> memoryview:
    offset, length = tables[tag]
    if offset + length > len(data):
        raise Malformed(f"table {tag!r} runs past the end of the file")
    return memoryview(data)[offset : offset + length]


def _typo(os2: memoryview) -> tuple[int, int, int] | None:
    fs_selection = struct.unpack_from(">H", os2, 62)[0]
    if not fs_selection & USE_TYPO_METRICS:
        return None
    ascender, descender, line_gap = struct.unpack_from(">3h", os2, 68)
    return (ascender, descender, line_gap)


def _weight_axis(fvar: memoryview) -> tuple[float, float] | None:
    axes_offset, _reserved, count, size = struct.unpack_from(">4H", fvar, 4)
    for i in range(count):
        tag, low, _default, high = struct.unpack_from(">4s3l", fvar, axes_offset + i * size)
        if tag == b"wght":
            return (low / 65536, high / 65536)
    return None


def _best_cmap(cmap: memoryview) -> frozenset[int]:
    count = struct.unpack_from(">H", cmap, 2)[0]
    found: dict[tuple[int, int], int] = {}
    for i in range(count):
        platform, encoding, offset = struct.unpack_from(">HHL", cmap, 4 + 8 * i)
        if _subtable_length(cmap, offset):  # fontTools skips zero-length subtables
            found.setdefault((platform, encoding), offset)
    for key in CMAP_PREFERENCES:
        if key in found:
            return _subtable(cmap[found[key] :])
    return frozenset()


def _subtable_length(cmap: memoryview, offset: int) -> int:
    fmt = struct.unpack_from(">H", cmap, offset)[0]
    if fmt in (8, 10, 12, 13):
        return int(struct.unpack_from(">L", cmap, offset + 4)[0])
    if fmt in (14, 15):
        return int(struct.unpack_from(">L", cmap, offset + 2)[0])
    return int(struct.unpack_from(">H", cmap, offset + 2)[0])


def _subtable(table: memoryview) -> frozenset[int]:
    fmt = struct.unpack_from(">H", table, 0)[0]
    if fmt == 4:
        return _format_4(table)
    if fmt in (12, 13):
        return _groups(table, step=fmt == 12)
    if fmt == 0:
        glyphs = table[6 : 6 + 256]
        return frozenset(code for code, gid in enumerate(glyphs) if gid)
    if fmt in (6, 10):
        return _trimmed(table, wide=fmt == 10)
    raise Unsupported(f"cmap subtable format {fmt}")


def _words(table: memoryview, start: int, count: int) -> array[int]:
    words = array("H")
    words.frombytes(table[start : start + 2 * count])
    if len(words) != count:
        raise Malformed("cmap subtable is truncated")
    if sys.byteorder == "little":  # the font's words are big-endian
        words.byteswap()
    return words


def _format_4(table: memoryview) -> frozenset[int]:
    segments = struct.unpack_from(">H", table, 6)[0] // 2
    ends = _words(table, 14, segments)
    starts = _words(table, 16 + 2 * segments, segments)
    deltas = _words(table, 16 + 4 * segments, segments)
    ranges_at = 16 + 6 * segments
    rest = (len(table) - ranges_at) // 2
    ranges_and_glyphs = _words(table, ranges_at, rest)
    codes: set[int] = set()
    for i in range(segments - 1):  # the last segment is the 0xFFFF terminator
        start, end, delta, offset = starts[i], ends[i], deltas[i], ranges_and_glyphs[i]
        if offset == 0:
            for code in range(start, end + 1):
                _put(codes, code, (code + delta) & 0xFFFF)
            continue
        # idRangeOffset counts bytes from its own slot into glyphIdArray (2 bytes a word).
        base = i + offset // 2 - start
        for code in range(start, end + 1):
            index = base + code
            if not segments <= index < rest:  # only the glyphIdArray part, as fontTools
                raise Malformed(f"cmap format 4: glyph index {index} out of range in segment {i}")
            gid = ranges_and_glyphs[index]
            _put(codes, code, (gid + delta) & 0xFFFF if gid else 0)
    return frozenset(codes)


def _put(codes: set[int], code: int, gid: int) -> None:
    # A later segment overrides an earlier one, but a missing glyph erases nothing.
    if gid:
        codes.add(code)


def _groups(table: memoryview, *, step: bool) -> frozenset[int]:
    count = struct.unpack_from(">L", table, 12)[0]
    codes: set[int] = set()
    last_end = 0
    for i in range(count):
        start, end, gid = struct.unpack_from(">3L", table, 16 + 12 * i)
        end = min(end, MAX_CODE_POINT)
        if start > end or start < last_end:  # as fontTools and HarfBuzz: skip a bad group
            continue
        last_end = end
        if gid == 0:  # the missing glyph: all of a format 13 group, one code of a format 12
            if not step:
                continue
            start += 1
        codes.update(range(start, end + 1))
    return frozenset(codes)


def _trimmed(table: memoryview, *, wide: bool) -> frozenset[int]:
    if wide:
        first, count = struct.unpack_from(">LL", table, 12)
        glyphs = _words(table, 20, count)
    else:
        first, count = struct.unpack_from(">HH", table, 6)
        glyphs = _words(table, 10, count)
    return frozenset(first + i for i, gid in enumerate(glyphs) if gid)
