"""serverless.yml and infra/*.yml: they parse, pass cfn-lint, and grant no more than they must."""

from __future__ import annotations

import copy
import fnmatch
import importlib.util
import json
import marshal
import os
import sys
import zipfile
from pathlib import Path
from typing import Any

import pytest
from cfnlint.api import ManualArgs, lint  # type: ignore[import-untyped]
from cfnlint.decode import cfn_yaml  # type: ignore[import-untyped]

from handler.config import Settings
from tests.processes import run_bounded

ROOT = Path(__file__).resolve().parent.parent
INFRA_FILES = ("infra/storage.yml", "infra/cdn.yml")
PREFIX_ARN = {"Fn::Join": ["", [{"Fn::GetAtt": ["CacheBucket", "Arn"]}, "/segmint/*"]]}
OBJECT_ACTIONS = {"s3:GetObject", "s3:PutObject"}
DISTRIBUTION_ARN = {
    "Fn::Join": [
        "",
        [
            "arn:",
            {"Ref": "AWS::Partition"},
            ":cloudfront::",
            {"Ref": "AWS::AccountId"},
            ":distribution/",
            {"Ref": "Distribution"},
        ],
    ]
}
# CloudFront's managed origin request policy "AllViewerExceptHostHeader".
ALL_VIEWER_EXCEPT_HOST = "b689b0a8-53d0-40ab-baf2-68738e2966ac"

type Template = dict[str, Any]


def _load(relative: str) -> Any:
    """YAML with CloudFormation's short tags (!Ref, !GetAtt, !Join) read as their long forms."""
    return json.loads(json.dumps(cfn_yaml.loads((ROOT / relative).read_text(encoding="utf-8"))))


