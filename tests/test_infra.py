"""serverless.yml and infra/*.yml: they parse, pass cfn-lint, and grant no more than they must."""

from __future__ import annotations

import copy
import importlib.util
import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path
from typing import Any

import pytest
from cfnlint.api import ManualArgs, lint  # type: ignore[import-untyped]
from cfnlint.decode import cfn_yaml  # type: ignore[import-untyped]

from handler.config import Settings

ROOT = Path(__file__).resolve().parent.parent
INFRA_FILES = ("infra/storage.yml", "infra/cdn.yml")
PREFIX_ARN = {"Fn::Join": ["", [{"Fn::GetAtt": ["CacheBucket", "Arn"]}, "/segmint/*"]]}
OBJECT_ACTIONS = {"s3:GetObject", "s3:PutObject"}

type Template = dict[str, Any]


def _load(relative: str) -> Any:
    """YAML with CloudFormation's short tags (!Ref, !GetAtt, !Join) read as their long forms."""
    return json.loads(json.dumps(cfn_yaml.loads((ROOT / relative).read_text(encoding="utf-8"))))


def _serverless() -> dict[str, Any]:
    """serverless.yml with its one self-reference resolved the way Serverless resolves it."""
    config = _load("serverless.yml")
    prefix = config["custom"]["cachePrefix"]
    text = json.dumps(config).replace("${self:custom.cachePrefix}", prefix)
    resolved: dict[str, Any] = json.loads(text)
    return resolved


def _infra() -> Template:
    template: Template = {"Resources": {}, "Outputs": {}}
    for relative in INFRA_FILES:
        part = _load(relative)
        assert set(part) <= {"Resources", "Outputs"}, f"{relative}: unexpected sections"
        for section in ("Resources", "Outputs"):
            clash = set(template[section]) & set(part.get(section, {}))
            assert not clash, f"{relative}: {section} {sorted(clash)} defined twice"
            template[section].update(part.get(section, {}))
    return template


def _compiled() -> Template:
    """The stack Serverless would deploy, in miniature: infra/ plus what serverless.yml makes
    (the function, its role and the HTTP API that cdn.yml points CloudFront at)."""
    config = _serverless()
    provider = config["provider"]
    function = config["functions"]["image"]
    template = _infra()
    template["AWSTemplateFormatVersion"] = "2010-09-09"
    template["Resources"].update(
        {
            "HttpApi": {
                "Type": "AWS::ApiGatewayV2::Api",
                "Properties": {"Name": "segmint-dev", "ProtocolType": "HTTP"},
            },
            "IamRoleLambdaExecution": {
                "Type": "AWS::IAM::Role",
                "Properties": {
                    "AssumeRolePolicyDocument": {
                        "Version": "2012-10-17",
                        "Statement": [
                            {
                                "Effect": "Allow",
                                "Principal": {"Service": ["lambda.amazonaws.com"]},
                                "Action": ["sts:AssumeRole"],
                            }
                        ],
                    },
                    "Policies": [
                        {
                            "PolicyName": "segmint-dev-lambda",
                            "PolicyDocument": {
                                "Version": "2012-10-17",
                                "Statement": provider["iam"]["role"]["statements"],
                            },
                        }
                    ],
                },
            },
            "ImageLambdaFunction": {
                "Type": "AWS::Lambda::Function",
                "Properties": {
                    "Code": {"S3Bucket": "serverless-deployments", "S3Key": "segmint.zip"},
                    "Handler": function["handler"],
                    "Runtime": provider["runtime"],
                    "Architectures": [provider["architecture"]],
                    "MemorySize": provider["memorySize"],
                    "Timeout": provider["timeout"],
                    "Role": {"Fn::GetAtt": ["IamRoleLambdaExecution", "Arn"]},
                    "Environment": {"Variables": provider["environment"]},
                },
            },
        }
    )
    return template


def _lint(template: Template) -> list[str]:
    matches = lint(json.dumps(template), config=ManualArgs(regions=["us-east-1", "eu-west-1"]))
    return [str(match) for match in matches]


def _statements(document: dict[str, Any]) -> list[dict[str, Any]]:
    statements = document["Statement"]
    return statements if isinstance(statements, list) else [statements]


def _as_list(value: object) -> list[Any]:
    return value if isinstance(value, list) else [value]


