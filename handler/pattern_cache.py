"""Regular expressions compiled at package time, handed to `re` at cold start.

A cold start compiles ~130 regular expressions, in pure Python (`re._parser`, `re._compiler`),
every time: urllib3's URL and IPv6 patterns alone take ~19 ms of a ~250 ms import on this
machine, botocore's another ~6 ms. Nothing about them changes after the build, so
`scripts/package_lambda.sh` runs scripts/pattern_cache.py, which imports what a cold start and a
first render import, takes every pattern `re` then holds in its cache (`record`) and writes each
one's compiled program to `segmint-patterns.bin` beside `handler/` (`dump`). `load`, first thing
in `handler.lambda_entry`, rebuilds the `re.Pattern` objects from those programs with
`_sre.compile`, the call `re.compile` itself ends with, into `re`'s own cache: each library's
`re.compile(...)` then finds its pattern compiled.

CPython's internals, so bound to them: the file names the implementation, the Python version
and `_sre.MAGIC` (the version of the compiled-program format) it was built with, and on any
other `load` installs nothing (the patterns compile as usual). `dump` keeps only programs that
`_sre.compile` turns into a pattern equal to `re.compile`'s (same pattern, flags and program).
"""

from __future__ import annotations

import _sre  # type: ignore[import-not-found]  # re's C half: MAGIC, compile
import marshal
import re
import sys
from collections.abc import Iterable
from pathlib import Path

PATTERNS_NAME = "segmint-patterns.bin"
FORMAT = 1
_SKIPPED_FLAGS = re.DEBUG | re.TEMPLATE  # never cached by `re` (DEBUG) or deprecated (TEMPLATE)

Key = tuple[type, str | bytes, int]
"""`re`'s cache key: the pattern's type, the pattern and its flags as an int."""
Entry = tuple[str | bytes, int, int, list[int], int, dict[str, int], tuple[str | None, ...]]
"""(pattern, flags as given, flags as compiled, program, groups - 1, groupindex, indexgroup)."""


def _stamp() -> tuple[str, tuple[int, int], int]:
    return (sys.implementation.name, (sys.version_info[0], sys.version_info[1]), _sre.MAGIC)


def record() -> list[Key]:
    """The keys of every pattern in `re`'s cache now, oldest first."""
    cache: dict[Key, re.Pattern[str]] = re._cache  # type: ignore[attr-defined]
    return [key for key in cache if not key[2] & _SKIPPED_FLAGS]


def _entry(pattern: str | bytes, flags: int) -> Entry | None:
    flags = int(flags)  # a RegexFlag is not marshallable; `re` keys its cache by the int
    parsed = re._parser.parse(pattern, flags)  # type: ignore[attr-defined]
    program = [int(op) for op in re._compiler._code(parsed, flags)]  # type: ignore[attr-defined]
    state = parsed.state
    groupindex = {str(name): int(index) for name, index in state.groupdict.items()}
    indexgroup: list[str | None] = [None] * state.groups
    for name, index in groupindex.items():
        indexgroup[index] = name
    entry: Entry = (
        pattern,
        flags,
        int(flags | state.flags),
        program,
        state.groups - 1,
        groupindex,
        tuple(indexgroup),
    )
    if _build(entry) != re._compiler.compile(pattern, flags):  # type: ignore[attr-defined]
        return None
    return entry


def _build(entry: Entry) -> re.Pattern[str]:
    pattern, _, compiled_flags, program, groups, groupindex, indexgroup = entry
    built: re.Pattern[str] = _sre.compile(
        pattern, compiled_flags, program, groups, groupindex, indexgroup
    )
    return built


def dump(keys: Iterable[Key]) -> tuple[bytes, int]:
    """The file's bytes for `keys`, and how many patterns it holds."""
    entries = [
        entry
        for _, pattern, flags in keys
        if not flags & _SKIPPED_FLAGS and (entry := _entry(pattern, flags)) is not None
    ]
    return marshal.dumps((FORMAT, _stamp(), entries)), len(entries)


def load(path: Path) -> int:
    """Put the patterns of the file at `path` into `re`'s cache; how many (0: no file, or one
    built for another Python)."""
    try:
        body = path.read_bytes()
    except FileNotFoundError:
        return 0
    try:
        found = marshal.loads(body)
    except (EOFError, ValueError, TypeError):  # not a file `dump` wrote
        return 0
    if not isinstance(found, tuple) or found[:2] != (FORMAT, _stamp()):
        return 0
    cache: dict[Key, re.Pattern[str]] = re._cache  # type: ignore[attr-defined]
    room = re._MAXCACHE - len(cache)  # type: ignore[attr-defined]
    entries: list[Entry] = found[2][-room:] if room > 0 else []
    for entry in entries:
        cache.setdefault((type(entry[0]), entry[0], entry[1]), _build(entry))
    return len(entries)
