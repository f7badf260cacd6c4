"""`make serve`: Segmint on loopback with an embedded S3, no AWS account or network needed.

Two servers run in this process: moto's S3 server (a thread, on a free loopback port; see
handler/dev/s3.py) and the real Starlette app under uvicorn.

Reload, as `next dev` does: `serve()` keeps moto and the listening socket in this process and
runs the app in a uvicorn worker process (`dev_app`, an app factory that reads the endpoint and
bucket from the environment set here). `TreeReload` (handler/dev/reload.py) restarts the worker
when a file under segments/ or handler/ changes; the bucket and what it stores survive. A changed
segment has a new cache key, so it renders anew (200) and the old object stays. The worker also
serves the preview page (handler/dev/preview.py) at `/`.
"""

from __future__ import annotations

import os
import socket
import threading
import time
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import uvicorn
from starlette.types import ASGIApp

from handler.config import Settings
from handler.dev.app import LocalApp, build_app, dev_app
from handler.dev.banner import example_urls, print_banner
from handler.dev.logs import log_like_uvicorn, quiet
from handler.dev.reload import TreeReload, watch_dirs
from handler.dev.s3 import LOOPBACK, EmbeddedS3, local_environ, start_embedded_s3
from handler.segments import scan

STARTUP_TIMEOUT = 10.0


@dataclass(frozen=True, slots=True)
class HttpServer:
    """uvicorn serving an ASGI app in a background thread."""

    server: uvicorn.Server
    thread: threading.Thread
    sock: socket.socket
    url: str

    def stop(self) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=STARTUP_TIMEOUT)
        self.sock.close()


@dataclass(frozen=True, slots=True)
class LocalStack:
    """The whole local service: the embedded S3 and the app's HTTP server."""

    s3: EmbeddedS3
    http: HttpServer
    local: LocalApp


def bind_socket(host: str, port: int) -> socket.socket:
    """A listening TCP socket on host:port (port 0: a free one), ready for uvicorn."""
    sock = socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host, port))
    except OSError as exc:
        sock.close()
        raise OSError(f"cannot listen on {host}:{port}: {exc.strerror}") from exc
    sock.listen(128)
    return sock


def start_http(app: ASGIApp, host: str = LOOPBACK, port: int = 0) -> HttpServer:
    """Serve `app` with uvicorn in a daemon thread; returns once it accepts connections."""
    sock = bind_socket(host, port)
    bound_port = sock.getsockname()[1]
    config = uvicorn.Config(app, lifespan="off", log_level="warning", access_log=False)
    server = uvicorn.Server(config)
    thread = threading.Thread(
        target=server.run, kwargs={"sockets": [sock]}, name="segmint-http", daemon=True
    )
    thread.start()
    deadline = time.monotonic() + STARTUP_TIMEOUT
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            server.should_exit = True
            sock.close()
            raise RuntimeError(f"uvicorn did not start on {host}:{bound_port}")
        time.sleep(0.01)
    return HttpServer(server, thread, sock, f"http://{_url_host(host)}:{bound_port}")


@contextmanager
def running_stack(
    host: str = LOOPBACK, port: int = 0, base_environ: Mapping[str, str] | None = None
) -> Iterator[LocalStack]:
    """Embedded S3 + app over HTTP, both stopped on exit (port 0: any free port)."""
    s3 = start_embedded_s3()
    try:
        local = build_app(s3, local_environ(s3, base_environ))
        try:
            http = start_http(local.preview(), host, port)
            try:
                yield LocalStack(s3, http, local)
            finally:
                http.stop()
        finally:
            local.close()
    finally:
        s3.stop()


def serve(host: str = LOOPBACK, port: int = 8000, *, reload: bool = True) -> None:
    """Run Segmint on http://host:port until Ctrl-C, with moto's S3 beside it.

    With `reload` the app runs in a worker process that restarts when a file under the
    segments folder or handler/ changes (see the module docstring); without, in this process.
    """
    sock = bind_socket(host, port)
    s3 = start_embedded_s3()
    try:
        log_like_uvicorn()
        environ = local_environ(s3)
        settings = Settings.from_env(environ)
        with quiet("segmint.segments"):  # the worker logs broken segments as it starts
            registry = scan(settings.segments_dir)
        base_url = f"http://{_url_host(host)}:{port}"
        watched = watch_dirs(settings) if reload else ()
        print_banner(base_url, s3, example_urls(registry, settings, base_url), watched)
        # The worker (spawned, or this process) builds its app from these variables.
        os.environ.update(environ)
        # uvicorn shuts down gracefully and re-raises the Ctrl-C it caught: then we are done.
        with suppress(KeyboardInterrupt):
            _run_uvicorn(sock, watched)
    finally:
        with suppress(OSError):
            sock.close()
        s3.stop()


def _run_uvicorn(sock: socket.socket, watched: Sequence[Path]) -> None:
    options: dict[str, Any] = {"lifespan": "off", "log_level": "info", "access_log": False}
    if not watched:
        # In the main thread uvicorn handles SIGINT/SIGTERM itself and returns cleanly.
        uvicorn.Server(uvicorn.Config(dev_app, factory=True, **options)).run(sockets=[sock])
        return
    config = uvicorn.Config(
        f"{dev_app.__module__}:{dev_app.__name__}",
        factory=True,
        reload=True,
        reload_dirs=[str(d) for d in watched],
        **options,
    )
    TreeReload(config, target=uvicorn.Server(config).run, sockets=[sock]).run()


def _url_host(host: str) -> str:
    return f"[{host}]" if ":" in host else host
