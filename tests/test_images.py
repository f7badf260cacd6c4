"""Image sources: sniffed bytes, data: URIs, files, SVG, and http(s) behind the SSRF guard."""

from __future__ import annotations

import base64
import io
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import ClassVar
from urllib.parse import quote

import pytest
from PIL import Image

from handler.exceptions import ImageSourceError
from handler.render.elements import h
from handler.render.paint.fetch import is_public
from handler.render.paint.images import ImageLoader, sniff, svg_size
from handler.render.pipeline import render_image
from tests.helpers import png_bytes

SVG = (
    b'<svg xmlns="http://www.w3.org/2000/svg" width="40" height="20" viewBox="0 0 4 2">'
    b'<rect width="4" height="2" fill="#f00"/></svg>'
)


def png(width: int = 8, height: int = 6, colour: tuple[int, int, int] = (0, 0, 255)) -> bytes:
    return png_bytes(width, height, colour)


def encoded(fmt: str) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (5, 3), (10, 200, 10)).save(out, fmt)
    return out.getvalue()


@pytest.mark.parametrize("fmt", ["PNG", "JPEG", "GIF", "WEBP"])
def test_bytes_are_sniffed_and_decoded(fmt: str) -> None:
    data = encoded(fmt)
    assert sniff(data) == fmt
    source = ImageLoader().load(data)
    assert (source.width, source.height) == (5.0, 3.0)
    assert source.image.mode == "RGBA"


def test_svg_bytes_rasterised_at_their_intrinsic_size() -> None:
    source = ImageLoader().load(SVG)
    assert (source.width, source.height) == (40.0, 20.0)
    assert source.image.size == (40, 20)
    assert source.image.getpixel((20, 10)) == (255, 0, 0, 255)
    assert source.svg == SVG


@pytest.mark.parametrize(
    ("svg", "size"),
    [
        pytest.param(b'<svg viewBox="0 0 30 10"/>', (30.0, 10.0), id="viewbox"),
        pytest.param(b'<svg width="12pt" viewBox="0 0 2 1"/>', (16.0, 8.0), id="width-and-ratio"),
        pytest.param(b"<svg/>", (300.0, 150.0), id="default"),
        pytest.param(
            b'<svg width="50%" height="10" viewBox="0 0 4 1"/>', (40.0, 10.0), id="percent"
        ),
    ],
)
def test_svg_intrinsic_size(svg: bytes, size: tuple[float, float]) -> None:
    assert svg_size(svg, "x.svg") == size


def test_data_uri_base64_and_percent_encoded() -> None:
    loader = ImageLoader()
    b64 = "data:image/png;base64," + base64.b64encode(png()).decode()
    assert loader.load(b64).width == 8.0
    pct = "data:image/svg+xml," + quote(SVG.decode())
    assert loader.load(pct).width == 40.0


def test_file_path(tmp_path: Path) -> None:
    path = tmp_path / "a.png"
    path.write_bytes(png(3, 2))
    assert ImageLoader().load(str(path)).height == 2.0


def test_missing_file_names_the_src() -> None:
    with pytest.raises(ImageSourceError, match=r"/nope/missing\.png: cannot read file"):
        ImageLoader().load("/nope/missing.png")


def test_garbage_is_a_clear_error() -> None:
    with pytest.raises(ImageSourceError, match="not a PNG, JPEG, GIF, WebP or SVG"):
        ImageLoader().load(b"hello world")


def test_long_src_is_shortened_in_errors() -> None:
    src = "data:image/png;base64," + "A" * 500
    with pytest.raises(ImageSourceError) as info:
        ImageLoader().load(src)
    assert len(str(info.value)) < 200


def test_cache_returns_the_same_source_and_is_bounded() -> None:
    loader = ImageLoader(cache_size=2)
    first = loader.load(png())
    assert loader.load(png()) is first
    loader.load(png(2, 2))
    loader.load(png(3, 3))
    assert loader.load(png()) is not first