def test_infra_and_serverless_compile_to_a_template_cfn_lint_accepts() -> None:
    assert _lint(_compiled()) == []


def test_cfn_lint_rejects_a_broken_template() -> None:
    template = _compiled()
    broken = copy.deepcopy(template)
    broken["Resources"]["CacheBucket"]["Properties"]["PublicAccessBlock"] = True
    assert any("PublicAccessBlock" in message for message in _lint(broken))


def test_bucket_blocks_public_access_encrypts_and_enforces_ownership() -> None:
    bucket = _infra()["Resources"]["CacheBucket"]["Properties"]
    block = bucket["PublicAccessBlockConfiguration"]
    assert block == {
        "BlockPublicAcls": True,
        "BlockPublicPolicy": True,
        "IgnorePublicAcls": True,
        "RestrictPublicBuckets": True,
    }
    assert bucket["OwnershipControls"]["Rules"] == [{"ObjectOwnership": "BucketOwnerEnforced"}]
    rule = bucket["BucketEncryption"]["ServerSideEncryptionConfiguration"][0]
    assert rule["ServerSideEncryptionByDefault"]["SSEAlgorithm"] == "AES256"


def test_lambda_role_may_only_get_and_put_objects_under_the_prefix() -> None:
    statements = _serverless()["provider"]["iam"]["role"]["statements"]
    s3_statements = [
        s for s in statements if any(a.startswith("s3:") for a in _as_list(s["Action"]))
    ]
    assert len(s3_statements) == len(statements) == 1
    statement = s3_statements[0]
    assert statement["Effect"] == "Allow"
    assert set(_as_list(statement["Action"])) == OBJECT_ACTIONS
    assert _as_list(statement["Resource"]) == [PREFIX_ARN]
    assert "Condition" not in statement


def test_bucket_policy_lets_only_this_distribution_read_the_prefix() -> None:
    policy = _infra()["Resources"]["CacheBucketPolicy"]["Properties"]["PolicyDocument"]
    allows = [s for s in _statements(policy) if s["Effect"] == "Allow"]
    assert len(allows) == 1
    allow = allows[0]
    assert allow["Principal"] == {"Service": "cloudfront.amazonaws.com"}
    assert _as_list(allow["Action"]) == ["s3:GetObject"]
    assert _as_list(allow["Resource"]) == [PREFIX_ARN]
    source_arn = json.dumps(allow["Condition"]["StringEquals"]["AWS:SourceArn"])
    assert '{"Ref": "Distribution"}' in source_arn
    denies = [s for s in _statements(policy) if s["Effect"] == "Deny"]
    assert all(s["Condition"] == {"Bool": {"aws:SecureTransport": "false"}} for s in denies)


def test_cloudfront_reads_the_bucket_through_origin_access_control() -> None:
    resources = _infra()["Resources"]
    oac = resources["CacheOriginAccessControl"]
    assert oac["Type"] == "AWS::CloudFront::OriginAccessControl"
    oac_config = oac["Properties"]["OriginAccessControlConfig"]
    assert oac_config["OriginAccessControlOriginType"] == "s3"
    assert oac_config["SigningBehavior"] == "always"
    config = resources["Distribution"]["Properties"]["DistributionConfig"]
    origins = {origin["Id"]: origin for origin in config["Origins"]}
    cache = origins["cache"]
    assert cache["OriginAccessControlId"] == {"Fn::GetAtt": ["CacheOriginAccessControl", "Id"]}
    assert cache["S3OriginConfig"] == {"OriginAccessIdentity": ""}
    assert "HttpApi" in json.dumps(origins["api"]["DomainName"])


def test_cloudfront_routes_the_prefix_to_s3_and_everything_else_to_the_api() -> None:
    config = _infra()["Resources"]["Distribution"]["Properties"]["DistributionConfig"]
    assert config["DefaultCacheBehavior"]["TargetOriginId"] == "api"
    behaviours = config["CacheBehaviors"]
    assert [(b["PathPattern"], b["TargetOriginId"]) for b in behaviours] == [("segmint/*", "cache")]
    assert set(behaviours[0]["AllowedMethods"]) == {"GET", "HEAD"}


