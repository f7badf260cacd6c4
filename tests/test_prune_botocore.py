"""scripts/prune_botocore.py: the services a segment's own SDK calls can be kept in the zip."""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

import botocore  # type: ignore[import-untyped]
import botocore.session  # type: ignore[import-untyped]
import pytest
from botocore.loaders import Loader  # type: ignore[import-untyped]

from tests.processes import run_bounded

ROOT = Path(__file__).resolve().parents[1]
SCRIPT = ROOT / "scripts" / "prune_botocore.py"
DATA = Path(botocore.__file__).parent / "data"
SHARED = ("_retry.json", "endpoints.json", "partitions.json", "sdk-default-configuration.json")
SERVICES = ("s3", "ssm", "sts", "sso", "sso-oidc", "dynamodb", "sqs")


def _stage(tmp: Path, segment: str = "") -> Path:
    """A staged tree with botocore's real data for a few services, and one segment."""
    data = tmp / "stage" / "botocore" / "data"
    data.mkdir(parents=True)
    for name in SHARED:
        shutil.copy(DATA / name, data / name)
    for service in SERVICES:
        shutil.copytree(DATA / service, data / service)
    (tmp / "stage" / "segments").mkdir()
    (tmp / "stage" / "segments" / "opengraph-image.py").write_text(segment, encoding="utf-8")
    return tmp / "stage"


def _prune(stage: Path, services: str | None) -> tuple[int, str]:
    env = {k: v for k, v in os.environ.items() if k != "SEGMINT_AWS_SERVICES"}
    if services is not None:
        env["SEGMINT_AWS_SERVICES"] = services
    done = run_bounded([sys.executable, str(SCRIPT), str(stage)], timeout=120, env=env, check=False)
    return done.returncode, done.stdout + done.stderr


def _loader(stage: Path) -> Loader:
    data = str(stage / "botocore" / "data")
    return Loader(extra_search_paths=[data], include_default_search_paths=False)


def test_named_services_are_kept_and_still_load(tmp_path: Path) -> None:
    stage = _stage(tmp_path)
    code, log = _prune(stage, "dynamodb, ")
    assert code == 0, log
    data = stage / "botocore" / "data"
    assert sorted(p.name for p in data.iterdir() if p.is_dir()) == [
        "dynamodb",
        "s3",
        "ssm",
        "sso",
        "sso-oidc",
        "sts",
    ]
    model = _loader(stage).load_service_model("dynamodb", "service-2")
    assert "GetItem" in model["operations"]
    endpoints = _loader(stage).load_data("endpoints")
    assert "dynamodb" in endpoints["partitions"][0]["services"]
    assert "sqs" not in endpoints["partitions"][0]["services"]


def test_without_the_setting_only_segmints_own_services_stay(tmp_path: Path) -> None:
    stage = _stage(tmp_path)
    code, log = _prune(stage, None)
    assert code == 0, log
    assert not (stage / "botocore" / "data" / "dynamodb").exists()
    assert "import the AWS SDK" not in log


def test_a_misspelt_service_stops_the_build_naming_it(tmp_path: Path) -> None:
    stage = _stage(tmp_path)
    code, log = _prune(stage, "dynamdb")
    assert code != 0
    assert "SEGMINT_AWS_SERVICES: 'dynamdb' is not a botocore service" in log
    assert "did you mean dynamodb" in log
    assert (stage / "botocore" / "data" / "sqs").is_dir()  # nothing cut before the check


@pytest.mark.parametrize("line", ["import boto3", "from botocore.config import Config"])
def test_a_segment_that_imports_the_sdk_gets_a_note(tmp_path: Path, line: str) -> None:
    stage = _stage(tmp_path, f"{line}\n\ndef image(params, id):\n    pass\n")
    code, log = _prune(stage, None)
    assert code == 0, log
    assert "note: segments/opengraph-image.py import the AWS SDK" in log
    assert 'SEGMINT_AWS_SERVICES="s3 dynamodb"' in log


def test_a_mention_of_boto3_in_text_is_no_import(tmp_path: Path) -> None:
    stage = _stage(tmp_path, '"""Reads nothing with boto3."""\n# import boto3 later\n')
    code, log = _prune(stage, None)
    assert code == 0, log
    assert "import the AWS SDK" not in log


def test_s3_keeps_only_the_calls_segmint_makes_unless_named(tmp_path: Path) -> None:
    cut, whole = _stage(tmp_path / "cut"), _stage(tmp_path / "whole")
    assert _prune(cut, None)[0] == 0
    assert _prune(whole, "s3")[0] == 0
    model = _loader(cut).load_service_model("s3", "service-2")
    assert sorted(model["operations"]) == ["GetObject", "HeadBucket", "HeadObject", "PutObject"]
    put = model["shapes"][model["operations"]["PutObject"]["input"]["shape"]]
    assert all(m["shape"] in model["shapes"] for m in put["members"].values())
    assert "ListObjectsV2" in _loader(whole).load_service_model("s3", "service-2")["operations"]


def test_the_cut_s3_model_makes_a_client_that_signs_segmints_calls(tmp_path: Path) -> None:
    stage = _stage(tmp_path)
    assert _prune(stage, None)[0] == 0
    session = botocore.session.Session()
    session.get_component("data_loader").search_paths.insert(0, str(stage / "botocore" / "data"))
    client = session.create_client(
        "s3", region_name="eu-west-1", aws_access_key_id="a", aws_secret_access_key="b"
    )
    url = client.generate_presigned_url("get_object", Params={"Bucket": "img", "Key": "k"})
    assert url.startswith("https://img.s3.eu-west-1.amazonaws.com/k?")
    assert hasattr(client, "put_object")
    assert not hasattr(client, "list_objects_v2")
