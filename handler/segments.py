"""Scan segments/ once per cold start into compiled, ranked routes.

Folders follow Next.js: `shop` (static), `[slug]` (one part), `[...slug]` (one or more parts),
`[[...slug]]` (zero or more), `(group)` (not in the URL), `_private` (ignored). Files:
`icon`, `apple-icon`, `opengraph-image`, `twitter-image`, with one optional digit (`icon1`),
as `.py` (generated) or a static image; `opengraph-image.alt.txt` gives a static one its alt.

URLs: `/<path>/<name>/<id>` for a module with generate_image_metadata, `/<path>/<name>`
without, `/<path>/<name>.<ext>` for a static file.

Matching precedence, as Next's route sorter: routes are ranked part by part from the left,
static < `[x]` < `[...x]` < `[[...x]]`, and the first match wins. So `/shop/1/icon` goes to
`shop/[slug]/icon.py` before `shop/[...slug]/icon.py`, `/shop/1/2/icon` to
`shop/[tag]/[item]/icon.py` before the catch-all, and `/shop/icon` to `shop/icon.py` before
`shop/[[...slug]]/icon.py`. Unlike Next, sibling folders `[slug]` and `[tag]` may coexist: they
differ in depth, and at equal shape (`[slug]/icon` beside `[id]/icon`) the second is reported as
a file claiming a URL that another already claims.
"""

from __future__ import annotations

import hashlib
import logging
import re
import sys
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path
from urllib.parse import quote

from handler.cache.fingerprint import files_fingerprint, source_fingerprint
from handler.exceptions import SegmentError
from handler.exports import SegmentModule, Size, load_module
from handler.metadata import (
    STATIC_TYPES,
    MetadataCache,
    Params,
    Variant,
    call_blocking,
    image_size,
    metadata_args,
    params_key,
    static_variant,
    validate_variants,
)
from handler.scan_manifest import ScanManifest

log = logging.getLogger("segmint.segments")

_PARAM_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_-]*$")


class Convention(Enum):
    """The four metadata image files, with Next's default sizes."""

    ICON = "icon"
    APPLE_ICON = "apple-icon"
    OPENGRAPH_IMAGE = "opengraph-image"
    TWITTER_IMAGE = "twitter-image"

    @property
    def default_size(self) -> Size:
        return {
            Convention.ICON: Size(32, 32),
            Convention.APPLE_ICON: Size(180, 180),
        }.get(self, Size(1200, 630))

    @property
    def has_alt_file(self) -> bool:
        """Whether a static image of this convention may have an `<name>.alt.txt` beside it."""
        return self in (Convention.OPENGRAPH_IMAGE, Convention.TWITTER_IMAGE)


def _names(conventions: Iterable[Convention]) -> str:
    return "|".join(re.escape(c.value) for c in conventions)


_FILE = re.compile(rf"^({_names(Convention)})(\d?)\.([a-z]+)$")
_ALT = re.compile(rf"^({_names(c for c in Convention if c.has_alt_file)})(\d?)\.alt\.txt$")


class PartKind(Enum):
    """One URL part of a route; the value is its rank (lower matches first)."""

    STATIC = 0
    DYNAMIC = 1
    CATCH_ALL = 2
    OPTIONAL_CATCH_ALL = 3


@dataclass(frozen=True, slots=True)
class Part:
    """One folder of a route's path: static text, or a param of some kind."""

    kind: PartKind
    value: str
    """The literal text for STATIC, the param name otherwise."""

    def __str__(self) -> str:
        """The part as a folder names it: `shop`, `[slug]`, `[...slug]`, `[[...slug]]`."""
        return {
            PartKind.STATIC: "{}",
            PartKind.DYNAMIC: "[{}]",
            PartKind.CATCH_ALL: "[...{}]",
            PartKind.OPTIONAL_CATCH_ALL: "[[...{}]]",
        }[self.kind].format(self.value)


