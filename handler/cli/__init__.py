"""`segmint` / `python -m handler`: the command line (one module per command in this package).

Output is plain text, safe in a pipe: no colour unless a terminal reads it, and a reader that
closes early (`| head`) ends the command quietly. handler.dev (uvicorn, moto, rich) is imported
by `serve` alone.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence

from handler.cli import check, prerender, render, routes, serve, tags
from handler.cli.common import VERSION
from handler.config import Settings
from handler.exceptions import ConfigError

COMMANDS = (routes, render, tags, check, prerender, serve)
DESCRIPTION = """\
Segmint: Next.js-style metadata images (icons, Open Graph and Twitter cards) from segments/.

commands:
  routes      list every route and variant: URL pattern, convention, ids, size, type, file
  render      render one variant to a file (no server, no S3)
  tags        the <head> tags or JSON of a page, as GET /_segmint/tags/<page> answers
  check       validate every segment; --render also renders every listable variant
  prerender   render every listable variant and upload it to the bucket
  serve       run the local server with an embedded S3 (what `make serve` runs)
"""
EPILOG = """\
examples:
  segmint routes
  segmint render /shop/1/icon/small -o icon.png
  segmint tags /products/1 --site-url https://www.example.com
  segmint check --render                       # a CI gate: exit 1 on any error
  segmint prerender --dry-run
  segmint prerender --concurrency 8            # SEGMINT_BUCKET, AWS credentials
  segmint serve --port 9000

`segmint COMMAND --help` describes one command. Settings come from SEGMINT_* variables
(README: Configuration)."""


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="segmint",
        description=DESCRIPTION,
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
        usage="segmint [-h] [--version] COMMAND ...",
    )
    parser.add_argument("--version", action="version", version=f"segmint {VERSION}")
    commands = parser.add_subparsers(
        dest="command", metavar="COMMAND", title="command", required=True, help=argparse.SUPPRESS
    )
    for command in COMMANDS:
        command.add(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command; the exit status (0 fine, 1 a problem found, 2 bad usage or config)."""
    args = build_parser().parse_args(argv)
    try:
        try:
            settings = Settings.from_env(os.environ)
        except ConfigError as exc:
            print(f"config: {exc}", file=sys.stderr)
            return 2
        status: int = args.run(args, settings)
        sys.stdout.flush()
        return status
    except BrokenPipeError:
        # The reader went away (`| head`): send what is still buffered nowhere, end quietly.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 141
    except KeyboardInterrupt:
        return 130
