// The anchor side of Segmint's benchmarks: render HTML strings with satori-html + @vercel/og 1.0.1.
//
//   node render.mjs JOBS.json
//
// JOBS.json: {"fonts": [{"name", "path", "weight", "style"}], "runs": 20, "warmup": 3,
//             "out_dir": "/abs/dir" | null, "emoji_dir": "/abs/twemoji/svg" | null,
//             "jobs": [{"name", "html", "width", "height"}]}
// A job may instead carry "tree" (a Satori suite case's element tree: {"type", "props",
// "children"} nodes and strings) and its own "fonts", as `make conformance` asks.
// Prints one JSON object on stdout: per job the first render's time, the warm times (ms), the
// PNG size; and the process's peak RSS (VmHWM). Run it as a fresh process for first-render and
// peak-RSS figures. Timing covers building the element (satori-html), Satori's layout, the PNG
// encode and reading the response body: what a caller of ImageResponse waits for.
import { readFileSync, writeFileSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import { performance } from "node:perf_hooks";

const TWEMOJI_CDN = "https://cdn.jsdelivr.net/gh/twitter/twemoji@14.0.2/assets/svg/";

function installOfflineEmoji(emojiDir) {
  // @vercel/og fetches Twemoji SVGs from a CDN; there is no network here, so the same Twemoji
  // files the Python side ships are served from disk instead. Anything else still fails loudly.
  const realFetch = globalThis.fetch;
  globalThis.fetch = async (input, init) => {
    const url = typeof input === "string" ? input : input.url;
    if (emojiDir && url.startsWith(TWEMOJI_CDN)) {
      const file = join(emojiDir, url.slice(TWEMOJI_CDN.length));
      try {
        return new Response(readFileSync(file), { headers: { "content-type": "image/svg+xml" } });
      } catch {
        return new Response("not found", { status: 404 });
      }
    }
    return realFetch(input, init);
  };
}

function fromTree(nodes) {
  // React's shape: children inside props, one child bare, none left out
  const node = (n) => {
    if (typeof n === "string") return n;
    const kids = (n.children || []).map(node);
    const props = { ...n.props };
    if (kids.length) props.children = kids.length === 1 ? kids[0] : kids;
    return { type: n.type, props };
  };
  if (nodes.length !== 1) throw new Error(`a case tree must be one element, got ${nodes.length}`);
  return node(nodes[0]);
}

function peakRss() {
  const status = readFileSync("/proc/self/status", "utf8");
  const read = (key) => Number((status.match(new RegExp(`^${key}:\\s+(\\d+)`, "m")) || [0, 0])[1]);
  return { vmhwm_kib: read("VmHWM"), vmrss_kib: read("VmRSS") };
}

async function pngBackend() {
  try {
    const sharp = (await import("sharp")).default;
    return `sharp ${sharp.versions.sharp} (libvips ${sharp.versions.vips}, librsvg ${sharp.versions.rsvg})`;
  } catch {
    return "resvg-wasm";
  }
}

async function main() {
  const spec = JSON.parse(readFileSync(process.argv[2], "utf8"));
  installOfflineEmoji(spec.emoji_dir);
  const t0 = performance.now();
  const { ImageResponse } = await import("@vercel/og");
  const { html } = await import("satori-html");
  const importMs = performance.now() - t0;
  const loaded = new Map();
  const loadFonts = (list) =>
    list.map((f) => {
      if (!loaded.has(f.path)) loaded.set(f.path, readFileSync(f.path));
      return { name: f.name, data: loaded.get(f.path), weight: f.weight, style: f.style || "normal" };
    });
  const fonts = loadFonts(spec.fonts || []);
  const renderOnce = async (job) => {
    const start = performance.now();
    const element = job.tree ? fromTree(job.tree) : html(job.html);
    const response = new ImageResponse(element, {
      width: job.width,
      height: job.height,
      fonts: job.fonts ? loadFonts(job.fonts) : fonts,
    });
    const png = Buffer.from(await response.arrayBuffer());
    return { ms: performance.now() - start, png };
  };
  const results = [];
  for (const job of spec.jobs) {
    let first;
    try {
      first = await renderOnce(job);
    } catch (err) {
      results.push({ name: job.name, error: String(err && err.stack ? err.stack : err) });
      continue;
    }
    for (let i = 0; i < (spec.warmup ?? 0); i++) await renderOnce(job);
    const times = [];
    let png = first.png;
    for (let i = 0; i < (spec.runs ?? 0); i++) {
      const r = await renderOnce(job);
      times.push(r.ms);
      png = r.png;
    }
    let pngPath = null;
    if (spec.out_dir) {
      mkdirSync(spec.out_dir, { recursive: true });
      pngPath = join(spec.out_dir, `${job.name}.png`);
      writeFileSync(pngPath, png);
    }
    results.push({
      name: job.name,
      first_ms: first.ms,
      times_ms: times,
      png_bytes: png.length,
      png_path: pngPath,
    });
  }
  const out = {
    node: process.version,
    png_backend: await pngBackend(),
    import_ms: importMs,
    results,
    ...peakRss(),
  };
  process.stdout.write(JSON.stringify(out) + "\n");
}

main().catch((err) => {
  process.stderr.write(String(err && err.stack ? err.stack : err) + "\n");
  process.exit(1);
});
