"""The command line as a user types it: `python -m handler ...` in a subprocess, each with a
timeout; `prerender` against the embedded S3 over HTTP (moto's server on loopback)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import uuid
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import Any

import pytest
from starlette.testclient import TestClient

from handler.app import create_app
from handler.cache.store import MemoryStore
from handler.config import Settings
from handler.dev.s3 import EmbeddedS3, start_embedded_s3
from handler.segments import scan
from tests.helpers import image_size

ROOT = Path(__file__).resolve().parent.parent
SITE = "https://www.example.com"
TIMEOUT = 120
SegmentWriter = Callable[[dict[str, str]], Path]

pytestmark = pytest.mark.slow


def segmint(
    *args: str, env: Mapping[str, str] | None = None, cwd: Path = ROOT
) -> subprocess.CompletedProcess[str]:
    """`python -m handler ARGS` with the SEGMINT_* settings of `env` only."""
    environ = {k: v for k, v in os.environ.items() if not k.startswith("SEGMINT_")}
    environ["COLUMNS"] = "80"  # argparse wraps --help to the terminal's width
    environ.update(env or {})
    return subprocess.run(
        [sys.executable, "-m", "handler", *args],
        cwd=cwd,
        env=environ,
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
        check=False,
    )


def test_help_has_a_line_per_command_and_examples() -> None:
    shown = segmint("--help")
    assert shown.returncode == 0
    for name in ("routes", "render", "tags", "check", "prerender", "serve"):
        assert any(line.split()[:1] == [name] for line in shown.stdout.splitlines()), name
    assert "examples:" in shown.stdout
    assert "segmint render /shop/1/icon/small -o icon.png" in shown.stdout
    assert segmint("prerender", "--help").stdout.count("--concurrency") >= 2


def test_version() -> None:
    assert segmint("--version").stdout.strip() == "segmint 0.1.0"


def test_routes_table() -> None:
    shown = segmint("routes")
    assert shown.returncode == 0, shown.stderr
    lines = shown.stdout.splitlines()
    assert lines[0].split() == ["URL", "pattern", "convention", "ids", "size", "type", "source"]
    icon = next(line for line in lines if line.startswith("/icon/<id> "))
    assert icon.split() == [
        "/icon/<id>",
        "icon",
        "small,",
        "medium",
        "48x48,",
        "72x72",
        "image/png",
        "segments/icon.py",
    ]
    assert "\x1b[" not in shown.stdout


def test_routes_json_lists_each_variant() -> None:
    routes = json.loads(segmint("routes", "--json").stdout)
    products = next(r for r in routes if r["convention"] == "opengraph-image" and r["dynamic"])
    assert products["pattern"] == "/products/[id]/opengraph-image/<id>"
    assert [v["url"] for v in products["variants"]][:3] == [
        "/products/1/opengraph-image/0",
        "/products/1/opengraph-image/1",
        "/products/1/opengraph-image/2",
    ]
    assert len(products["variants"]) == 6


def test_a_closed_pipe_ends_quietly() -> None:
    # `segmint routes | head -1`, the two processes wired as a shell would.
    environ = {k: v for k, v in os.environ.items() if not k.startswith("SEGMINT_")}
    writer = subprocess.Popen(
        [sys.executable, "-m", "handler", "routes"],
        cwd=ROOT,
        env=environ,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    reader = subprocess.Popen(["head", "-1"], stdin=writer.stdout, stdout=subprocess.PIPE)
    assert writer.stdout is not None
    writer.stdout.close()  # the reader holds the pipe now: its exit closes it
    try:
        first, _ = reader.communicate(timeout=TIMEOUT)
        _, errors = writer.communicate(timeout=TIMEOUT)
    finally:
        for process in (reader, writer):
            if process.poll() is None:
                process.kill()
                process.wait()
    assert first.decode().startswith("URL pattern")
    assert b"Traceback" not in errors
    assert b"BrokenPipeError" not in errors
    assert writer.returncode in (0, 141)


def test_readme_shows_the_help_as_it_is() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert f"```\n{segmint('--help').stdout.rstrip()}\n```" in readme


def test_render_writes_one_variant(tmp_path: Path) -> None:
    out = tmp_path / "icon.png"
    shown = segmint("render", "/shop/1/icon/small", "-o", str(out))
    assert shown.returncode == 0, shown.stderr
    assert image_size(out.read_bytes()) == (48, 48)
    assert "48x48 image/png" in shown.stdout
    missing = segmint("render", "/nowhere/icon", "-o", str(tmp_path / "x.png"))
    assert missing.returncode == 1
    assert "no route or variant answers /nowhere/icon" in missing.stderr


@pytest.mark.parametrize("fmt", ["html", "json"])
def test_tags_prints_what_the_endpoint_answers(fmt: str) -> None:
    args = ["tags", "/products/2", "--site-url", SITE] + (["--json"] if fmt == "json" else [])
    shown = segmint(*args)
    assert shown.returncode == 0, shown.stderr
    app = create_app(Settings(site_url=SITE), MemoryStore(), scan(ROOT / "segments"))
    with TestClient(app) as client:
        answered = client.get("/_segmint/tags/products/2", params={"format": fmt}).text
    assert shown.stdout == answered
    assert "Grey backpack, front" in shown.stdout


def test_tags_without_a_site_url_says_what_to_pass() -> None:
    shown = segmint("tags", "/")
    assert shown.returncode == 2
    assert "--site-url" in shown.stderr
    assert "localhost" not in shown.stdout


def test_bad_config_exits_2() -> None:
    shown = segmint("check", env={"SEGMINT_REDIRECT_STATUS": "301"})
    assert shown.returncode == 2
    assert "SEGMINT_REDIRECT_STATUS=301" in shown.stderr


def test_check_passes_on_the_shipped_segments() -> None:
    shown = segmint("check", "--render")
    assert shown.returncode == 0, shown.stdout
    assert shown.stdout.splitlines()[-1].startswith("ok: 9 route(s), 12 variant(s) rendered")


BROKEN_EVERY_TIME = """\
def image():
    raise RuntimeError("the font server is down")
