"""Cut the staged botocore down to the data an S3 client reads (package_lambda.sh runs it).

    python scripts/prune_botocore.py STAGE_DIR
    SEGMINT_AWS_SERVICES="dynamodb secretsmanager" python scripts/prune_botocore.py STAGE_DIR

The zip ships its own botocore (pinned in requirements.txt) rather than using the runtime's:
AWS advises shipping the SDK a function depends on (the runtime's copy is updated under it),
and the runtime's copy is slow to start: creating one S3 client lists every one of its ~450
service folders, parses the 1.3 MB `endpoints.json` and a 1.3 MB S3 model, most of it
documentation. Cut here, each safe because botocore never reads it for an S3 client:

- service folders other than KEPT_SERVICES: S3; SSM, where signing keys may live
  (`SEGMINT_SIGNING_KEYS_SSM`); STS, SSO and SSO-OIDC, which credential providers call when a
  profile asks for them (Lambda's own credentials come from the environment);
- in `endpoints.json`, the other services' entries of each partition (the regions, DNS suffixes
  and defaults stay): S3's endpoints come from its rule set; the legacy resolver reads only
  the entries of the service it resolves;
- in S3's model, the operations Segmint never calls (S3_OPERATIONS are kept, with every shape
  they reach): a cold start parses 34 KB of it instead of 267 KB, 5% of its import's
  instructions. `SEGMINT_AWS_SERVICES=s3` keeps all of S3 for a segment's own S3 calls;
- in the kept models, the text of `documentation` strings (read only to build docstrings) and the
  `examples-1.json` files (documentation too); each model is stored as plain `.json`, which the
  loader tries before `.json.gz`, so no cold start decompresses it.

The zip's botocore is the one every import on Lambda finds, a segment's own `boto3.client(...)`
included: a segment that reads DynamoDB, say, needs that service's data kept, named in
`SEGMINT_AWS_SERVICES` (space- or comma-separated botocore service names) when the zip is built.
A staged segment that imports boto3 or botocore gets a note that says so.

tests/test_package.py drives the unzipped package's S3 client against the embedded S3, so a cut
too deep fails there.
"""

from __future__ import annotations

import difflib
import gzip
import json
import os
import re
import shutil
import sys
from pathlib import Path
from typing import Any

KEPT_SERVICES = frozenset({"s3", "ssm", "sts", "sso", "sso-oidc"})
DOC_KEYS = frozenset({"documentation", "documentationUrl"})
S3_OPERATIONS = frozenset({"HeadObject", "GetObject", "PutObject", "HeadBucket"})
"""What the store calls (handler/cache/s3.py), and HeadBucket, which botocore's S3 region
redirect calls when a bucket answers from another region."""
_SDK_IMPORT = re.compile(r"^\s*(?:import|from)\s+(?:boto3|botocore)\b", re.MULTILINE)


def without_docs(value: object) -> object:
    """`value` with every `documentation` string emptied (kept as "": botocore indexes some).

    >>> without_docs({"a": {"documentation": "x", "b": [{"documentationUrl": "u", "c": 1}]}})
    {'a': {'documentation': '', 'b': [{'documentationUrl': '', 'c': 1}]}}
    """
    if isinstance(value, dict):
        return {
            # a shape member named "documentation" is an object, and kept whole
            k: "" if k in DOC_KEYS and isinstance(v, str) else without_docs(v)
            for k, v in value.items()
        }
    if isinstance(value, list):
        return [without_docs(v) for v in value]
    return value


def _read(path: Path) -> object:
    if path.name.endswith(".gz"):
        with gzip.open(path, "rt", encoding="utf-8") as file:
            return json.load(file)
    return json.loads(path.read_text(encoding="utf-8"))


def _write_plain(path: Path, body: object) -> Path:
    plain = path.with_name(path.name.removesuffix(".gz"))
    plain.write_text(json.dumps(body, separators=(",", ":")), encoding="utf-8")
    if plain != path:
        path.unlink()
    return plain


def requested_services(value: str) -> frozenset[str]:
    """The service names of `SEGMINT_AWS_SERVICES`.

    >>> sorted(requested_services(" dynamodb, secretsmanager  sqs "))
    ['dynamodb', 'secretsmanager', 'sqs']
    """
    return frozenset(name for name in re.split(r"[\s,]+", value) if name)


