"""scripts/empty_prefix.py (`make destroy`'s first step) against moto's CloudFormation and S3."""

from __future__ import annotations

import importlib.util
import json
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import boto3  # type: ignore[import-untyped]
import pytest
from moto import mock_aws

SCRIPT = Path(__file__).resolve().parent.parent / "scripts" / "empty_prefix.py"
REGION = "eu-west-1"
STACK = "segmint-test"
TEMPLATE = {
    "Resources": {"CacheBucket": {"Type": "AWS::S3::Bucket"}},
    "Outputs": {"CacheBucketName": {"Value": {"Ref": "CacheBucket"}}},
}


def _script() -> ModuleType:
    spec = importlib.util.spec_from_file_location("empty_prefix", SCRIPT)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture
def aws(monkeypatch: pytest.MonkeyPatch) -> Iterator[Any]:
    for name in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"):
        monkeypatch.setenv(name, "test")
    with mock_aws():
        cloudformation = boto3.client("cloudformation", region_name=REGION)
        cloudformation.create_stack(StackName=STACK, TemplateBody=json.dumps(TEMPLATE))
        yield boto3.client("s3", region_name=REGION)


def _bucket(s3: Any) -> str:
    [bucket] = [b["Name"] for b in s3.list_buckets()["Buckets"]]
    name: str = bucket
    return name


def test_it_deletes_every_object_under_the_prefix_and_nothing_else(
    aws: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    bucket = _bucket(aws)
    for index in range(1_203):  # more than one page of 1,000
        aws.put_object(Bucket=bucket, Key=f"segmint/icon/{index}.png", Body=b"png")
    aws.put_object(Bucket=bucket, Key="elsewhere/keep.txt", Body=b"x")
    assert _script().main(["--stack", STACK, "--region", REGION]) == 0
    left = [o["Key"] for o in aws.list_objects_v2(Bucket=bucket).get("Contents", [])]
    assert left == ["elsewhere/keep.txt"]
    assert "done: 1203 objects deleted" in capsys.readouterr().out


def test_a_missing_stack_is_nothing_to_empty(aws: Any, capsys: pytest.CaptureFixture[str]) -> None:
    assert _script().main(["--stack", "segmint-nope", "--region", REGION]) == 0
    assert "not found" in capsys.readouterr().out