"""
BROKEN_FOR_ONE_ID = """\
def generate_static_params():
    return [{"slug": "a"}, {"slug": "b"}]
def generate_image_metadata(params):
    return [{"id": "small"}, {"id": "large"}]
def image(params, id):
    if params["slug"] == "b" and id == "large":
        raise ValueError("no large art for b")
    return b"\\x89PNG\\r\\n\\x1a\\n"  # a PNG's signature: the service checks the type
"""


def test_check_fails_for_a_segment_that_fails_every_request(
    write_segments: SegmentWriter,
) -> None:
    root = write_segments(
        {
            "icon.py": BROKEN_EVERY_TIME,
            "about/icon.py": "x = 1\n",
            "shop/icon.py": "def image():\n    return b''\nsize = {'width': -1, 'height': 2}\n",
        }
    )
    shown = segmint("check", env={"SEGMINT_SEGMENTS_DIR": str(root)})
    assert shown.returncode == 1
    out = shown.stdout
    assert "segments/icon.py: image: raised RuntimeError: the font server is down" in out
    assert "about/icon.py: image: no `image` function" in out
    assert "shop/icon.py: size: size {'width': -1, 'height': 2}" in out
    assert out.splitlines()[-1].startswith("3 problem(s): 1 route(s)")


def test_check_render_renders_params_times_ids(write_segments: SegmentWriter) -> None:
    root = write_segments({"shop/[slug]/icon.py": BROKEN_FOR_ONE_ID})
    env = {"SEGMINT_SEGMENTS_DIR": str(root)}
    assert segmint("check", env=env).returncode == 0  # the first variant renders
    shown = segmint("check", "--render", env=env)
    assert shown.returncode == 1
    assert shown.stdout.splitlines()[0] == (
        "segments/shop/[slug]/icon.py: image: raised ValueError: no large art for b "
        "(rendering /shop/b/icon/large)"
    )
    assert (
        shown.stdout.splitlines()[-1]
        == "1 problem(s): 1 route(s), 3 variant(s) rendered, 0 not listable"
    )


# --- prerender against the embedded S3 ----------------------------------------------------


@pytest.fixture
def bucket() -> Iterator[EmbeddedS3]:
    # moto keeps buckets per process, across servers: a fresh name is a fresh bucket.
    s3 = start_embedded_s3(bucket=f"segmint-{uuid.uuid4().hex[:12]}")
    try:
        yield s3
    finally:
        s3.stop()


def _stored(s3: EmbeddedS3) -> dict[str, Any]:
    client = s3.client()
    try:
        listed = client.list_objects_v2(Bucket=s3.bucket).get("Contents", [])
    finally:
        client.close()
    return {item["Key"]: (item["ETag"], item["LastModified"]) for item in listed}


def _s3_env(s3: EmbeddedS3, **extra: str) -> dict[str, str]:
    return {
        "SEGMINT_BUCKET": s3.bucket,
        "SEGMINT_S3_ENDPOINT_URL": s3.endpoint_url,
        "AWS_REGION": "us-east-1",
        **extra,
    }


def test_prerender_uploads_every_variant_once(bucket: EmbeddedS3) -> None:
    first = segmint("prerender", "--concurrency", "3", env=_s3_env(bucket))
    assert first.returncode == 0, first.stderr
    lines = [line for line in first.stdout.splitlines() if not line.startswith("note: ")]
    assert lines[0] == f"12 variant(s) to s3://{bucket.bucket}/segmint/"
    progress = [line for line in lines if line.startswith("[")]
    assert len(progress) == 12
    assert progress[-1].startswith("[12/12] ")
    assert any("rendered       /products/2/opengraph-image/1 (" in line for line in progress)
    assert lines[-1] == "12 rendered, 0 already stored, 0 failed"
    assert "\x1b[" not in first.stdout
    stored = _stored(bucket)
    assert len(stored) == 12

    # The same keys a request computes: the service redirects to them instead of rendering.
    settings = Settings.from_env(_s3_env(bucket))
    assert settings.prefix == "segmint/"

    second = segmint("prerender", env=_s3_env(bucket))
    assert second.returncode == 0, second.stderr
    assert second.stdout.splitlines()[-1] == "0 rendered, 12 already stored, 0 failed"
    assert _stored(bucket) == stored


def test_prerender_keys_are_the_services(bucket: EmbeddedS3) -> None:
    from handler.cache.s3 import S3Store

    assert segmint("prerender", env=_s3_env(bucket)).returncode == 0
    client = bucket.client()
    try:
        settings = Settings.from_env(_s3_env(bucket))
        store = S3Store(client, bucket.bucket, settings.prefix)
        app = create_app(settings, store, scan(ROOT / "segments"))
        with TestClient(app, follow_redirects=False) as http:
            answers = [http.get(path).status_code for path in ("/icon/small", "/apple-icon")]
            answers.append(http.get("/products/1/opengraph-image/2").status_code)
        assert app.state.service.renders == 0
    finally:
        client.close()
    assert answers == [307, 307, 307]


def test_prerender_dry_run_uploads_nothing(bucket: EmbeddedS3) -> None:
    shown = segmint("prerender", "--dry-run", env=_s3_env(bucket))
    assert shown.returncode == 0, shown.stderr
    assert (
        shown.stdout.splitlines()[-1] == "0 rendered, 0 already stored, 12 would render, 0 failed"
    )
    assert _stored(bucket) == {}


def test_prerender_failure_exits_1_and_a_rerun_finishes(
    bucket: EmbeddedS3, write_segments: SegmentWriter, tmp_path: Path
) -> None:
    root = write_segments({"shop/[slug]/icon.py": BROKEN_FOR_ONE_ID})
    env = _s3_env(bucket, SEGMINT_SEGMENTS_DIR=str(root))
    failed = segmint("prerender", env=env)
    assert failed.returncode == 1
    assert "/shop/b/icon/large: segments/shop/[slug]/icon.py: image: raised ValueError" in (
        failed.stderr
    )
    assert failed.stdout.splitlines()[-1] == "3 rendered, 0 already stored, 1 failed"
    (root / "shop" / "[slug]" / "icon.py").write_text(
        BROKEN_FOR_ONE_ID.replace(
            'raise ValueError("no large art for b")', 'return b"\\x89PNG\\r\\n\\x1a\\nfixed"'
        )
    )
    rerun = segmint("prerender", env=env)
    assert rerun.returncode == 0, rerun.stderr
    # The fix changed the segment's source, so its keys are new: all four render again.
    assert rerun.stdout.splitlines()[-1] == "4 rendered, 0 already stored, 0 failed"