@dataclass(frozen=True, slots=True)
class StaticImage:
    """An image file served as is: its bytes, its one variant and its bytes' hash."""

    data: bytes
    variant: Variant
    key_hash: str


@dataclass(frozen=True, slots=True)
class Route:
    """One image file, compiled: `parts` is the page path, `name` the last URL part."""

    file: Path
    folders: tuple[str, ...]
    convention: Convention
    name: str
    parts: tuple[Part, ...]
    source_hash: str
    module: SegmentModule | None = None
    static: StaticImage | None = None

    @property
    def has_id(self) -> bool:
        return self.module is not None and self.module.has_ids

    @property
    def is_dynamic(self) -> bool:
        return any(p.kind is not PartKind.STATIC for p in self.parts)

    @property
    def pattern(self) -> tuple[Part, ...]:
        """Every URL part: the page path, the file name, then `id` where ids exist."""
        tail = (Part(PartKind.DYNAMIC, "<id>"),) if self.has_id else ()
        return (*self.parts, Part(PartKind.STATIC, self.name), *tail)

    @property
    def rank(self) -> tuple[tuple[int, str], ...]:
        return tuple(
            (p.kind.value, p.value if p.kind is PartKind.STATIC else "") for p in self.pattern
        )

    @property
    def shape(self) -> tuple[tuple[PartKind, str], ...]:
        return tuple((p.kind, p.value if p.kind is PartKind.STATIC else "") for p in self.pattern)

    @property
    def template(self) -> str:
        """The URL pattern in Next's folder notation, the variant's id as `<id>`, e.g.
        `/shop/[slug]/icon/<id>` (for the routes table, logs and the preview)."""
        parts = [*map(str, self.parts), self.name, *(["<id>"] if self.has_id else [])]
        return "/" + "/".join(parts)

    def url(self, params: Params, url_id: str | None) -> str:
        """The URL path of one variant, e.g. `/shop/1/icon/small`."""
        values = params or {}
        out: list[str] = []
        for part in self.parts:
            if part.kind is PartKind.STATIC:
                out.append(quote(part.value, safe=""))
            else:
                value = values.get(part.value, [])
                items = value if isinstance(value, list) else [value]
                out.extend(quote(v, safe="") for v in items)
        out.append(self.name)
        if url_id is not None:
            out.append(quote(url_id, safe=""))
        return "/" + "/".join(out)


@dataclass(frozen=True, slots=True)
class RouteMatch:
    """A route that matched a path, the params it read and the variant id (if any)."""

    route: Route
    params: Params
    url_id: str | None


@dataclass(frozen=True, slots=True)
class Registry:
    """The routes of one segments/ folder, best-ranked first, and the problems found."""

    root: Path
    routes: tuple[Route, ...]
    problems: tuple[SegmentError, ...] = field(default=())

    def match(self, url_parts: Sequence[str]) -> RouteMatch | None:
        """The first route matching the decoded URL parts, its params and the id part."""
        for route in self.routes:
            values = match_parts(route.pattern, url_parts)
            if values is None:
                continue
            url_id = values.pop("<id>", None)
            assert url_id is None or isinstance(url_id, str)
            return RouteMatch(route, values if route.is_dynamic else None, url_id)
        return None


def match_parts(
    pattern: Sequence[Part], url_parts: Sequence[str]
) -> dict[str, str | list[str]] | None:
    """Match URL parts against a pattern with at most one catch-all; the params, or None.

    >>> match_parts([Part(PartKind.STATIC, "a"), Part(PartKind.CATCH_ALL, "s")], ["a", "1", "2"])
    {'s': ['1', '2']}
    """
    if any(not p for p in url_parts):
        return None
    variadic = [i for i, p in enumerate(pattern) if p.kind.value >= PartKind.CATCH_ALL.value]
    if not variadic:
        if len(pattern) != len(url_parts):
            return None
        return _match_fixed(pattern, url_parts, {})
    at = variadic[0]
    after = len(pattern) - at - 1
    taken = len(url_parts) - at - after
    minimum = 1 if pattern[at].kind is PartKind.CATCH_ALL else 0
    if taken < minimum:
        return None
    values = _match_fixed(pattern[:at], url_parts[:at], {})
    if values is None:
        return None
    values = _match_fixed(pattern[at + 1 :], url_parts[len(url_parts) - after :], values)
    if values is not None and taken:
        values[pattern[at].value] = list(url_parts[at : at + taken])
    return values


