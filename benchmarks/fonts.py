"""Static Geist Regular (400) and Bold (700) cut from the variable font, for both sides.

Satori cannot read the variable `Geist[wght].ttf` that fontpkg-geist ships, so the benchmark
instantiates the two weights with fontTools and hands the same two files to @vercel/og and to
Segmint: like for like.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from benchmarks import SCRATCH

FONT_DIR = SCRATCH / "fonts"
FAMILY = "Geist"


@dataclass(frozen=True, slots=True)
class StaticFont:
    """One static face on disk, described as both @vercel/og and Segmint take it."""

    name: str
    path: Path
    weight: int
    style: str = "normal"

    def as_spec(self) -> dict[str, str | int]:
        return {
            "name": self.name,
            "path": str(self.path),
            "weight": self.weight,
            "style": self.style,
        }


def variable_geist() -> Path:
    """The variable Geist font, found through the package's own path (not its dist-info)."""
    import fontpkg_geist

    path = Path(fontpkg_geist.__file__).resolve().parent / "files" / "Geist[wght].ttf"
    if not path.is_file():
        raise FileNotFoundError(f"fontpkg-geist has no variable font at {path}")
    return path


def static_geist(directory: Path = FONT_DIR) -> tuple[StaticFont, StaticFont]:
    """Geist Regular and Bold as static TTFs in `directory`, made once and reused."""
    faces = (
        StaticFont(FAMILY, directory / "Geist-Regular.ttf", 400),
        StaticFont(FAMILY, directory / "Geist-Bold.ttf", 700),
    )
    missing = [face for face in faces if not face.path.is_file()]
    if missing:
        directory.mkdir(parents=True, exist_ok=True)
        source = variable_geist()
        for face in missing:
            _instantiate(source, face)
    return faces


def _instantiate(source: Path, face: StaticFont) -> None:
    from fontTools.ttLib import TTFont  # type: ignore[import-untyped]
    from fontTools.varLib import instancer  # type: ignore[import-untyped]

    font = TTFont(str(source))
    static = instancer.instantiateVariableFont(
        font, {"wght": face.weight}, updateFontNames=True, static=True
    )
    tmp = face.path.with_suffix(".tmp")
    static.save(str(tmp))
    tmp.replace(face.path)
