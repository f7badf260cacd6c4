"""`segmint serve`: the local server with an embedded S3, what `make serve` runs."""

from __future__ import annotations

import argparse

from handler.cli.common import Subparsers, command
from handler.config import Settings


def add(commands: Subparsers) -> None:
    parser = command(
        commands,
        "serve",
        "run the local server with an embedded S3 and the preview page (what `make serve` runs)",
        run,
        "examples:\n  segmint serve\n  segmint serve --port 9000 --no-reload",
    )
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8000)
    parser.add_argument("--no-reload", action="store_true", help="do not restart on file changes")


def run(args: argparse.Namespace, settings: Settings) -> int:
    # Imported here: handler.dev (uvicorn, rich, moto) is not in the Lambda zip, and no other
    # command needs it.
    from handler.dev.server import serve

    serve(args.host, args.port, reload=not args.no_reload)
    return 0