def _match_fixed(
    pattern: Sequence[Part], url_parts: Sequence[str], values: dict[str, str | list[str]]
) -> dict[str, str | list[str]] | None:
    for part, text in zip(pattern, url_parts, strict=True):
        if part.kind is PartKind.STATIC:
            if part.value != text:
                return None
        else:
            values[part.value] = text
    return values


def scan(
    segments_dir: Path, project_root: Path | None = None, manifest: ScanManifest | None = None
) -> Registry:
    """Scan `segments_dir` once: import every module, validate it, compile and rank routes.

    Problems are collected, logged and kept on the registry; the broken file is left out and
    the rest serve. A package's `manifest` (handler.scan_manifest) spares the import walk of
    the fingerprints and Pillow for static sizes; the keys come out the same.
    """
    root = segments_dir.resolve()
    project = (project_root or root.parent).resolve()
    if str(project) not in sys.path:
        sys.path.append(str(project))  # lets segments import the project's own helpers
    routes: list[Route] = []
    problems: list[SegmentError] = []
    if not root.is_dir():
        problems.append(SegmentError(str(root), "segments folder does not exist"))
    for folder, files in _walk(root):
        for file in files:
            try:
                route = _compile(root, project, folder, file, files, manifest)
            except SegmentError as exc:
                problems.append(exc)
                continue
            if route is not None:
                routes.append(route)
    routes, clashes = _without_clashes(routes)
    problems.extend(clashes)
    for problem in problems:
        log.error("broken segment: %s", problem)
    return Registry(
        root=root,
        routes=tuple(sorted(routes, key=lambda r: (r.rank, str(r.file)))),
        problems=tuple(problems),
    )


def _walk(root: Path) -> Iterator[tuple[Path, list[Path]]]:
    if not root.is_dir():
        return
    entries = sorted(root.iterdir())
    yield root, [e for e in entries if e.is_file()]
    for entry in entries:
        if entry.is_dir() and not entry.name.startswith(("_", ".")):
            yield from _walk(entry)


def _compile(
    root: Path,
    project: Path,
    folder: Path,
    file: Path,
    siblings: list[Path],
    manifest: ScanManifest | None,
) -> Route | None:
    alt_match = _ALT.match(file.name)
    if alt_match:
        image_stems = {
            s.name.split(".")[0] for s in siblings if s.suffix.lstrip(".") in STATIC_TYPES
        }
        stem = alt_match.group(1) + alt_match.group(2)
        if stem not in image_stems:
            raise SegmentError(
                str(file), f"alt text for {stem} but no static {stem} image beside it"
            )
        return None
    found = _FILE.match(file.name)
    if found is None:
        return None
    convention, number, ext = Convention(found.group(1)), found.group(2), found.group(3)
    if ext != "py" and ext not in STATIC_TYPES:
        return None
    folders = file.parent.relative_to(root).parts
    parts = _parts(folders, file)
    base = convention.value + number
    if ext == "py":
        name = "segmint_segment_" + hashlib.sha256(str(file).encode()).hexdigest()[:12]
        module = load_module(file, name)
        route = Route(
            file,
            folders,
            convention,
            base,
            parts,
            _fingerprint(file, project, manifest),
            module=module,
        )
        _check_fixed_metadata(route)
        return route
    data = file.read_bytes()
    digest = hashlib.sha256(data).hexdigest()
    alt_path = folder / f"{base}.alt.txt" if convention.has_alt_file else None
    known, size = manifest.size_of(file, digest) if manifest else (False, None)
    variant = static_variant(file, alt_path, size if known else image_size(file))
    static = StaticImage(data, variant, digest)
    return Route(file, folders, convention, file.name, parts, static.key_hash, static=static)


