"""Write a package's compiled regular expressions (handler/pattern_cache.py says why).

    python -I scripts/pattern_cache.py STAGE_DIR    # writes STAGE_DIR/segmint-patterns.bin

scripts/package_lambda.sh runs it on the staged tree, in a fresh interpreter that must be the
runtime's Python version (the file is bound to it). It imports what a cold start imports
(`handler.lambda_entry`, with the staged segments), renders one small image, as a first miss
does, and loads the idna codec, as the first S3 connection does, then writes every pattern `re`
compiled meanwhile. Libraries come from the build's own environment, with the staged tree last
on `sys.path` (as scripts/scan_manifest.py does: the staged wheels may be for another
architecture); their versions are the pinned ones the zip holds, so their patterns are the
same.
"""

from __future__ import annotations

import logging
import os
import sys
from pathlib import Path


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print("usage: python -I scripts/pattern_cache.py STAGE_DIR", file=sys.stderr)
        return 2
    root = Path(argv[0]).resolve()
    sys.path.append(str(root))
    # A cold start's settings; nothing here reaches AWS (the client only connects on a call).
    os.environ |= {
        "SEGMINT_BUCKET": "segmint-patterns",
        "SEGMINT_SEGMENTS_DIR": str(root / "segments"),
        "AWS_DEFAULT_REGION": os.environ.get("AWS_DEFAULT_REGION", "us-east-1"),
        "AWS_ACCESS_KEY_ID": "segmint-patterns",
        "AWS_SECRET_ACCESS_KEY": "segmint-patterns",
    }
    logging.disable(logging.WARNING)  # a broken segment is the cold start's to report
    import handler.lambda_entry  # noqa: F401  (what a cold start compiles)
    from handler import ImageResponse, h
    from handler.pattern_cache import PATTERNS_NAME, dump, record

    ImageResponse(h("div", {"style": {"display": "flex"}}, "Segmint \U0001f642"), 64, 64)
    # The first S3 call's connect encodes the endpoint's host name with the idna codec, whose
    # module compiles its patterns on import (~6 ms): load it here too.
    "s3.amazonaws.com".encode("idna")
    body, count = dump(record())
    (root / PATTERNS_NAME).write_bytes(body)
    print(f"wrote {PATTERNS_NAME}: {count} patterns, {len(body) / 1e3:.0f} KB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
