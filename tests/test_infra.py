"""The stack serverless.yml + infra/*.yml deploy, as `osls package` writes it: it passes cfn-lint,
holds the front door's API Gateway, routes one domain to the API and the bucket, and grants no
more than it must. Needs `make node` (osls in infra/node/)."""

from __future__ import annotations

import copy
import fnmatch
import json
import os
import shutil
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from cfnlint.api import ManualArgs, lint  # type: ignore[import-untyped]

from handler.config import Settings
from tests.processes import run_bounded

ROOT = Path(__file__).resolve().parent.parent
OSLS = ROOT / "infra" / "node" / "node_modules" / ".bin" / "osls"
PREFIX = "segmint/"
PREFIX_ARN = {"Fn::Join": ["", [{"Fn::GetAtt": ["CacheBucket", "Arn"]}, f"/{PREFIX}*"]]}
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
# CloudFront's managed policies.
ALL_VIEWER_EXCEPT_HOST = "b689b0a8-53d0-40ab-baf2-68738e2966ac"
CACHING_OPTIMIZED = "658327ea-f89d-4fab-a63d-7e88639e58f6"
PACKAGE_TIMEOUT = 120

type Template = dict[str, Any]


@dataclass(frozen=True, slots=True)
class Stack:
    """One `osls package` run: its options and the template it wrote."""

    front_door: str
    stage: str
    expiry_days: int
    template: Template

    def resources(self, kind: str) -> dict[str, dict[str, Any]]:
        return {
            name: body.get("Properties", {})
            for name, body in self.template["Resources"].items()
            if body["Type"] == kind
        }

    def one(self, kind: str) -> dict[str, Any]:
        [properties] = self.resources(kind).values()
        return properties

    @property
    def distribution(self) -> dict[str, Any]:
        config: dict[str, Any] = self.template["Resources"]["Distribution"]["Properties"][
            "DistributionConfig"
        ]
        return config

    @property
    def environment(self) -> dict[str, Any]:
        function = self.template["Resources"]["ImageLambdaFunction"]["Properties"]
        variables: dict[str, Any] = function["Environment"]["Variables"]
        return variables


