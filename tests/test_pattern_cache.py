"""handler.pattern_cache: programs compiled once, loaded into `re`'s cache in a fresh process."""

from __future__ import annotations

import json
import marshal
import re
import subprocess
import sys
from pathlib import Path

from handler import pattern_cache

ROOT = Path(__file__).resolve().parents[1]
TIMEOUT = 60

PATTERNS: list[tuple[str | bytes, int]] = [
    (r"(?P<scheme>[a-z][a-z0-9+.-]*)://(?P<host>[^/:]+)(?::(?P<port>\d+))?", 0),
    (r"[\u002e\u3002\uff0e\uff61]", 0),
    (r"^\s*(?:#.*)?$", re.MULTILINE),
    (r"straße", re.IGNORECASE),
    (rb"\x00[\x01-\x7f]+", 0),
]
SAMPLES = ["https://example.com:8080/x", "a\u3002b", "  # note\nx", "STRASSE Straße", "\x00ab"]

# In a fresh interpreter: load the file, then compile each pattern as a library would.
CHILD = r"""
import json, re, sys
from pathlib import Path
from handler import pattern_cache
loaded = pattern_cache.load(Path(sys.argv[1]))
patterns = [(p.encode("latin-1") if b else p, f) for p, f, b in json.loads(sys.argv[2])]
samples = json.loads(sys.argv[3])
result = {"loaded": loaded, "cached": [], "same": []}
for (pattern, flags), sample in zip(patterns, samples):
    key = (type(pattern), pattern, flags)
    cached = re._cache.get(key)
    compiled = re.compile(pattern, flags)
    fresh = re._compiler.compile(pattern, flags)
    text = sample.encode("latin-1") if isinstance(pattern, bytes) else sample
    result["cached"].append(cached is not None and compiled is cached)
    result["same"].append(
        compiled == fresh
        and [m.span() for m in compiled.finditer(text)] == [m.span() for m in fresh.finditer(text)]
        and compiled.groupindex == fresh.groupindex
    )
print(json.dumps(result))
"""


def _child(path: Path) -> dict[str, object]:
    wire = [
        (p.decode("latin-1") if isinstance(p, bytes) else p, f, isinstance(p, bytes))
        for p, f in PATTERNS
    ]
    done = subprocess.run(
        [sys.executable, "-I", "-c", CHILD, str(path), json.dumps(wire), json.dumps(SAMPLES)],
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
        cwd=ROOT,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    result: dict[str, object] = json.loads(done.stdout)
    return result


def _keys() -> list[pattern_cache.Key]:
    return [(type(p), p, f) for p, f in PATTERNS]


def test_a_fresh_process_finds_the_patterns_compiled_and_matching_as_re_compiles_them(
    tmp_path: Path,
) -> None:
    body, count = pattern_cache.dump(_keys())
    assert count == len(PATTERNS)
    (tmp_path / "patterns.bin").write_bytes(body)
    result = _child(tmp_path / "patterns.bin")
    assert result["loaded"] == len(PATTERNS)
    assert result["cached"] == [True] * len(PATTERNS)
    assert result["same"] == [True] * len(PATTERNS)


def test_a_file_for_another_python_or_no_file_loads_nothing(tmp_path: Path) -> None:
    body, _ = pattern_cache.dump(_keys())
    fmt, (implementation, version, magic), entries = marshal.loads(body)
    other = tmp_path / "other.bin"
    other.write_bytes(marshal.dumps((fmt, (implementation, version, magic + 1), entries)))
    garbage = tmp_path / "garbage.bin"
    garbage.write_bytes(b"not marshal data")
    for path in (other, garbage, tmp_path / "missing.bin"):
        result = _child(path)
        assert result["loaded"] == 0, path.name
        assert result["cached"] == [False] * len(PATTERNS), path.name
        assert result["same"] == [True] * len(PATTERNS), path.name


def test_record_lists_what_re_holds_and_dump_skips_uncached_flags() -> None:
    pattern = r"segmint-record-(\d+)"
    re.compile(pattern)
    assert (str, pattern, 0) in pattern_cache.record()
    _, count = pattern_cache.dump([(str, pattern, 0), (str, pattern, re.DEBUG)])
    assert count == 1