def _serverless() -> dict[str, Any]:
    """serverless.yml with its self-references resolved the way Serverless resolves them."""
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
    (the function that cdn.yml gives a function URL, and its role)."""
    config = _serverless()
    provider = config["provider"]
    function = config["functions"]["image"]
    template = _infra()
    template["AWSTemplateFormatVersion"] = "2010-09-09"
    template["Resources"].update(
        {
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


def _of_type(template: Template, kind: str) -> dict[str, dict[str, Any]]:
    return {name: r["Properties"] for name, r in template["Resources"].items() if r["Type"] == kind}


def _distribution_config() -> dict[str, Any]:
    config: dict[str, Any] = _infra()["Resources"]["Distribution"]["Properties"][
        "DistributionConfig"
    ]
    return config


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


def test_cloudfront_routes_the_prefix_to_s3_and_everything_else_to_the_api() -> None:
    config = _distribution_config()
    assert config["DefaultCacheBehavior"]["TargetOriginId"] == "api"
    behaviours = config["CacheBehaviors"]
    assert behaviours == [
        {
            "PathPattern": "segmint/*",
            "TargetOriginId": "cache",
            "ViewerProtocolPolicy": "redirect-to-https",
            "AllowedMethods": ["GET", "HEAD"],
            "CachedMethods": ["GET", "HEAD"],
            "Compress": True,
            "CachePolicyId": "658327ea-f89d-4fab-a63d-7e88639e58f6",  # managed CachingOptimized
        }
    ]


def test_function_url_demands_iam_auth() -> None:
    urls = _of_type(_infra(), "AWS::Lambda::Url")
    assert urls == {
        "ImageFunctionUrl": {
            "TargetFunctionArn": {"Fn::GetAtt": ["ImageLambdaFunction", "Arn"]},
            "AuthType": "AWS_IAM",
            "InvokeMode": "BUFFERED",
        }
    }


def test_cloudfront_signs_its_requests_to_the_function_url_with_a_lambda_oac() -> None:
    resources = _infra()["Resources"]
    oac = resources["ApiOriginAccessControl"]["Properties"]["OriginAccessControlConfig"]
    assert oac["OriginAccessControlOriginType"] == "lambda"
    assert (oac["SigningBehavior"], oac["SigningProtocol"]) == ("always", "sigv4")
    origins = {origin["Id"]: origin for origin in _distribution_config()["Origins"]}
    api = origins["api"]
    assert api["OriginAccessControlId"] == {"Fn::GetAtt": ["ApiOriginAccessControl", "Id"]}
    function_url = {"Fn::GetAtt": ["ImageFunctionUrl", "FunctionUrl"]}
    assert api["DomainName"] == {"Fn::Select": [2, {"Fn::Split": ["/", function_url]}]}
    assert api["CustomOriginConfig"]["OriginProtocolPolicy"] == "https-only"
    assert "S3OriginConfig" not in api


def test_only_this_distribution_may_invoke_the_function() -> None:
    permissions = _of_type(_infra(), "AWS::Lambda::Permission")
    by_action = {p["Action"]: p for p in permissions.values()}
    assert len(by_action) == len(permissions) == 2
    assert set(by_action) == {"lambda:InvokeFunctionUrl", "lambda:InvokeFunction"}
    for permission in permissions.values():
        assert permission["Principal"] == "cloudfront.amazonaws.com"
        assert permission["SourceArn"] == DISTRIBUTION_ARN
        assert permission["FunctionName"] == {"Fn::GetAtt": ["ImageLambdaFunction", "Arn"]}
    assert by_action["lambda:InvokeFunctionUrl"]["FunctionUrlAuthType"] == "AWS_IAM"
    assert by_action["lambda:InvokeFunction"]["InvokedViaFunctionUrl"] is True


def test_cloudfront_does_not_forward_the_viewer_host_to_the_function_url() -> None:
    behaviour = _distribution_config()["DefaultCacheBehavior"]
    assert behaviour["OriginRequestPolicyId"] == ALL_VIEWER_EXCEPT_HOST


def test_no_http_api_is_left() -> None:
    config = _serverless()
    assert "httpApi" not in config["provider"]
    assert all("events" not in function for function in config["functions"].values())
    template = _compiled()
    kinds = {resource["Type"] for resource in template["Resources"].values()}
    assert not [kind for kind in kinds if kind.startswith("AWS::ApiGateway")]
    for relative in ("serverless.yml", *INFRA_FILES):
        text = json.dumps(_load(relative))
        assert "HttpApi" not in text, relative
        assert "execute-api" not in text, relative


def test_the_function_cannot_reference_the_distribution() -> None:
    # The distribution's origin is the function URL, so an environment variable naming the
    # distribution would close a cycle: CloudFormation (and cfn-lint) reject the stack.
    template = _compiled()
    variables = template["Resources"]["ImageLambdaFunction"]["Properties"]["Environment"]
    domain = {"Fn::GetAtt": ["Distribution", "DomainName"]}
    variables["Variables"]["SEGMINT_PUBLIC_BASE_URL"] = {"Fn::Join": ["", ["https://", domain]]}
    assert any("Circular" in message for message in _lint(template))


def test_cloudfront_caches_api_answers_per_their_cache_control_with_query_strings() -> None:
    resources = _infra()["Resources"]
    config = _distribution_config()
    assert config["DefaultCacheBehavior"]["CachePolicyId"] == {"Ref": "ApiCachePolicy"}
    policy = resources["ApiCachePolicy"]["Properties"]["CachePolicyConfig"]
    assert policy["MinTTL"] == 0
    assert policy["DefaultTTL"] == 0
    keyed = policy["ParametersInCacheKeyAndForwardedToOrigin"]
    assert keyed["QueryStringsConfig"] == {"QueryStringBehavior": "all"}
    # GET and HEAD only: CloudFront answers other methods at the edge (a signed function URL
    # would refuse an unsigned POST body anyway); both are cached.
    assert config["DefaultCacheBehavior"]["AllowedMethods"] == ["GET", "HEAD"]
    assert config["DefaultCacheBehavior"]["CachedMethods"] == ["GET", "HEAD"]


def test_one_prefix_everywhere() -> None:
    config = _serverless()
    prefix = config["custom"]["cachePrefix"]
    assert prefix == Settings().prefix == "segmint/"
    assert config["provider"]["environment"]["SEGMINT_PREFIX"] == prefix
    text = json.dumps(_infra())
    assert text.count(f"/{prefix}*") == 1  # the bucket policy's one Allow
    assert f'"PathPattern": "{prefix}*"' in text


def _app_settings() -> Settings:
    """The Settings the deployed function reads (the bucket's name made up: it is a !Ref)."""
    environment = _serverless()["provider"]["environment"]
    plain = {k: v for k, v in environment.items() if isinstance(v, str)}
    return Settings.from_env({**plain, "SEGMINT_BUCKET": "segmint-prod-cache"})


def test_environment_points_the_app_at_the_bucket_and_redirects_same_origin() -> None:
    environment = _serverless()["provider"]["environment"]
    assert environment["SEGMINT_BUCKET"] == {"Ref": "CacheBucket"}
    assert environment["SEGMINT_PUBLIC_BASE_URL"] == "/"
    assert "SEGMINT_SITE_URL" not in environment  # only the `tags` CLI reads it
    settings = _app_settings()
    assert settings.public_base_url == "/"
    assert settings.redirect_status == int(environment["SEGMINT_REDIRECT_STATUS"])


def test_a_same_origin_redirect_lands_on_the_distributions_bucket_behaviour() -> None:
    settings = _app_settings()
    location = f"{settings.public_base_url.rstrip('/')}/{settings.prefix}_slug/icon/k.png"
    assert location.startswith("/segmint/")
    assert not location.startswith("//")
    # CloudFront path patterns have no leading slash and `*` matches across `/`.
    [behaviour] = [
        b
        for b in _distribution_config()["CacheBehaviors"]
        if fnmatch.fnmatchcase(location.removeprefix("/"), b["PathPattern"])
    ]
    assert behaviour["TargetOriginId"] == "cache"


def test_the_functions_environment_references_nothing_but_the_bucket() -> None:
    # No `${cf:...}` stack-output lookup, no placeholder, no Ref/GetAtt of the distribution or
    # the function URL: one deploy creates the stack, and there is no cycle to break.
    variables = _compiled()["Resources"]["ImageLambdaFunction"]["Properties"]["Environment"]
    text = json.dumps(variables)
    assert "${" not in text
    assert "Distribution" not in text
    assert "FunctionUrl" not in text
    refs = [v for v in variables["Variables"].values() if not isinstance(v, str)]
    assert refs == [{"Ref": "CacheBucket"}]
    raw = (ROOT / "serverless.yml").read_text(encoding="utf-8")
    assert "${cf:" not in raw
    assert "cf:${" not in raw
    assert "publicBaseUrl" not in raw
    assert "first-deploy" not in raw


def test_public_base_url_output_is_the_distributions_https_domain() -> None:
    output = _infra()["Outputs"]["PublicBaseUrl"]["Value"]
    domain = {"Fn::GetAtt": ["Distribution", "DomainName"]}
    assert output == {"Fn::Join": ["", ["https://", domain]]}


def test_function_runs_the_lambda_entry_on_python_3_12() -> None:
    config = _serverless()
    provider = config["provider"]
    assert provider["runtime"] == "python3.12"
    assert provider["architecture"] in {"arm64", "x86_64"}
    function = config["functions"]["image"]
    module, _, attribute = function["handler"].rpartition(".")
    assert (module, attribute) == ("handler.lambda_entry", "handler")
    assert importlib.util.find_spec("handler") is not None
    assert (ROOT / "handler" / "lambda_entry.py").is_file()
    assert "events" not in function
    assert config["resources"] == [f"${{file({path})}}" for path in INFRA_FILES]


@pytest.mark.timeout(420)
def test_package_ships_only_the_artifact_built_by_the_script(tmp_path: Path) -> None:
    config = _serverless()
    assert config["package"] == {"artifact": "build/segmint-lambda.zip"}
    out = tmp_path / "code.zip"
    run_bounded(
        ["bash", str(ROOT / "scripts" / "package_lambda.sh"), "--no-deps"],
        env={**os.environ, "OUT": str(out), "PYTHON": sys.executable},
        timeout=300,
    )
    with zipfile.ZipFile(out) as archive:
        names = archive.namelist()
        pyc = archive.read("handler/__pycache__/app.cpython-312.pyc")
    assert "handler/lambda_entry.py" in names
    assert "segments/icon.py" in names
    assert {name.split("/")[0] for name in names} == {"handler", "segments"}
    # Every module of handler/ but the local server's: handler/dev/ never ships.
    dev = ROOT / "handler" / "dev"
    assert (dev / "server.py").is_file()
    shipped = {n for n in names if n.startswith("handler/") and n.endswith(".py")}
    expected = {
        path.relative_to(ROOT).as_posix()
        for path in (ROOT / "handler").rglob("*.py")
        if not path.is_relative_to(dev)
    }
    assert shipped == expected
    assert [n for n in names if n.startswith("handler/dev/")] == []
    # Every module ships compiled: /var/task is read-only, so a missing .pyc is a compile on
    # every cold start.
    sources = {n for n in names if n.endswith(".py")}
    compiled = {n.replace("__pycache__/", "").replace(".cpython-312.pyc", ".py") for n in names}
    assert sources <= compiled
    assert not [n for n in names if n.endswith(".pyc") and "/__pycache__/" not in n]
    # PEP 552 header: magic, flags (bit 0 hash-based, bit 1 check_source), then the source hash.
    assert pyc[:4] == importlib.util.MAGIC_NUMBER
    assert int.from_bytes(pyc[4:8], "little") == 0b01  # unchecked-hash: the zip's times are fixed
    code = marshal.loads(pyc[16:])
    assert code.co_filename == "/var/task/handler/app.py"  # no build-machine temp path


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