def _package(tmp: Path, *, front_door: str, stage: str, expiry_days: int) -> Stack:
    if shutil.which("node") is None:
        pytest.fail("node not on PATH: install Node.js 20.19+ (.ci/run does)")
    if not OSLS.exists():
        pytest.fail(f"{OSLS.relative_to(ROOT)} is missing: run `make node` (make test does)")
    code = tmp / "code.zip"
    run_bounded(
        ["bash", str(ROOT / "scripts" / "package_lambda.sh"), "--no-deps"],
        timeout=PACKAGE_TIMEOUT,
        env={**os.environ, "OUT": str(code), "PYTHON": sys.executable},
    )
    out = tmp / "stack"
    command = [str(OSLS), "package", "--stage", stage, "--region", "eu-west-1"]
    for param in (f"frontDoor={front_door}", f"artifact={code}", f"cacheExpiryDays={expiry_days}"):
        command += ["--param", param]
    done = run_bounded(
        [*command, "--package", str(out)],
        cwd=ROOT,
        timeout=PACKAGE_TIMEOUT,
        env={**os.environ, "SLS_TELEMETRY_DISABLED": "1", "SLS_NOTIFICATIONS_MODE": "off"},
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    template = json.loads((out / "cloudformation-template-update-stack.json").read_text())
    return Stack(front_door, stage, expiry_days, template)


@pytest.fixture(scope="module")
def http_stack(tmp_path_factory: pytest.TempPathFactory) -> Stack:
    return _package(tmp_path_factory.mktemp("http"), front_door="http", stage="dev", expiry_days=30)


@pytest.fixture(scope="module")
def rest_stack(tmp_path_factory: pytest.TempPathFactory) -> Stack:
    return _package(tmp_path_factory.mktemp("rest"), front_door="rest", stage="prod", expiry_days=7)


@pytest.fixture(params=["http", "rest"])
def stack(request: pytest.FixtureRequest) -> Stack:
    found: Stack = request.getfixturevalue(f"{request.param}_stack")
    return found


def _lint(template: Template) -> list[str]:
    matches = lint(json.dumps(template), config=ManualArgs(regions=["us-east-1", "eu-west-1"]))
    return [str(match) for match in matches]


def _as_list(value: object) -> list[Any]:
    return value if isinstance(value, list) else [value]


def _statements(document: dict[str, Any]) -> list[dict[str, Any]]:
    return _as_list(document["Statement"])


def test_the_packaged_template_passes_cfn_lint(stack: Stack) -> None:
    assert _lint(stack.template) == []


def test_cfn_lint_rejects_a_broken_template(http_stack: Stack) -> None:
    broken = copy.deepcopy(http_stack.template)
    broken["Resources"]["CacheBucket"]["Properties"]["PublicAccessBlock"] = True
    assert any("PublicAccessBlock" in message for message in _lint(broken))


def test_the_http_front_door_is_an_http_api_with_payload_2_and_a_catch_all_route(
    http_stack: Stack,
) -> None:
    assert http_stack.one("AWS::ApiGatewayV2::Api")["ProtocolType"] == "HTTP"
    assert http_stack.one("AWS::ApiGatewayV2::Stage")["StageName"] == "$default"
    assert http_stack.one("AWS::ApiGatewayV2::Route")["RouteKey"] == "$default"
    integration = http_stack.one("AWS::ApiGatewayV2::Integration")
    assert integration["IntegrationType"] == "AWS_PROXY"
    assert integration["PayloadFormatVersion"] == "2.0"
    assert not http_stack.resources("AWS::ApiGateway::RestApi")
    assert not http_stack.resources("AWS::Lambda::Url")


def test_the_rest_front_door_is_a_regional_rest_api_with_binary_media_types(
    rest_stack: Stack,
) -> None:
    api = rest_stack.one("AWS::ApiGateway::RestApi")
    assert api["BinaryMediaTypes"] == ["*/*"]
    assert api["EndpointConfiguration"] == {"Types": ["REGIONAL"]}
    [proxy] = rest_stack.resources("AWS::ApiGateway::Resource").values()
    assert proxy["PathPart"] == "{proxy+}"
    methods = rest_stack.resources("AWS::ApiGateway::Method").values()
    assert len(methods) == 2  # `/` and `/{proxy+}`
    for method in methods:
        assert method["HttpMethod"] == "ANY"
        assert method["Integration"]["Type"] == "AWS_PROXY"
    assert rest_stack.one("AWS::ApiGateway::Deployment")["StageName"] == "prod"
    assert not rest_stack.resources("AWS::ApiGatewayV2::Api")


def test_only_this_api_may_invoke_the_function(stack: Stack) -> None:
    [permission] = stack.resources("AWS::Lambda::Permission").values()
    assert permission["Action"] == "lambda:InvokeFunction"
    assert permission["Principal"] == "apigateway.amazonaws.com"
    assert permission["FunctionName"] == {"Fn::GetAtt": ["ImageLambdaFunction", "Arn"]}
    api = "HttpApi" if stack.front_door == "http" else "ApiGatewayRestApi"
    parts = permission["SourceArn"]["Fn::Join"][1]
    assert parts[:3] == ["arn:", {"Ref": "AWS::Partition"}, ":execute-api:"]
    assert {"Ref": api} in parts


def test_cloudfront_sends_the_api_origin_the_stage_so_viewer_urls_have_none(
    stack: Stack,
) -> None:
    origins = {origin["Id"]: origin for origin in stack.distribution["Origins"]}
    api = origins["api"]
    assert api["CustomOriginConfig"]["OriginProtocolPolicy"] == "https-only"
    assert "OriginAccessControlId" not in api
    if stack.front_door == "http":
        endpoint = {"Fn::GetAtt": ["HttpApi", "ApiEndpoint"]}
        assert api["DomainName"] == {"Fn::Select": [2, {"Fn::Split": ["/", endpoint]}]}
        assert "OriginPath" not in api  # the $default stage has no path segment
    else:
        assert {"Ref": "ApiGatewayRestApi"} in api["DomainName"]["Fn::Join"][1]
        assert api["OriginPath"] == f"/{stack.stage}"


def test_cloudfront_does_not_forward_the_viewer_host_to_api_gateway(stack: Stack) -> None:
    behaviour = stack.distribution["DefaultCacheBehavior"]
    assert behaviour["OriginRequestPolicyId"] == ALL_VIEWER_EXCEPT_HOST
    assert behaviour["AllowedMethods"] == ["GET", "HEAD"]
    assert behaviour["CachedMethods"] == ["GET", "HEAD"]


def test_cloudfront_routes_the_prefix_to_s3_and_everything_else_to_the_api(stack: Stack) -> None:
    assert stack.distribution["DefaultCacheBehavior"]["TargetOriginId"] == "api"
    assert stack.distribution["CacheBehaviors"] == [
        {
            "PathPattern": f"{PREFIX}*",
            "TargetOriginId": "cache",
            "ViewerProtocolPolicy": "redirect-to-https",
            "AllowedMethods": ["GET", "HEAD"],
            "CachedMethods": ["GET", "HEAD"],
            "Compress": True,
            "CachePolicyId": CACHING_OPTIMIZED,
        }
    ]
    origins = {origin["Id"]: origin for origin in stack.distribution["Origins"]}
    cache = origins["cache"]
    assert cache["OriginAccessControlId"] == {"Fn::GetAtt": ["CacheOriginAccessControl", "Id"]}
    assert cache["S3OriginConfig"] == {"OriginAccessIdentity": ""}
    oac = stack.one("AWS::CloudFront::OriginAccessControl")["OriginAccessControlConfig"]
    assert (oac["OriginAccessControlOriginType"], oac["SigningBehavior"]) == ("s3", "always")


def test_a_same_origin_redirect_lands_on_the_distributions_bucket_behaviour(
    stack: Stack,
) -> None:
    settings = Settings.from_env({**_plain(stack.environment), "SEGMINT_BUCKET": "segmint-cache"})
    location = f"{settings.public_base_url.rstrip('/')}/{settings.prefix}_slug/icon/k.png"
    assert location.startswith(f"/{PREFIX}")
    # CloudFront path patterns have no leading slash and `*` matches across `/`.
    [behaviour] = [
        b
        for b in stack.distribution["CacheBehaviors"]
        if fnmatch.fnmatchcase(location.removeprefix("/"), b["PathPattern"])
    ]
    assert behaviour["TargetOriginId"] == "cache"


def _plain(environment: dict[str, Any]) -> dict[str, str]:
    return {k: v for k, v in environment.items() if isinstance(v, str)}


def test_the_cache_key_holds_no_cookies_headers_or_arbitrary_query_strings(stack: Stack) -> None:
    behaviour = stack.distribution["DefaultCacheBehavior"]
    assert behaviour["CachePolicyId"] == {"Ref": "ApiCachePolicy"}
    policy = stack.one("AWS::CloudFront::CachePolicy")["CachePolicyConfig"]
    assert (policy["MinTTL"], policy["DefaultTTL"]) == (0, 0)
    assert policy["MaxTTL"] <= 3600
    keyed = policy["ParametersInCacheKeyAndForwardedToOrigin"]
    assert keyed["CookiesConfig"] == {"CookieBehavior": "none"}
    assert keyed["HeadersConfig"] == {"HeaderBehavior": "none"}
    # Every query string is keyed, but only after the viewer-request function has cut it down to
    # Segmint's version tag (test_the_query_filter_keeps_only_the_version_tag runs it).
    assert keyed["QueryStringsConfig"] == {"QueryStringBehavior": "all"}
    assert behaviour["FunctionAssociations"] == [
        {
            "EventType": "viewer-request",
            "FunctionARN": {"Fn::GetAtt": ["QueryFilterFunction", "FunctionARN"]},
        }
    ]
    function = stack.one("AWS::CloudFront::Function")
    assert function["FunctionConfig"]["Runtime"] == "cloudfront-js-2.0"
    assert function["AutoPublish"] is True


def test_objects_under_the_prefix_expire_after_the_configured_days(stack: Stack) -> None:
    rules = stack.template["Resources"]["CacheBucket"]["Properties"]["LifecycleConfiguration"]
    by_id = {rule["Id"]: rule for rule in rules["Rules"]}
    expire = by_id["expire-rendered-images"]
    assert expire["Status"] == "Enabled"
    assert expire["Prefix"] == PREFIX
    assert int(expire["ExpirationInDays"]) == stack.expiry_days
    # Nothing may point at an object for as long as it lives: CloudFront keeps an answer of the
    # function (a redirect) at most MaxTTL, the function says max-age SEGMINT_REDIRECT_MAX_AGE.
    policy = stack.one("AWS::CloudFront::CachePolicy")["CachePolicyConfig"]
    assert policy["MaxTTL"] < int(expire["ExpirationInDays"]) * 86400
    assert int(stack.environment["SEGMINT_REDIRECT_MAX_AGE"]) <= policy["MaxTTL"]
    assert stack.environment["SEGMINT_CACHE_EXPIRY_DAYS"] == str(stack.expiry_days)


def test_bucket_blocks_public_access_encrypts_and_enforces_ownership(http_stack: Stack) -> None:
    bucket = http_stack.template["Resources"]["CacheBucket"]["Properties"]
    assert bucket["PublicAccessBlockConfiguration"] == {
        "BlockPublicAcls": True,
        "BlockPublicPolicy": True,
        "IgnorePublicAcls": True,
        "RestrictPublicBuckets": True,
    }
    assert bucket["OwnershipControls"]["Rules"] == [{"ObjectOwnership": "BucketOwnerEnforced"}]
    rule = bucket["BucketEncryption"]["ServerSideEncryptionConfiguration"][0]
    assert rule["ServerSideEncryptionByDefault"]["SSEAlgorithm"] == "AES256"


def test_bucket_policy_lets_only_this_distribution_read_the_prefix(stack: Stack) -> None:
    policy = stack.template["Resources"]["CacheBucketPolicy"]["Properties"]["PolicyDocument"]
    allows = [s for s in _statements(policy) if s["Effect"] == "Allow"]
    assert len(allows) == 1
    allow = allows[0]
    assert allow["Principal"] == {"Service": "cloudfront.amazonaws.com"}
    assert _as_list(allow["Action"]) == ["s3:GetObject"]
    assert _as_list(allow["Resource"]) == [PREFIX_ARN]
    assert allow["Condition"]["StringEquals"]["AWS:SourceArn"] == DISTRIBUTION_ARN
    denies = [s for s in _statements(policy) if s["Effect"] == "Deny"]
    assert all(s["Condition"] == {"Bool": {"aws:SecureTransport": "false"}} for s in denies)


def test_the_function_role_reaches_s3_only_under_the_prefix_and_has_no_wildcards(
    stack: Stack,
) -> None:
    [role] = stack.resources("AWS::IAM::Role").values()
    statements = [s for p in role["Policies"] for s in _statements(p["PolicyDocument"])]
    assert statements
    for statement in statements:
        assert statement["Effect"] == "Allow"
        actions = _as_list(statement["Action"])
        assert not [a for a in actions if "*" in a], statement
        assert "*" not in _as_list(statement["Resource"]), statement
        assert "NotAction" not in statement
        assert "NotResource" not in statement
    s3 = [s for s in statements if any(a.startswith("s3:") for a in _as_list(s["Action"]))]
    assert len(s3) == 1
    assert set(_as_list(s3[0]["Action"])) == {"s3:GetObject", "s3:PutObject"}
    assert _as_list(s3[0]["Resource"]) == [PREFIX_ARN]
    others = {a for s in statements for a in _as_list(s["Action"]) if not a.startswith("s3:")}
    assert others <= {"logs:CreateLogStream", "logs:CreateLogGroup", "logs:TagResource"} | {
        "logs:PutLogEvents"
    }


def test_one_prefix_everywhere(stack: Stack) -> None:
    assert Settings().prefix == PREFIX
    assert stack.environment["SEGMINT_PREFIX"] == PREFIX
    text = json.dumps(stack.template)
    assert text.count(f"/{PREFIX}*") == 2  # the role's Allow and the bucket policy's
    assert f'"PathPattern": "{PREFIX}*"' in text


def test_the_functions_environment_references_nothing_but_the_bucket(stack: Stack) -> None:
    # No stack-output lookup, no Ref/GetAtt of the distribution or the API: the function works
    # under any domain aliased to the distribution, and waits for neither at deploy time.
    environment = stack.environment
    refs = [v for v in environment.values() if not isinstance(v, str)]
    assert refs == [{"Ref": "CacheBucket"}]
    assert environment["SEGMINT_BUCKET"] == {"Ref": "CacheBucket"}
    assert environment["SEGMINT_PUBLIC_BASE_URL"] == "/"
    assert environment["SEGMINT_BASE_PATH"] == ""
    assert environment["SEGMINT_S3_ENDPOINT_URL"] == ""
    assert "SEGMINT_SITE_URL" not in environment  # only the `tags` CLI reads it
    settings = Settings.from_env({**_plain(environment), "SEGMINT_BUCKET": "segmint-cache"})
    assert settings.public_base_url == "/"
    assert settings.s3_endpoint_url is None
    assert settings.redirect_status == int(environment["SEGMINT_REDIRECT_STATUS"])


def test_function_runs_the_lambda_entry_on_python_3_12(stack: Stack) -> None:
    function = stack.template["Resources"]["ImageLambdaFunction"]["Properties"]
    assert function["Runtime"] == "python3.12"
    assert function["Architectures"] in (["arm64"], ["x86_64"])
    assert function["Handler"] == "handler.lambda_entry.handler"
    assert function["Timeout"] <= 29  # API Gateway's integration limit
    assert (ROOT / "handler" / "lambda_entry.py").is_file()


def test_the_function_logs_in_lambdas_json_format(stack: Stack) -> None:
    function = stack.template["Resources"]["ImageLambdaFunction"]["Properties"]
    assert function["LoggingConfig"]["LogFormat"] == "JSON"
    assert function["Handler"] == "handler.lambda_entry.handler"  # extended, not replaced


def test_outputs_name_the_distribution_and_the_bucket(stack: Stack) -> None:
    outputs = stack.template["Outputs"]
    domain = {"Fn::GetAtt": ["Distribution", "DomainName"]}
    assert outputs["PublicBaseUrl"]["Value"] == {"Fn::Join": ["", ["https://", domain]]}
    assert outputs["CacheBucketName"]["Value"] == {"Ref": "CacheBucket"}
    assert outputs["DistributionDomainName"]["Value"] == domain


def _filtered(code: str, querystring: dict[str, Any]) -> dict[str, Any]:
    """Run the CloudFront Function's code under node on a viewer request with `querystring`."""
    request = {"method": "GET", "uri": "/icon/small", "querystring": querystring, "headers": {}}
    script = code + "\nconsole.log(JSON.stringify(handler(JSON.parse(process.argv[1]))));"
    done = run_bounded(["node", "-e", script, json.dumps({"request": request})], timeout=30)
    result: dict[str, Any] = json.loads(done.stdout)["querystring"]
    return result


VERSION_TAG = {"0123456789abcdef": {"value": ""}}


def test_the_viewer_function_passes_the_viewers_host_on_and_no_forged_one(
    http_stack: Stack,
) -> None:
    code = http_stack.one("AWS::CloudFront::Function")["FunctionCode"]
    headers = {"host": {"value": "www.example.com"}, "x-forwarded-host": {"value": "evil.example"}}
    request = {"method": "GET", "uri": "/_segmint/tags/", "querystring": {}, "headers": headers}
    script = code + "\nconsole.log(JSON.stringify(handler(JSON.parse(process.argv[1]))));"
    done = run_bounded(["node", "-e", script, json.dumps({"request": request})], timeout=30)
    forwarded = json.loads(done.stdout)["headers"]["x-forwarded-host"]
    assert forwarded == {"value": "www.example.com"}


@pytest.mark.parametrize(
    ("querystring", "kept"),
    [
        pytest.param({}, {}, id="none"),
        pytest.param(VERSION_TAG, VERSION_TAG, id="segmint-version-tag"),
        pytest.param({"utm_source": {"value": "x"}}, {}, id="tracking"),
        pytest.param({"0123456789abcdef": {"value": "1"}}, {}, id="tag-with-value"),
        pytest.param({"0123456789ABCDEF": {"value": ""}}, {}, id="upper-case"),
        pytest.param({"0123456789abcde": {"value": ""}}, {}, id="15-hex"),
        pytest.param({**VERSION_TAG, "b": {"value": ""}}, {}, id="tag-and-another"),
        pytest.param(
            {"0123456789abcdef": {"value": "", "multiValue": [{"value": ""}, {"value": ""}]}},
            {},
            id="tag-twice",
        ),
    ],
)
def test_the_query_filter_keeps_only_the_version_tag(
    http_stack: Stack, querystring: dict[str, Any], kept: dict[str, Any]
) -> None:
    if shutil.which("node") is None:
        pytest.fail("node not on PATH: install Node.js 20.19+ (.ci/run does)")
    code = http_stack.one("AWS::CloudFront::Function")["FunctionCode"]
    assert _filtered(code, querystring) == kept
