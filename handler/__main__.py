"""`python -m handler`: the `segmint` command line (handler/cli/)."""

from __future__ import annotations

import sys

from handler.cli import main

if __name__ == "__main__":
    sys.exit(main())
