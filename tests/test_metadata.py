"""generate_image_metadata results -> variants; the memo per segment, params and bucket."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from handler.exceptions import SegmentError
from handler.exports import SegmentModule, Size
from handler.metadata import MetadataCache, validate_variants


@dataclass
class Meta:
    id: int
    alt: str


def _module(metadata: Any = None, revalidate: int | None = None) -> SegmentModule:
    return SegmentModule(
        path=Path("segments/icon.py"),
        image=lambda: b"",
        image_args=frozenset(),
        generate_image_metadata=metadata,
        generate_static_params=None,
        size=None,
        content_type="image/png",
        alt=None,
        revalidate=revalidate,
        dynamic_params=True,
    )


def test_dicts_dataclasses_and_camel_case_are_accepted() -> None:
    raw = [
        Meta(0, "zero"),
        {"id": "b", "contentType": "image/jpeg", "size": {"width": 2, "height": 3}},
    ]
    first, second = validate_variants(raw, _module(), Size(32, 32))
    assert (first.id, first.alt, first.size) == (0, "zero", Size(32, 32))
    assert (second.content_type, second.size) == ("image/jpeg", Size(2, 3))


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        pytest.param({"id": 1}, "must return a list", id="not-a-list"),
        pytest.param([{"id": True}], "id must be a str or int", id="bool-id"),
        pytest.param([{"id": "a/b"}], "cannot be a URL path segment", id="slash-id"),
        pytest.param([{"id": "a", "sizes": 1}], "unknown key 'sizes'", id="typo"),
        pytest.param(
            [{"id": "a", "content_type": "image/bmp"}], "content type 'image/bmp'", id="type"
        ),
        pytest.param([{"id": "a", "size": {"width": 1}}], "size must be", id="size"),
    ],
)
def test_bad_metadata_is_named(raw: object, message: str) -> None:
    with pytest.raises(SegmentError, match=message):
        validate_variants(raw, _module(), Size(1, 1))


def test_memo_per_params_and_bucket() -> None:
    seen: list[Any] = []

    def metadata(params: Any) -> list[dict[str, str]]:
        seen.append(params)
        return [{"id": "a"}]

    cache = MetadataCache(default_ttl=300)
    module = _module(metadata, revalidate=10)

    async def run() -> None:
        await cache.variants(module, {"s": "1"}, Size(1, 1), 100.0)
        await cache.variants(module, {"s": "1"}, Size(1, 1), 109.0)
        await cache.variants(module, {"s": "2"}, Size(1, 1), 109.0)
        await cache.variants(module, {"s": "1"}, Size(1, 1), 110.0)

    asyncio.run(run())
    assert seen == [{"s": "1"}, {"s": "2"}, {"s": "1"}]


def test_raising_metadata_names_the_segment() -> None:
    def metadata(params: Any) -> list[Any]:
        raise RuntimeError("api down")

    with pytest.raises(
        SegmentError, match=r"segments/icon.py: generate_image_metadata: raised RuntimeError"
    ):
        asyncio.run(MetadataCache(60).variants(_module(metadata), None, Size(1, 1), 0.0))


def test_generators_and_tuples_are_accepted_as_lists() -> None:
    def sync_metadata(params: Any) -> Any:
        yield {"id": "a"}
        yield {"id": 1}

    async def async_metadata(params: Any) -> Any:
        yield {"id": "b"}

    async def run() -> list[tuple[Any, ...]]:
        return [  # one cache each: the memo is keyed by the segment's path, the same here
            tuple(v.id for v in await MetadataCache(60).variants(_module(fn), None, Size(1, 1), 0))
            for fn in (sync_metadata, async_metadata, lambda params: ({"id": "c"},))
        ]

    assert asyncio.run(run()) == [("a", 1), ("b",), ("c",)]


@pytest.mark.parametrize("id_", [".", ".."])
def test_dot_ids_are_refused_as_no_client_can_ask_for_them(id_: str) -> None:
    # Browsers and CDNs drop `.` and `..` path segments (RFC 3986 §5.2.4) before asking.
    with pytest.raises(SegmentError, match="cannot be a URL path segment"):
        validate_variants([{"id": id_}], _module(), Size(1, 1))
