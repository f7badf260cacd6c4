"""The README's segment example, run as a user would: copied into segments/, served through
the public test client (handler.testing), looked at."""

from __future__ import annotations

import re
import textwrap
from pathlib import Path

import pytest
from PIL import Image

from handler.testing import SegmintClient, assert_image

README = Path(__file__).resolve().parent.parent / "README.md"


def _python_blocks() -> list[str]:
    return re.findall(r"```python\n(.*?)```", README.read_text(), flags=re.S)


def _segment_example() -> str:
    return next(b for b in _python_blocks() if b.startswith("# segments/shop/[slug]/icon.py"))


def _html_variant(segment: str) -> str:
    """The README's HTML-string `return` put in place of the builder one."""
    html_return = next(b for b in _python_blocks() if "ImageResponse(\n        '<div" in b)
    head = segment[: segment.index("    return ImageResponse(")]
    return head + textwrap.dedent(html_return).replace("return", "    return", 1)


def _serve(tmp_path: Path, source: str, url: str) -> Image.Image:
    icon = tmp_path / "segments" / "shop" / "[slug]" / "icon.py"
    icon.parent.mkdir(parents=True)
    icon.write_text(source)
    with SegmintClient(tmp_path / "segments") as client:
        response = client.get(url)
        assert response.is_miss, response.text
        assert client.get(url).follow().content == response.content
    return assert_image(response, content_type="image/png").convert("RGBA")


def _assert_reads_as_a_letter(image: Image.Image) -> None:
    w, h = image.size
    assert image.getchannel("A").getpixel((0, 0)) == 0  # the rounded corner is cut away
    centre = image.crop((w // 4, h // 4, 3 * w // 4, 3 * h // 4)).convert("L")
    levels = sorted(centre.tobytes())
    dark, light = levels[len(levels) // 10], levels[-len(levels) // 10]
    assert light > 230  # white strokes of the letter...
    assert dark < 110  # ...on the dark gradient: contrast a 48px icon needs to read


@pytest.mark.parametrize(("variant", "size"), [("small", 48), ("medium", 72)])
def test_readme_icon_example_reads_at_its_size(tmp_path: Path, variant: str, size: int) -> None:
    image = _serve(tmp_path, _segment_example(), f"/shop/shoes/icon/{variant}")
    assert image.size == (size, size)
    _assert_reads_as_a_letter(image)


def test_readme_html_example_renders_like_the_builder_one(tmp_path: Path) -> None:
    built = _serve(tmp_path / "a", _segment_example(), "/shop/shoes/icon/small")
    html = _serve(tmp_path / "b", _html_variant(_segment_example()), "/shop/shoes/icon/small")
    assert built.tobytes() == html.tobytes()
