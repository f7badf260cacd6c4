"""handler.testing's image assertions: size and type, golden PNGs within a tolerance, the files
a failure leaves and the update switch."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from PIL import Image

from handler.testing import assert_image, assert_matches_golden, difference, golden, update_golden
from tests.helpers import png_bytes


@pytest.fixture(autouse=True)
def _compare_not_update(monkeypatch: pytest.MonkeyPatch) -> None:
    """Each test starts comparing, whatever this run was started with; the run's own switch
    (`--segmint-update-golden`) is back after it."""
    monkeypatch.delenv("SEGMINT_UPDATE_GOLDEN", raising=False)
    monkeypatch.setattr(golden, "_update_all", False)


def _card(box_x: int = 10) -> Image.Image:
    card = Image.new("RGBA", (100, 50), (255, 255, 255, 255))
    card.paste((20, 20, 120, 255), (box_x, 10, box_x + 30, 40))
    return card


def _golden(tmp_path: Path, image: Image.Image | None = None) -> Path:
    path = tmp_path / "golden" / "card.png"
    path.parent.mkdir(exist_ok=True)
    (image or _card()).save(path)
    return path


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        pytest.param({"size": (40, 40)}, "PNG bytes: size 40x20, expected 40x40", id="size"),
        pytest.param(
            {"content_type": "image/jpeg"},
            "PNG bytes: content type 'image/png', expected 'image/jpeg'",
            id="type",
        ),
        pytest.param(
            {"size": (1, 1), "content_type": "image/webp"},
            "size 40x20, expected 1x1; content type 'image/png', expected 'image/webp'",
            id="both",
        ),
    ],
)
def test_assert_image_says_what_differed(kwargs: dict[str, object], message: str) -> None:
    with pytest.raises(AssertionError, match=re.escape(message)):
        assert_image(png_bytes(40, 20), **kwargs)  # type: ignore[arg-type]


def test_assert_image_passes_and_returns_the_image() -> None:
    image = assert_image(png_bytes(40, 20), size=(40, 20), content_type="image/png")
    assert image.size == (40, 20)
    with pytest.raises(AssertionError, match="image bytes: not a decodable image"):
        assert_image(b"<html>", size=(1, 1))


def test_a_matching_render_passes_and_leaves_nothing(tmp_path: Path) -> None:
    golden = _golden(tmp_path)
    golden.with_name("card.diff.png").write_bytes(b"stale")
    buffer = io.BytesIO()
    _card().save(buffer, "PNG")
    assert_matches_golden(buffer.getvalue(), golden)
    assert sorted(p.name for p in golden.parent.iterdir()) == ["card.png"]


def test_a_moved_box_fails_and_leaves_the_render_and_a_difference(tmp_path: Path) -> None:
    golden = _golden(tmp_path)
    with pytest.raises(AssertionError) as failed:
        assert_matches_golden(_card(box_x=14), golden)
    actual, diff = golden.with_name("card.actual.png"), golden.with_name("card.diff.png")
    assert str(failed.value) == (
        f"image differs from golden {golden}: 4.80% of pixels (240 of 5000) differ by more "
        f"than 32 levels in some channel (allowed 0.50%); largest difference 235 at (10, 10); "
        f"wrote {actual} and {diff} (red: over the tolerance); rewrite it on purpose with "
        f"--segmint-update-golden or SEGMINT_UPDATE_GOLDEN=1"
    )
    with Image.open(actual) as written:
        assert written.convert("RGBA").tobytes() == _card(box_x=14).tobytes()
    with Image.open(diff) as drawn:
        pixels = drawn.convert("RGB")
        assert pixels.getpixel((11, 20)) == (230, 0, 0)  # left: the box has moved away
        assert pixels.getpixel((42, 20)) == (230, 0, 0)  # right: it covers new pixels
        assert pixels.getpixel((25, 20)) == (162, 162, 162)  # the box itself: golden, faded
        assert pixels.getpixel((80, 5)) == (255, 255, 255)  # the same background


@pytest.mark.parametrize(
    ("tolerance", "max_fraction", "passes"),
    [
        pytest.param(32, 0.048, True, id="at-the-allowed-share"),
        pytest.param(32, 0.047, False, id="just-over-it"),
        pytest.param(235, 0.0, True, id="within-the-per-pixel-tolerance"),
        pytest.param(234, 0.0, False, id="just-over-the-tolerance"),
    ],
)
def test_tolerance_and_share_both_decide(
    tmp_path: Path, tolerance: int, max_fraction: float, passes: bool
) -> None:
    golden = _golden(tmp_path)
    moved = _card(box_x=14)  # 240 of 5000 pixels (4.8%) off by up to 235 levels
    if passes:
        assert_matches_golden(moved, golden, tolerance=tolerance, max_fraction=max_fraction)
    else:
        with pytest.raises(AssertionError, match="differs from golden"):
            assert_matches_golden(moved, golden, tolerance=tolerance, max_fraction=max_fraction)


def test_a_missing_golden_file_says_how_to_create_it(tmp_path: Path) -> None:
    golden = tmp_path / "golden" / "new.png"
    with pytest.raises(AssertionError, match="does not exist; create it from this render with"):
        assert_matches_golden(_card(), golden)
    assert not golden.exists()
    assert golden.with_name("new.actual.png").exists()


def test_another_size_fails_before_comparing(tmp_path: Path) -> None:
    golden = _golden(tmp_path)
    with pytest.raises(AssertionError, match=r"PNG bytes: size 40x20, golden .*card.png is 100x50"):
        assert_matches_golden(png_bytes(40, 20), golden)


@pytest.mark.parametrize("switch", ["function", "environment", "argument"])
def test_the_update_switch_writes_the_golden_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, switch: str
) -> None:
    golden = _golden(tmp_path)
    golden.with_name("card.actual.png").write_bytes(b"stale")
    if switch == "function":
        update_golden(True)
    elif switch == "environment":
        monkeypatch.setenv("SEGMINT_UPDATE_GOLDEN", "1")
    assert_matches_golden(_card(box_x=14), golden, update=True if switch == "argument" else None)
    with Image.open(golden) as rewritten:
        assert rewritten.convert("RGBA").tobytes() == _card(box_x=14).tobytes()
    assert sorted(p.name for p in golden.parent.iterdir()) == ["card.png"]
    created = tmp_path / "more" / "first.png"
    assert_matches_golden(_card(), created, update=True if switch == "argument" else None)
    assert created.is_file()


def test_bad_arguments_are_named(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match=r"golden file .*card.jpg: must be a .png"):
        assert_matches_golden(_card(), tmp_path / "card.jpg")
    with pytest.raises(ValueError, match="tolerance 300"):
        assert_matches_golden(_card(), _golden(tmp_path), tolerance=300)


def test_difference_of_identical_images_is_zero() -> None:
    found = difference(_card(), _card(), 0)
    assert (found.differing, found.largest, found.first_largest) == (0, 0, None)
    assert found.fraction == 0.0