def only_operations(model: dict[str, Any], operations: frozenset[str]) -> dict[str, Any]:
    """A service model with only `operations` and the shapes they reach.

    >>> shapes = {"In": {"type": "structure", "members": {"K": {"shape": "Key"}}},
    ...           "Key": {"type": "string"}, "Other": {"type": "string"}}
    >>> model = {"operations": {"Get": {"input": {"shape": "In"}}, "List": {}}, "shapes": shapes}
    >>> cut = only_operations(model, frozenset({"Get"}))
    >>> sorted(cut["operations"]), sorted(cut["shapes"])
    (['Get'], ['In', 'Key'])
    """
    if missing := operations - set(model["operations"]):
        raise SystemExit(f"S3 model: no {sorted(missing)} (did botocore change?)")
    reached: set[str] = set()
    todo = [
        ref["shape"]
        for name in operations
        for ref in (
            model["operations"][name].get("input"),
            model["operations"][name].get("output"),
            *model["operations"][name].get("errors", ()),
        )
        if ref is not None
    ]
    while todo:
        name = todo.pop()
        if name in reached:
            continue
        reached.add(name)
        shape = model["shapes"][name]
        todo += [member["shape"] for member in shape.get("members", {}).values()]
        todo += [shape[key]["shape"] for key in ("member", "key", "value") if key in shape]
    return {
        **model,
        "operations": {k: v for k, v in model["operations"].items() if k in operations},
        "shapes": {k: v for k, v in model["shapes"].items() if k in reached},
    }


def prune(data: Path, extra: frozenset[str] = frozenset()) -> tuple[int, int]:
    """Prune botocore's `data` folder in place, keeping `extra` services too; (bytes before,
    bytes after)."""
    before = sum(p.stat().st_size for p in data.rglob("*") if p.is_file())
    found = {p.name for p in data.iterdir() if p.is_dir()}
    if missing := KEPT_SERVICES - found:
        raise SystemExit(f"{data}: no {sorted(missing)} (did botocore change?)")
    for name in sorted(extra - found):
        close = difflib.get_close_matches(name, sorted(found), n=3)
        hint = f" (did you mean {', '.join(close)}?)" if close else ""
        raise SystemExit(f"SEGMINT_AWS_SERVICES: {name!r} is not a botocore service{hint}")
    kept = KEPT_SERVICES | extra
    for folder in sorted(data.iterdir()):
        if folder.is_dir() and folder.name not in kept:
            shutil.rmtree(folder)
    endpoints = data / "endpoints.json"
    body = _read(endpoints)
    assert isinstance(body, dict)
    for partition in body["partitions"]:
        partition["services"] = {k: v for k, v in partition["services"].items() if k in kept}
    _write_plain(endpoints, body)
    for service in kept:
        for model in sorted((data / service).rglob("*.json*")):
            if model.name.startswith("examples-1."):
                model.unlink()
                continue
            body = without_docs(_read(model))
            if service == "s3" and "s3" not in extra and model.name.startswith("service-2.json"):
                assert isinstance(body, dict)
                body = only_operations(body, S3_OPERATIONS)
            _write_plain(model, body)
    after = sum(p.stat().st_size for p in data.rglob("*") if p.is_file())
    return before, after


def segments_using_the_sdk(stage: Path) -> list[str]:
    """The staged segment files that import boto3 or botocore."""
    return sorted(
        path.relative_to(stage).as_posix()
        for path in (stage / "segments").rglob("*.py")
        if _SDK_IMPORT.search(path.read_text(encoding="utf-8", errors="replace"))
    )


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print(__doc__, file=sys.stderr)
        return 2
    stage = Path(argv[0])
    data = stage / "botocore" / "data"
    if not data.is_dir():
        raise SystemExit(f"{data}: not found (botocore is a runtime requirement)")
    extra = requested_services(os.environ.get("SEGMINT_AWS_SERVICES", ""))
    before, after = prune(data, extra)
    print(
        f"  botocore data cut to {', '.join(sorted(KEPT_SERVICES | extra))}:"
        f" {before / 1e6:.1f} MB -> {after / 1e6:.1f} MB"
    )
    if users := segments_using_the_sdk(stage):
        print(
            f"  note: {', '.join(users)} import the AWS SDK: on Lambda it finds only the services"
            " above, and of S3 only HeadObject, GetObject, PutObject and HeadBucket; name any"
            " other service, or s3 for all of it, in SEGMINT_AWS_SERVICES (e.g. make package"
            ' SEGMINT_AWS_SERVICES="s3 dynamodb")'
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
