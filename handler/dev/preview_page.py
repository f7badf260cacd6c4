"""The preview gallery as one HTML document: problems first, then one section per route.

Cards are as wide as their image (an image wider than THUMB_WIDTH is scaled down, keeping its
ratio), never stretched to a neighbour's height; `<img>` carries the variant's width and height
so the page does not jump as images load. Every value is escaped.
"""

from __future__ import annotations

import html
from pathlib import Path

from handler.dev.gallery import Broken, Gallery, Outcome, Page, RouteView, Shot

THUMB_WIDTH = 360
"""Images wider than this show scaled down (the link opens the real size)."""

STYLE = f"""
*{{box-sizing:border-box}}
body{{font:14px/1.45 system-ui,sans-serif;margin:0;padding:16px;background:#f6f6f7;color:#111}}
main{{max-width:1200px;margin:0 auto}}
h1{{font-size:22px;margin:0 0 4px}}
h2{{font-size:16px;margin:0;font-family:ui-monospace,monospace;word-break:break-all}}
h3{{font-size:13px;margin:12px 0 6px;color:#444;font-family:ui-monospace,monospace}}
.meta{{color:#555}}
section.route{{background:#fff;border:1px solid #ddd;border-radius:10px;padding:14px;
margin:14px 0}}
.cards{{display:flex;flex-wrap:wrap;gap:12px;align-items:flex-start}}
figure{{flex:0 0 auto;margin:0;padding:10px;border:1px solid #e3e3e3;border-radius:8px;
max-width:min(100%,{THUMB_WIDTH + 22}px);background:#fff}}
figure img{{display:block;max-width:100%;height:auto;
background:repeating-conic-gradient(#eee 0 25%,#fff 0 50%) 0 0/16px 16px}}
figcaption{{margin-top:6px;font-size:12px;word-break:break-all;min-width:0}}
.outcome{{display:inline-block;padding:1px 6px;border-radius:9px;font-size:11px;
background:#e8f0fe;color:#174ea6}}
.outcome.failed{{background:#fde7e7;color:#a00}}
.outcome.redirected{{background:#e6f4ea;color:#137333}}
figure.failed{{border-color:#e99;background:#fff6f6;max-width:min(100%,520px)}}
.error{{color:#a00;white-space:pre-wrap;font-family:ui-monospace,monospace;font-size:12px;
margin:6px 0 0}}
.broken{{border:1px solid #e99;background:#fff6f6;border-radius:10px;padding:12px 14px;
margin:14px 0}}
.broken h2{{color:#a00;font-family:inherit}}
.broken li{{margin:6px 0;word-break:break-word}}
details{{margin-top:8px}}
pre.tags{{white-space:pre-wrap;word-break:break-all;background:#f4f4f6;padding:8px;
border-radius:6px;font-size:12px;margin:6px 0 0}}
"""


def render_page(found: Gallery, root: Path) -> str:
    """The whole document."""
    sections = "\n".join(_route(view) for view in found.routes) or "<p>No routes.</p>"
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Segmint preview</title>
<style>{STYLE}</style></head><body><main>
<h1>Segmint preview</h1>
<p class="meta">{found.images} image(s) in {len(found.routes)} route(s) from {_e(str(root))}.
Refresh after an edit: the server reloads on changes.</p>
{_broken(found.broken)}
{sections}
</main></body></html>
"""


def _broken(broken: tuple[Broken, ...]) -> str:
    if not broken:
        return ""
    items = "\n".join(
        f"<li><b>{_e(b.segment)}</b>"
        + (f" · export <code>{_e(b.export)}</code>" if b.export else "")
        + f'<pre class="error">{_e(b.message)}</pre></li>'
        for b in broken
    )
    return (
        f'<section class="broken" id="broken"><h2>Broken segments ({len(broken)})</h2>'
        f"<ul>{items}</ul></section>"
    )


def _route(view: RouteView) -> str:
    pages = "\n".join(_page(page) for page in view.pages) or (
        '<p class="meta">No variants: see the problems above.</p>'
    )
    return (
        f'<section class="route"><h2>{_e(view.pattern)}</h2>'
        f'<div class="meta">{_e(view.convention)} · {_e(view.file)}</div>{pages}</section>'
    )


def _page(page: Page) -> str:
    cards = "\n".join(_card(shot) for shot in page.shots)
    tags = _e("\n".join(page.tags)) or "(no tags)"
    return (
        f"<h3>page {_e(page.path)}</h3>"
        f'<div class="cards">{cards}</div>'
        f"<details><summary>&lt;head&gt; tags of {_e(page.path)}</summary>"
        f'<pre class="tags">{tags}</pre></details>'
    )


def _card(shot: Shot) -> str:
    size = f"{shot.size.width}×{shot.size.height}" if shot.size is not None else "natural size"
    kind = shot.outcome.name.lower()
    badge = f'<span class="outcome {kind}">{_e(shot.outcome.value)} · {shot.millis:.0f} ms</span>'
    alt = f"<div>alt: {_e(shot.alt)}</div>" if shot.alt else ""
    caption = (
        f'<figcaption><a href="{_e(shot.path)}"><code>{_e(shot.path)}</code></a>'
        f'<div class="meta">{size} · {_e(shot.content_type)}</div>{alt}{badge}</figcaption>'
    )
    if shot.outcome is Outcome.FAILED:
        return (
            f'<figure class="failed">{caption}'
            f'<pre class="error">{_e(shot.error or "")}</pre></figure>'
        )
    dims = (
        f' width="{shot.size.width}" height="{shot.size.height}"' if shot.size is not None else ""
    )
    return (
        f'<figure><a href="{_e(shot.path)}"><img src="{_e(shot.path)}"{dims} '
        f'alt="{_e(shot.alt or "")}"></a>{caption}</figure>'
    )


def _e(text: str) -> str:
    return html.escape(text, quote=True)