def _fingerprint(file: Path, project: Path, manifest: ScanManifest | None) -> str:
    files = manifest.dependencies_of(file) if manifest else None
    if files is None:
        return source_fingerprint(file, project)
    return files_fingerprint(files, project)


def _parts(folders: Sequence[str], file: Path) -> tuple[Part, ...]:
    parts: list[Part] = []
    for folder in folders:
        if folder.startswith("(") and folder.endswith(")"):
            continue
        parts.append(_part(folder, file))
    names = [p.value for p in parts if p.kind is not PartKind.STATIC]
    dupes = sorted({n for n in names if names.count(n) > 1})
    if dupes:
        raise SegmentError(str(file), f"param name {dupes[0]!r} used twice in the route")
    if sum(p.kind.value >= PartKind.CATCH_ALL.value for p in parts) > 1:
        raise SegmentError(str(file), "more than one catch-all folder in the route")
    return tuple(parts)


def _part(folder: str, file: Path) -> Part:
    if not folder.startswith("["):
        if "[" in folder or "]" in folder:
            raise SegmentError(str(file), f"folder {folder!r} is neither plain nor [param]")
        return Part(PartKind.STATIC, folder)
    for opening, closing, kind in (
        ("[[...", "]]", PartKind.OPTIONAL_CATCH_ALL),
        ("[...", "]", PartKind.CATCH_ALL),
        ("[", "]", PartKind.DYNAMIC),
    ):
        if folder.startswith(opening) and folder.endswith(closing):
            name = folder[len(opening) : -len(closing)]
            if _PARAM_NAME.match(name):
                return Part(kind, name)
    raise SegmentError(
        str(file), f"folder {folder!r} is not a valid [param], [...param] or [[...param]]"
    )


def _check_fixed_metadata(route: Route) -> None:
    """Where the URL has no params, the variants are fixed: validate them at start-up."""
    module = route.module
    assert module is not None
    if route.is_dynamic or module.generate_image_metadata is None:
        return
    try:
        raw = call_blocking(module.generate_image_metadata, *metadata_args(module, None))
    except Exception as exc:
        log.warning("%s: generate_image_metadata raised %s at start-up", route.file, exc)
        return
    validate_variants(raw, module, route.convention.default_size)


def _without_clashes(routes: list[Route]) -> tuple[list[Route], list[SegmentError]]:
    kept: dict[tuple[tuple[PartKind, str], ...], Route] = {}
    problems: list[SegmentError] = []
    for route in sorted(routes, key=lambda r: str(r.file)):
        other = kept.get(route.shape)
        if other is not None:
            problems.append(
                SegmentError(
                    str(route.file),
                    f"claims the URL {other.url(None, None)!r} that {other.file} already serves",
                )
            )
            continue
        kept[route.shape] = route
    return list(kept.values()), problems


async def variants_for(
    route: Route, params: Params, cache: MetadataCache, now: float
) -> tuple[Variant, ...]:
    """The variants of a route for `params`: the static file's one, or the module's."""
    if route.static is not None:
        return (route.static.variant,)
    assert route.module is not None
    return await cache.variants(route.module, params, route.convention.default_size, now)


async def allowed_params(route: Route, params: Params, cache: MetadataCache, now: float) -> bool:
    """False when the module sets `dynamic_params = False` and params are not among those
    `generate_static_params()` lists (memoised in `cache` like metadata)."""
    module = route.module
    if module is None or module.dynamic_params or not route.is_dynamic:
        return True
    return params_key(params) in await cache.static_params(module, now)
