"""What both sides render: named HTML fragments at a size, and the fonts they get.

A design file is a whole HTML document (so Chromium can open it too); both renderers are given
the same fragment: the inside of its <body>, comments removed. Its size comes from
`<meta name="segmint-size" content="1200x630">` (default 1200x630).
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from benchmarks import DESIGNS
from benchmarks.fonts import StaticFont

ICON_HTML = (
    '<div style="display:flex;width:100%;height:100%;align-items:center;'
    'justify-content:center;font-size:88px;background:#000;color:#fafafa">Icon small</div>'
)
"""The seed's icon design: 88px text in a small canvas (CSS clips the overflow)."""

_COMMENT = re.compile(r"<!--.*?-->", re.S)
_SIZE = re.compile(r'<meta\s+name="segmint-size"\s+content="(\d+)x(\d+)"\s*/?>', re.I)
_BODY_OPEN = re.compile(r"<body\b[^>]*>", re.I)
_BODY_CLOSE = re.compile(r"</body\s*>", re.I)


@dataclass(frozen=True, slots=True)
class Job:
    """One picture to render: a name, an HTML fragment with inline styles, and a size."""

    name: str
    html: str
    width: int
    height: int

    def as_dict(self) -> dict[str, str | int]:
        return {"name": self.name, "html": self.html, "width": self.width, "height": self.height}


def fragment(document: str) -> str:
    """The renderable part of an HTML document: its <body>'s inside, without comments.

    >>> fragment('<html><body style="margin:0"><!-- x --><div>Hi</div></body></html>')
    '<div>Hi</div>'
    """
    text = _COMMENT.sub("", document)
    opened = _BODY_OPEN.search(text)
    if opened is None:
        return text.strip()
    closed = _BODY_CLOSE.search(text, opened.end())
    end = closed.start() if closed else len(text)
    return text[opened.end() : end].strip()


def design_size(document: str) -> tuple[int, int]:
    """The canvas size a design asks for with its segmint-size meta tag, else 1200x630."""
    found = _SIZE.search(document)
    if found is None:
        return 1200, 630
    return int(found.group(1)), int(found.group(2))


def load_design(path: Path) -> Job:
    """A design file as a job named after its stem."""
    document = path.read_text(encoding="utf-8")
    width, height = design_size(document)
    return Job(path.stem, fragment(document), width, height)


def designs(directory: Path = DESIGNS) -> list[Job]:
    """Every design in `directory`, card first, then by name."""
    paths = sorted(directory.glob("*.html"), key=lambda p: (p.stem != "card", p.stem))
    if not paths:
        raise FileNotFoundError(f"no *.html designs in {directory}")
    return [load_design(path) for path in paths]


def bench_jobs(directory: Path = DESIGNS) -> list[Job]:
    """The issue's speed jobs: the seed icon at 48x48 and 72x72, and card.html at 1200x630."""
    return [
        Job("icon-48", ICON_HTML, 48, 48),
        Job("icon-72", ICON_HTML, 72, 72),
        load_design(directory / "card.html"),
    ]


def write_spec(
    path: Path,
    jobs: Sequence[Job],
    fonts: Sequence[StaticFont],
    *,
    runs: int,
    warmup: int,
    out_dir: Path | None,
    emoji_dir: Path | None = None,
) -> Path:
    """Write the JSON job file both worker processes (Node and Python) read."""
    spec = {
        "fonts": [font.as_spec() for font in fonts],
        "runs": runs,
        "warmup": warmup,
        "out_dir": str(out_dir) if out_dir else None,
        "emoji_dir": str(emoji_dir) if emoji_dir else None,
        "jobs": [job.as_dict() for job in jobs],
    }
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(spec), encoding="utf-8")
    return path
