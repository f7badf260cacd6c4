"""The preview page in a real browser: Debian's chromium, driven by Playwright (no browser
download), on a phone-sized viewport, with a broken segment and a render error in the tree."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, ViewportSize, sync_playwright

from handler.dev.server import LocalStack, running_stack
from tests.helpers import image_size, write_segment_tree

CHROMIUM = "/usr/bin/chromium"
PHONE: ViewportSize = {"width": 390, "height": 844}

pytestmark = [pytest.mark.slow, pytest.mark.timeout(180)]

ICON = """\
from handler import ImageResponse, h
size = {"width": 48, "height": 48}
def image():
    return ImageResponse(h("div", {"style": {"width": "100%", "height": "100%",
                                             "background": "#4f46e5"}}))
"""
CARD = """\
from handler import ImageResponse, h
alt = "A plain card"
def image():
    return ImageResponse(h("div", {"style": {"width": "100%", "height": "100%",
                                             "background": "#0f172a"}}))
"""
FAILING = """\
def image():
    raise RuntimeError("the font server is down")
"""
NO_IMAGE = "title = 'forgot the image function'\n"


@pytest.fixture(scope="module")
def stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LocalStack]:
    root = write_segment_tree(
        tmp_path_factory.mktemp("preview") / "segments",
        {
            "icon.py": ICON,
            "opengraph-image.py": CARD,
            "blog/icon.py": FAILING,
            "about/icon.py": NO_IMAGE,
        },
    )
    with running_stack(base_environ={"SEGMINT_SEGMENTS_DIR": str(root)}) as running:
        yield running


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=["--no-sandbox"]
        )
        try:
            yield launched
        finally:
            launched.close()


def _images(page: Page) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = page.eval_on_selector_all(
        "img",
        """els => els.map(e => ({src: e.getAttribute('src'), complete: e.complete,
            naturalWidth: e.naturalWidth, naturalHeight: e.naturalHeight,
            width: e.getBoundingClientRect().width, height: e.getBoundingClientRect().height,
            declared: [Number(e.getAttribute('width')), Number(e.getAttribute('height'))]}))""",
    )
    return found


def test_preview_in_chromium_shows_errors_and_natural_sizes(
    stack: LocalStack, browser: Browser, tmp_path: Path
) -> None:
    page = browser.new_page(viewport=PHONE)
    try:
        page.goto(f"{stack.http.url}/", wait_until="networkidle")
        # The render error, with segment, export and message, in the page itself.
        failing = page.get_by_text("raised RuntimeError: the font server is down").first
        assert failing.is_visible()
        assert page.get_by_text("no `image` function").first.is_visible()
        assert page.locator("#broken").get_by_text("segments/blog/icon.py").first.is_visible()
        assert page.get_by_text("Broken segments (2)").is_visible()

        images = {i["src"]: i for i in _images(page)}
        assert sorted(images) == ["/icon", "/opengraph-image"]
        for found in images.values():
            assert found["complete"]
            assert [found["naturalWidth"], found["naturalHeight"]] == found["declared"]
        icon, card = images["/icon"], images["/opengraph-image"]
        assert (icon["width"], icon["height"]) == (48, 48)  # not stretched to the card's box
        assert card["width"] <= 360
        assert card["height"] == pytest.approx(card["width"] * 630 / 1200, abs=1)

        # Each image says what happened and how long it took; each page has its tags.
        assert page.get_by_text("rendered and stored ·").count() == 2
        assert page.locator("pre.tags").first.text_content() is not None
        page.get_by_text("<head> tags of /").first.click()
        assert page.get_by_text(
            '<meta name="twitter:card" content="summary_large_image"/>'
        ).first.is_visible()

        # The viewport meta tag keeps the page inside a phone's width.
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= PHONE["width"]

        shot = tmp_path / "preview.png"
        page.screenshot(path=str(shot), full_page=True)
        assert image_size(shot.read_bytes())[0] == PHONE["width"]
    finally:
        page.close()
