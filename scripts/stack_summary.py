"""Print what a CloudFormation template made by `osls package` creates: one line per resource.

python scripts/stack_summary.py build/stack/cloudformation-template-update-stack.json
"""

from __future__ import annotations

import json
import sys
from pathlib import Path


def summary(template: dict[str, object]) -> list[str]:
    resources = template.get("Resources")
    if not isinstance(resources, dict):
        raise SystemExit("the template has no Resources")
    width = max(len(name) for name in resources)
    return [f"  {name:<{width}}  {body['Type']}" for name, body in resources.items()]


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print(__doc__, file=sys.stderr)
        return 2
    path = Path(argv[0])
    lines = summary(json.loads(path.read_text(encoding="utf-8")))
    print(f"{path}: {len(lines)} resources")
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
