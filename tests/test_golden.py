"""Golden PNGs: whole renders through `ImageResponse`, compared with reviewed references.

The references under tests/data/golden/ were rendered with the pinned fontpkg-geist (Geist is
the default family, so no font files are passed) and looked at before they were committed.
A render passes when its mean absolute difference per channel and its share of pixels off by
more than 32 in some channel both stay under small bounds: antialiasing may move, a box may not.

Regenerate (and look at every picture again) with:

    SEGMINT_UPDATE_GOLDEN=1 .venv/bin/python -m pytest tests/test_golden.py

On failure the render and a difference picture are written to /tmp/segmint-golden/.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import pytest
from PIL import Image, ImageChops

from benchmarks.jobs import ICON_HTML, load_design
from handler.render.response import ImageResponse
from tests.helpers import decode_png

GOLDEN = Path(__file__).parent / "data" / "golden"
DESIGNS = Path(__file__).resolve().parents[1] / "benchmarks" / "designs"
FAILURES = Path("/tmp/segmint-golden")
UPDATE = os.environ.get("SEGMINT_UPDATE_GOLDEN") == "1"

MAX_MEAN_DIFFERENCE = 1.5
"""Mean |difference| per channel, in 8-bit levels, over the whole picture."""
MAX_OFF_SHARE = 0.005
"""Share of pixels whose largest channel difference is over `OFF_LEVEL`."""
OFF_LEVEL = 32


@dataclass(frozen=True, slots=True)
class Case:
    name: str
    markup: str
    width: int
    height: int


def _design(stem: str) -> Case:
    job = load_design(DESIGNS / f"{stem}.html")
    return Case(stem, job.html, job.width, job.height)


CASES = [
    # card.html is /work/shared/reference/card.html, the benchmark card, kept in the repo here
    pytest.param(lambda: _design("card"), id="card"),
    pytest.param(lambda: Case("icon-48", ICON_HTML, 48, 48), id="icon-48"),
    pytest.param(lambda: Case("icon-72", ICON_HTML, 72, 72), id="icon-72"),
    pytest.param(lambda: _design("absolute"), id="absolute"),
    pytest.param(lambda: _design("shadows"), id="shadows"),
    pytest.param(lambda: _design("text"), id="text"),
    pytest.param(lambda: _design("borders"), id="borders"),
]


def render(case: Case) -> Image.Image:
    response = ImageResponse(case.markup, width=case.width, height=case.height)
    assert response.media_type == "image/png"
    return decode_png(bytes(response.body)).convert("RGBA")


@dataclass(frozen=True, slots=True)
class Difference:
    mean: float  # mean |difference| per channel, 8-bit levels
    off_share: float  # share of pixels with some channel off by more than OFF_LEVEL
    picture: Image.Image  # the per-pixel largest channel difference, amplified


def difference(actual: Image.Image, expected: Image.Image) -> Difference:
    diff = ImageChops.difference(actual, expected)
    channels = diff.split()
    histograms = [channel.histogram() for channel in channels]
    pixels = actual.width * actual.height
    total = sum(level * count for histogram in histograms for level, count in enumerate(histogram))
    largest = channels[0]
    for channel in channels[1:]:
        largest = ImageChops.lighter(largest, channel)
    off = sum(largest.histogram()[OFF_LEVEL + 1 :])
    picture = largest.point(lambda v: min(255, v * 4))
    return Difference(total / (pixels * len(channels)), off / pixels, picture)


@pytest.mark.parametrize("make", CASES)
def test_render_matches_its_golden_png(make: object) -> None:
    assert callable(make)
    case: Case = make()
    actual = render(case)
    path = GOLDEN / f"{case.name}.png"
    if UPDATE:
        GOLDEN.mkdir(parents=True, exist_ok=True)
        actual.save(path, optimize=True)
    expected = Image.open(path).convert("RGBA")
    assert actual.size == expected.size
    found = difference(actual, expected)
    if found.mean > MAX_MEAN_DIFFERENCE or found.off_share > MAX_OFF_SHARE:
        FAILURES.mkdir(parents=True, exist_ok=True)
        actual.save(FAILURES / f"{case.name}-actual.png")
        found.picture.save(FAILURES / f"{case.name}-diff.png")
    assert found.mean <= MAX_MEAN_DIFFERENCE, (
        f"{case.name}: mean difference {found.mean:.2f} levels (see {FAILURES})"
    )
    assert found.off_share <= MAX_OFF_SHARE, (
        f"{case.name}: {found.off_share:.2%} of pixels off by > {OFF_LEVEL} (see {FAILURES})"
    )


def test_difference_counts_a_moved_box() -> None:
    blank = Image.new("RGBA", (100, 100), (255, 255, 255, 255))
    one, two = blank.copy(), blank.copy()
    one.paste((0, 0, 0, 255), (10, 10, 30, 30))
    two.paste((0, 0, 0, 255), (12, 10, 32, 30))
    found = difference(one, two)
    assert found.off_share == pytest.approx(2 * 2 * 20 / 10_000)
    assert found.mean == pytest.approx(80 * 255 * 3 / (10_000 * 4))
    assert difference(one, one).mean == 0
