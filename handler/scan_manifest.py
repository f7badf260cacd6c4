"""What the segment scan learns once per package instead of once per cold start.

Two steps of `segments.scan` read more than the segment files: the source fingerprint walks a
segment's imports (parsing every module it reaches, asking the import system where each name
lives), and a static image's size needs Pillow. In a Lambda package nothing changes after the
build, so `scripts/package_lambda.sh` runs scripts/scan_manifest.py on the staged tree, which
writes `segmint-scan.json` beside `handler/`:

- per segment file, the files its fingerprint covers (`fingerprint.dependencies`), so a cold
  start hashes those files again, without the walk: an edited file still gives a new key;
- per static image, its sha256 and size, used only while the image's bytes still match.

Anything the manifest does not name, or names with other bytes, is scanned as without it: a
manifest that does not match the files costs time, not a stale key. `make serve` and the tests
scan without one.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from handler.exports import Size
from handler.paths import relative

MANIFEST_NAME = "segmint-scan.json"
FORMAT = 1


@dataclass(frozen=True, slots=True)
class ScanManifest:
    """Fingerprint inputs and static sizes, by path relative to the project root."""

    project_root: Path
    dependencies: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    sizes: Mapping[str, tuple[str, Size | None]] = field(default_factory=dict)

    def dependencies_of(self, file: Path) -> list[Path] | None:
        """The files `file`'s fingerprint covers, or None when the manifest does not know it
        or one of them is gone."""
        listed = self.dependencies.get(relative(file, self.project_root))
        if listed is None:
            return None
        files = [self.project_root / name for name in listed]
        return files if all(f.is_file() for f in files) else None

    def size_of(self, file: Path, sha256: str) -> tuple[bool, Size | None]:
        """(known, size) of a static image whose bytes hash to `sha256`."""
        entry = self.sizes.get(relative(file, self.project_root))
        if entry is None or entry[0] != sha256:
            return False, None
        return True, entry[1]

    def to_json(self) -> str:
        sizes = {
            name: {"sha256": digest, "size": None if s is None else [s.width, s.height]}
            for name, (digest, s) in sorted(self.sizes.items())
        }
        body = {
            "format": FORMAT,
            "dependencies": {k: list(v) for k, v in sorted(self.dependencies.items())},
            "static_sizes": sizes,
        }
        return json.dumps(body, indent=1, sort_keys=True) + "\n"


def load(project_root: Path) -> ScanManifest | None:
    """The manifest beside `handler/` in a package, or None (no file, or another format)."""
    project_root = project_root.resolve()
    path = project_root / MANIFEST_NAME
    try:
        body = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None
    except (OSError, ValueError) as exc:
        raise ValueError(f"{path}: not a scan manifest ({exc})") from exc
    if not isinstance(body, dict) or body.get("format") != FORMAT:
        return None
    sizes: dict[str, tuple[str, Size | None]] = {}
    for name, entry in body["static_sizes"].items():
        wh = entry["size"]
        sizes[name] = (entry["sha256"], None if wh is None else Size(width=wh[0], height=wh[1]))
    deps = {name: tuple(files) for name, files in body["dependencies"].items()}
    return ScanManifest(project_root, deps, sizes)