def test_cloudfront_caches_api_answers_per_their_cache_control_with_query_strings() -> None:
    resources = _infra()["Resources"]
    config = resources["Distribution"]["Properties"]["DistributionConfig"]
    assert config["DefaultCacheBehavior"]["CachePolicyId"] == {"Ref": "ApiCachePolicy"}
    policy = resources["ApiCachePolicy"]["Properties"]["CachePolicyConfig"]
    assert policy["MinTTL"] == 0
    assert policy["DefaultTTL"] == 0
    keyed = policy["ParametersInCacheKeyAndForwardedToOrigin"]
    assert keyed["QueryStringsConfig"] == {"QueryStringBehavior": "all"}
    # POST must reach the app to get its 405; only GET and HEAD are cached.
    assert "POST" in config["DefaultCacheBehavior"]["AllowedMethods"]
    assert set(config["DefaultCacheBehavior"]["CachedMethods"]) == {"GET", "HEAD"}


def test_one_prefix_everywhere() -> None:
    config = _serverless()
    prefix = config["custom"]["cachePrefix"]
    assert prefix == Settings().prefix == "segmint/"
    assert config["provider"]["environment"]["SEGMINT_PREFIX"] == prefix
    text = json.dumps(_infra())
    assert text.count(f"/{prefix}*") == 1  # the bucket policy's one Allow
    assert f'"PathPattern": "{prefix}*"' in text


def test_environment_points_the_app_at_the_bucket_and_the_distribution() -> None:
    environment = _serverless()["provider"]["environment"]
    assert environment["SEGMINT_BUCKET"] == {"Ref": "CacheBucket"}
    domain = {"Fn::GetAtt": ["Distribution", "DomainName"]}
    assert environment["SEGMINT_PUBLIC_BASE_URL"] == {"Fn::Join": ["", ["https://", domain]]}
    plain = {k: v for k, v in environment.items() if isinstance(v, str)}
    settings = Settings.from_env(
        {
            **plain,
            "SEGMINT_BUCKET": "segmint-prod-cache",
            "SEGMINT_PUBLIC_BASE_URL": "https://d.net",
        }
    )
    assert settings.redirect_status == int(environment["SEGMINT_REDIRECT_STATUS"])


def test_function_runs_the_lambda_entry_on_python_3_12_behind_an_http_api() -> None:
    config = _serverless()
    provider = config["provider"]
    assert provider["runtime"] == "python3.12"
    assert provider["architecture"] in {"arm64", "x86_64"}
    function = config["functions"]["image"]
    module, _, attribute = function["handler"].rpartition(".")
    assert (module, attribute) == ("handler.lambda_entry", "handler")
    assert importlib.util.find_spec("handler") is not None
    assert (ROOT / "handler" / "lambda_entry.py").is_file()
    assert function["events"] == [{"httpApi": "*"}]
    assert config["resources"] == [f"${{file({path})}}" for path in INFRA_FILES]


def test_package_ships_only_the_artifact_built_by_the_script(tmp_path: Path) -> None:
    config = _serverless()
    assert config["package"] == {"artifact": "build/segmint-lambda.zip"}
    out = tmp_path / "code.zip"
    subprocess.run(
        ["bash", str(ROOT / "scripts" / "package_lambda.sh"), "--no-deps"],
        check=True,
        capture_output=True,
        env={**os.environ, "OUT": str(out), "PYTHON": sys.executable},
    )
    with zipfile.ZipFile(out) as archive:
        names = archive.namelist()
    assert "handler/lambda_entry.py" in names
    assert "segments/icon.py" in names
    assert {name.split("/")[0] for name in names} == {"handler", "segments"}
    assert not [name for name in names if "__pycache__" in name or name.endswith(".pyc")]


@pytest.mark.parametrize("relative", INFRA_FILES)
def test_each_infra_file_only_references_what_the_stack_defines(relative: str) -> None:
    defined = set(_compiled()["Resources"]) | {"AWS::Partition", "AWS::AccountId"}
    defined |= {"AWS::Region", "AWS::StackName", "AWS::URLSuffix"}
    refs: list[str] = []

    def walk(node: object) -> None:
        if isinstance(node, dict):
            if set(node) == {"Ref"}:
                refs.append(node["Ref"])
            elif set(node) == {"Fn::GetAtt"}:
                refs.append(node["Fn::GetAtt"][0])
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(_load(relative))
    assert refs
    assert set(refs) <= defined
