"""Delete every object under the cache prefix of a deployed Segmint stack (`make destroy`).

CloudFormation cannot delete a bucket that holds objects, so `osls remove` fails on a stack that
has served images. This finds the stack's bucket (output CacheBucketName) and deletes, in pages
of 1,000, every object under the prefix; the function writes nowhere else.

    python scripts/empty_prefix.py --stack segmint-prod --region eu-west-1 [--prefix segmint/]
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

import boto3  # type: ignore[import-untyped]
from botocore.exceptions import ClientError  # type: ignore[import-untyped]

PREFIX = "segmint/"  # serverless.yml: custom.cachePrefix


def bucket_of(cloudformation: Any, stack: str) -> str | None:
    """The stack's CacheBucketName output; None when the stack does not exist."""
    try:
        described = cloudformation.describe_stacks(StackName=stack)
    except ClientError as error:
        if "does not exist" in str(error):
            return None
        raise
    outputs = described["Stacks"][0].get("Outputs", [])
    for output in outputs:
        if output["OutputKey"] == "CacheBucketName":
            name: str = output["OutputValue"]
            return name
    raise SystemExit(f"stack {stack}: no CacheBucketName output (not a Segmint stack?)")


def empty_prefix(s3: Any, bucket: str, prefix: str) -> int:
    """Delete every object under `prefix` in `bucket`; the number deleted."""
    deleted = 0
    for page in s3.get_paginator("list_objects_v2").paginate(Bucket=bucket, Prefix=prefix):
        keys = [{"Key": item["Key"]} for item in page.get("Contents", [])]
        if not keys:
            continue
        answer = s3.delete_objects(Bucket=bucket, Delete={"Objects": keys, "Quiet": True})
        errors = answer.get("Errors", [])
        if errors:
            first = errors[0]
            raise SystemExit(f"s3://{bucket}/{first['Key']}: {first['Code']} {first['Message']}")
        deleted += len(keys)
        print(f"  deleted {deleted} objects under s3://{bucket}/{prefix}", flush=True)
    return deleted


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--stack", required=True, help="segmint-<stage>")
    parser.add_argument("--region", required=True)
    parser.add_argument("--prefix", default=PREFIX)
    args = parser.parse_args(argv)
    session = boto3.session.Session(region_name=args.region)
    bucket = bucket_of(session.client("cloudformation"), args.stack)
    if bucket is None:
        print(f"stack {args.stack} not found in {args.region}: nothing to empty")
        return 0
    print(f"emptying s3://{bucket}/{args.prefix} (stack {args.stack}) ...", flush=True)
    count = empty_prefix(session.client("s3"), bucket, args.prefix)
    print(f"done: {count} objects deleted")
    return 0


if __name__ == "__main__":
    sys.exit(main())
