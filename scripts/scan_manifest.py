"""Write a package's scan manifest (handler/scan_manifest.py says what it holds and why).

    python scripts/scan_manifest.py STAGE_DIR    # writes STAGE_DIR/segmint-scan.json

scripts/package_lambda.sh runs it on the staged tree, with that tree last on `sys.path`: the
scan finds the staged `handler/` and `segments/` there, while libraries come from the build's
own environment, since the staged wheels may be for another architecture (an arm64 zip built on
x86_64). The manifest lists the project files each fingerprint covers; a cold start hashes
those.
"""

from __future__ import annotations

import sys
from pathlib import Path


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print("usage: python scripts/scan_manifest.py STAGE_DIR", file=sys.stderr)
        return 2
    root = Path(argv[0]).resolve()
    sys.path.append(str(root))
    from handler.cache.fingerprint import dependencies
    from handler.exports import Size
    from handler.paths import relative
    from handler.scan_manifest import MANIFEST_NAME, ScanManifest
    from handler.segments import scan

    if not Path(scan.__code__.co_filename).resolve().is_relative_to(root):
        print(f"note: handler is imported from outside {root}", file=sys.stderr)
    registry = scan(root / "segments", root)  # broken files: logged, left to the cold start
    deps: dict[str, tuple[str, ...]] = {}
    sizes: dict[str, tuple[str, Size | None]] = {}
    for route in registry.routes:
        name = relative(route.file, root)
        if route.static is not None:
            sizes[name] = (route.static.key_hash, route.static.variant.size)  # sha256 of its bytes
        else:
            found = dependencies(route.file, root)
            deps[name] = tuple(sorted(relative(f, root) for f in found))
    manifest = ScanManifest(root, deps, sizes)
    (root / MANIFEST_NAME).write_text(manifest.to_json(), encoding="utf-8")
    print(f"wrote {MANIFEST_NAME}: {len(deps)} segments, {len(sizes)} static images")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
