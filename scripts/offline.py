"""`make offline`: the deployed shape on loopback, from the project's own serverless.yml.

serverless-offline (the osls v3 plugin, pinned in infra/node/) emulates the API Gateway front
door of `params.frontDoor` (HTTP API payload 2.0 by default, `--front-door rest` for REST payload
1.0) and runs the real `handler.lambda_entry.handler` in this project's .venv Python. The S3 is
moto's server, started here on a free loopback port; serverless.yml's `offline` stage takes its
address through `--param`, so no `!Ref` reaches the function. CloudFront is the one part not
emulated: the function redirects to the embedded bucket's path-style URL, where the deployed
stack redirects same-origin to `/segmint/<key>` on the distribution.

Prints `ready <api url> <s3 url>` once the API answers, and runs until Ctrl-C or SIGTERM, which
stop serverless-offline (and the Python it started) and the S3 server.
"""

from __future__ import annotations

import argparse
import os
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path
from types import FrameType

from handler.dev.s3 import start_embedded_s3

ROOT = Path(__file__).resolve().parent.parent
NODE_DIR = ROOT / "infra" / "node"
OSLS = NODE_DIR / "node_modules" / ".bin" / "osls"
VENV = ROOT / ".venv"
LOOPBACK = "127.0.0.1"
BUCKET = "segmint-offline"  # serverless.yml: params.offline.bucket
PREFIX = "segmint/"  # serverless.yml: custom.cachePrefix
READY_MARK = "Server ready"
STARTUP_TIMEOUT = 120.0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--front-door", choices=("http", "rest"), default="http")
    parser.add_argument("--port", type=int, default=3000, help="the API's port (0: any free one)")
    args = parser.parse_args(argv)
    missing = missing_tools()
    if missing:
        print(f"offline: {missing}", file=sys.stderr)
        return 2
    # Anyone may read under the prefix and nothing else: locally the client stands where the
    # distribution (origin access control) does when deployed.
    s3 = start_embedded_s3(bucket=BUCKET, prefix=PREFIX, host=LOOPBACK)
    s3_url = s3.endpoint_url
    api_port = args.port or free_port()
    command = osls_command(args.front_door, api_port, s3_url)
    print(f"offline: starting serverless-offline ({args.front_door} front door) ...", flush=True)
    child = subprocess.Popen(
        command,
        cwd=ROOT,
        env=offline_environ(),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        bufsize=1,
    )
    stopping = threading.Event()

    def stop(signum: int, frame: FrameType | None) -> None:
        stopping.set()
        if child.poll() is None:
            child.terminate()

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    try:
        return relay(child, f"http://{LOOPBACK}:{api_port}", s3_url, stopping)
    finally:
        if child.poll() is None:
            child.terminate()
            try:
                child.wait(timeout=10)
            except subprocess.TimeoutExpired:
                child.kill()
        s3.stop()


def missing_tools() -> str | None:
    """What `make offline` lacks, said before anything starts; None when all is there."""
    for tool in ("node", "npm"):
        if shutil.which(tool) is None:
            return f"`{tool}` not found on PATH: install Node.js 20.19+ and npm"
    if not OSLS.exists():
        return f"{OSLS.relative_to(ROOT)} is missing: run `make node` (npm ci in infra/node/)"
    if not (VENV / "bin" / "python3").exists():
        return ".venv is missing: run `make dev`"
    return None


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((LOOPBACK, 0))
        port: int = sock.getsockname()[1]
        return port


def osls_command(front_door: str, api_port: int, s3_url: str) -> list[str]:
    return [
        str(OSLS),
        "offline",
        "start",
        "--stage",
        "offline",
        "--param",
        f"frontDoor={front_door}",
        "--param",
        f"s3EndpointUrl={s3_url}",
        "--param",
        f"publicBaseUrl={s3_url}/{BUCKET}",
        "--host",
        LOOPBACK,
        "--httpPort",
        str(api_port),
        "--lambdaPort",
        str(free_port()),
    ]


def offline_environ() -> dict[str, str]:
    """This environment, with serverless-offline's Python pointed at .venv and dummy AWS keys
    (moto takes any; nothing here may reach AWS)."""
    environ = dict(os.environ)
    environ.update(
        {
            # serverless-offline puts $VIRTUAL_ENV/bin first on PATH before it runs `python3`.
            "VIRTUAL_ENV": str(VENV),
            "AWS_ACCESS_KEY_ID": "offline",
            "AWS_SECRET_ACCESS_KEY": "offline",
            "AWS_SESSION_TOKEN": "offline",
            "SLS_TELEMETRY_DISABLED": "1",
            "SLS_NOTIFICATIONS_MODE": "off",
        }
    )
    return environ


def relay(
    child: subprocess.Popen[str], api_url: str, s3_url: str, stopping: threading.Event
) -> int:
    """Copy serverless-offline's output through; say `ready` once its server is up."""
    assert child.stdout is not None
    started = time.monotonic()
    ready = False
    for line in child.stdout:
        print(line, end="", flush=True)
        if not ready and READY_MARK in line:
            ready = True
            print(f"ready {api_url} {s3_url}", flush=True)
            print(f"offline: try {api_url}/icon/small (Ctrl-C stops everything)", flush=True)
        if not ready and time.monotonic() - started > STARTUP_TIMEOUT:
            print(f"offline: not ready after {STARTUP_TIMEOUT:.0f} s", file=sys.stderr)
            return 1
    code = child.wait()
    return 0 if stopping.is_set() else code


if __name__ == "__main__":
    sys.exit(main())