@pytest.mark.parametrize(
    ("address", "public"),
    [
        pytest.param("93.184.216.34", True, id="public"),
        pytest.param("127.0.0.1", False, id="loopback"),
        pytest.param("10.1.2.3", False, id="private"),
        pytest.param("169.254.169.254", False, id="metadata"),
        pytest.param("100.64.0.1", False, id="shared"),
        pytest.param("::1", False, id="v6-loopback"),
        pytest.param("fd00:ec2::254", False, id="v6-metadata"),
        pytest.param("::ffff:192.168.0.1", False, id="v4-mapped"),
        pytest.param("0.0.0.0", False, id="unspecified"),
    ],
)
def test_is_public(address: str, public: bool) -> None:
    assert is_public(address) is public


class _Handler(BaseHTTPRequestHandler):
    routes: ClassVar[dict[str, tuple[int, dict[str, str], bytes]]] = {}

    def do_GET(self) -> None:
        status, headers, body = self.routes.get(self.path, (404, {}, b""))
        self.send_response(status)
        for key, value in headers.items():
            self.send_header(key, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture
def server() -> Iterator[str]:
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=httpd.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join()


def test_http_fetch_with_host_allowed(server: str) -> None:
    _Handler.routes = {"/a.png": (200, {"Content-Type": "image/png"}, png(4, 4))}
    source = ImageLoader(allow_hosts=frozenset({"127.0.0.1"})).load(server + "/a.png")
    assert source.width == 4.0


def test_http_loopback_refused_by_default(server: str) -> None:
    _Handler.routes = {"/a.png": (200, {}, png())}
    with pytest.raises(ImageSourceError, match=r"refused: 127\.0\.0\.1 resolves to non-public"):
        ImageLoader().load(server + "/a.png")


def test_every_redirect_hop_is_checked(server: str) -> None:
    _Handler.routes = {"/go": (302, {"Location": "http://internal.test/secret.png"}, b"")}
    loader = ImageLoader(
        allow_hosts=frozenset({"127.0.0.1"}),
        resolver=lambda host, port: ["127.0.0.1"] if host == "127.0.0.1" else ["10.0.0.5"],
    )
    with pytest.raises(
        ImageSourceError, match=r"internal\.test resolves to non-public address 10\.0\.0\.5"
    ):
        loader.load(server + "/go")


def test_redirect_followed(server: str) -> None:
    _Handler.routes = {"/go": (301, {"Location": "/b.png"}, b""), "/b.png": (200, {}, png(2, 5))}
    assert ImageLoader(allow_hosts=frozenset({"127.0.0.1"})).load(server + "/go").height == 5.0


def test_size_limit(server: str) -> None:
    _Handler.routes = {"/big.png": (200, {}, png(200, 200, (1, 2, 3)) + b"\0" * 4000)}
    loader = ImageLoader(allow_hosts=frozenset({"127.0.0.1"}), max_bytes=1000)
    with pytest.raises(ImageSourceError, match="larger than 1000 bytes"):
        loader.load(server + "/big.png")


def test_http_error_status(server: str) -> None:
    _Handler.routes = {}
    with pytest.raises(ImageSourceError, match="HTTP 404"):
        ImageLoader(allow_hosts=frozenset({"127.0.0.1"})).load(server + "/missing.png")


def test_inline_svg_without_a_view_box_clips_its_user_space_at_its_size() -> None:
    # no viewBox: user units are px and the 40x20 viewport cuts the 80x80 rect, as in browsers
    # and @vercel/og 1.0.1 (an older resvg stretched a 100x100 space over the box instead)
    rect = h("rect", {"x": "10", "y": "5", "width": "80", "height": "80", "fill": "#00f"})
    icon = h("svg", {"width": "40", "height": "20"}, rect)
    page = h("div", {"style": {"display": "flex", "width": 60, "height": 30}}, icon)
    image = render_image(page, width=60, height=30)
    alpha = image.getchannel("A")
    assert (alpha.getpixel((5, 2)), alpha.getpixel((41, 10)), alpha.getpixel((20, 21))) == (0, 0, 0)
    assert image.getpixel((12, 7)) == (0, 0, 255, 255)
    assert image.getpixel((39, 19)) == (0, 0, 255, 255)
