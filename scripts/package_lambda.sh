#!/usr/bin/env bash
# Build the Lambda zip that serverless.yml deploys (package.artifact): build/segmint-lambda.zip.
#
#   scripts/package_lambda.sh              # arm64 (serverless.yml's architecture)
#   ARCH=x86_64 scripts/package_lambda.sh  # if you switch serverless.yml to x86_64
#   scripts/package_lambda.sh --no-deps    # code only (handler/, segments/): for checks
#
# What goes in: handler/ and segments/ (no tests, benchmarks, .venv, docs, caches; not
# handler/dev/, the `make serve` server, nor handler/testing/, the test client for users' own
# tests: they import uvicorn, rich and moto, which Lambda has not) and the
# runtime requirements as wheels for Lambda's platform (Amazon Linux 2023, glibc 2.34), chosen
# by pip without building anything: `--only-binary=:all:`, Python 3.12, and both
# manylinux_2_28 (Pillow 13 publishes only that) and manylinux2014 (resvg-py) platform tags;
# pip does not fall back from one to the other by itself. Not boto3 (nothing on Lambda imports
# it), but botocore, the store's client, pinned: the runtime's copy changes under the function
# and starts slowly. scripts/prune_package.py then cuts what no render reads (Twemoji's PNGs,
# most of fontTools), scripts/prune_botocore.py botocore's data to S3's; see their docstrings.
#
# Size: Lambda takes a zip of at most 50 MB directly and 250 MB unzipped; this build stops above
# LIMIT_ZIPPED_MB (25) or LIMIT_UNZIPPED_MB (80), and prints where the bytes go.
#
# FriBiDi: Pillow's wheel bundles raqm and HarfBuzz but loads libfribidi.so.0 at run time, and
# Lambda's image has none. Without it Pillow falls back to basic layout: no GPOS kerning (Geist
# kerns only there), so lines come out 2-3% wider and may break elsewhere than `make serve`
# draws them, and no right-to-left reordering. So the build takes Debian's libfribidi0 for the
# target architecture into lib/ (Lambda puts /var/task/lib on LD_LIBRARY_PATH), adding the
# foreign dpkg architecture first when it runs as root on another architecture, and stops when
# it cannot: ALLOW_BASIC_LAYOUT=1 builds without it on purpose.
#
# Bytecode: /var/task is read-only, so without .pyc in the zip every cold start compiles every
# module it imports (~30-40 ms of ours) and cannot keep the result. The staged tree is compiled
# with PYTHON (must be 3.12, the runtime's version) as unchecked-hash .pyc: the zip's timestamps
# are fixed, so timestamp .pyc would be judged stale, and checked-hash ones would re-hash every
# source at import. PYTHONHASHSEED=0 and paths rewritten to /var/task keep the bytes the same from
# one build to the next.
set -euo pipefail
cd "$(dirname "$0")/.."

ARCH="${ARCH:-aarch64}"
PYTHON="${PYTHON:-.venv/bin/python}"
OUT="${OUT:-build/segmint-lambda.zip}"
WITH_DEPS=1
[[ "${1:-}" == "--no-deps" ]] && WITH_DEPS=0

case "$ARCH" in
  aarch64|arm64) ARCH=aarch64; DEB_ARCH=arm64 ;;
  x86_64|amd64) ARCH=x86_64; DEB_ARCH=amd64 ;;
  *) echo "ARCH=$ARCH: use aarch64 (arm64) or x86_64" >&2; exit 2 ;;
esac

PY_VERSION="$("$PYTHON" -c 'import sys; print("%d.%d" % sys.version_info[:2])')"
if [[ "$PY_VERSION" != 3.12 ]]; then
  echo "PYTHON=$PYTHON is Python $PY_VERSION: the runtime is python3.12, whose imports would" \
       "ignore its .pyc; point PYTHON at a 3.12 interpreter" >&2
  exit 2
fi

# True when this machine can fetch Debian's libfribidi0 for $DEB_ARCH (notes say why not).
fribidi_possible() {
  if ! command -v apt-get >/dev/null || ! command -v dpkg-deb >/dev/null; then
    echo "note: no apt-get/dpkg-deb on this machine" >&2
    return 1
  fi
  if [[ "$(dpkg --print-architecture)" != "$DEB_ARCH" ]] \
     && ! dpkg --print-foreign-architectures | grep -qx "$DEB_ARCH" && [[ "$(id -u)" != 0 ]]; then
    echo "note: run 'dpkg --add-architecture $DEB_ARCH && apt-get update' as root first" >&2
    return 1
  fi
}

# Debian's libfribidi0 for $DEB_ARCH into $STAGE/lib; false (with a note) when it cannot.
add_fribidi() {
  if ! command -v apt-get >/dev/null || ! command -v dpkg-deb >/dev/null; then
    echo "note: no apt-get/dpkg-deb on this machine" >&2
    return 1
  fi
  if [[ "$(dpkg --print-architecture)" != "$DEB_ARCH" ]] \
     && ! dpkg --print-foreign-architectures | grep -qx "$DEB_ARCH"; then
    if [[ "$(id -u)" != 0 ]]; then
      echo "note: run 'dpkg --add-architecture $DEB_ARCH && apt-get update' as root first" >&2
      return 1
    fi
    echo "adding dpkg architecture $DEB_ARCH to download libfribidi0:$DEB_ARCH"
    dpkg --add-architecture "$DEB_ARCH" && apt-get update -qq || return 1
  fi
  local debs
  debs="$(mktemp -d)"
  # A fresh machine may have no package lists yet: refresh them once (as root) and retry.
  if ! (cd "$debs" && apt-get download -qq "libfribidi0:$DEB_ARCH" >/dev/null 2>&1) \
     && ! { [[ "$(id -u)" == 0 ]] && echo "apt-get update (no package list has libfribidi0:$DEB_ARCH yet)" \
            && apt-get update -qq \
            && (cd "$debs" && apt-get download -qq "libfribidi0:$DEB_ARCH" >/dev/null 2>&1); }; then
    echo "note: apt-get download libfribidi0:$DEB_ARCH failed" >&2
    rm -rf "$debs"
    return 1
  fi
  dpkg-deb -x "$debs"/libfribidi0_*.deb "$debs/root"
  mkdir -p "$STAGE/lib"
  cp -L "$(find "$debs/root" -name 'libfribidi.so.0' | head -n 1)" "$STAGE/lib/libfribidi.so.0"
  rm -rf "$debs"
  echo "added lib/libfribidi.so.0 from Debian's libfribidi0:$DEB_ARCH"
}

LIMIT_ZIPPED_MB="${LIMIT_ZIPPED_MB:-25}"
LIMIT_UNZIPPED_MB="${LIMIT_UNZIPPED_MB:-80}"
STEPS=5
[[ "$WITH_DEPS" == 1 ]] && STEPS=8
STEP=0
step() { STEP=$((STEP + 1)); echo "[$STEP/$STEPS] $*"; }

# What the build needs, said before anything is downloaded.
if [[ "$WITH_DEPS" == 1 ]]; then
  echo "package_lambda.sh ($ARCH): needs pip reaching PyPI (Lambda's $ARCH wheels), and apt-get +" \
       "dpkg-deb for Debian's libfribidi0:$DEB_ARCH (as root when $DEB_ARCH is not this machine's" \
       "architecture)"
  if [[ "${ALLOW_BASIC_LAYOUT:-0}" != 1 ]] && ! fribidi_possible; then
    echo "error: cannot fetch libfribidi0:$DEB_ARCH here (see above). Without it Lambda draws" \
         "text without kerning or RTL. Build on Debian/Ubuntu (as root for a foreign" \
         "architecture), or set ALLOW_BASIC_LAYOUT=1 to ship basic layout on purpose." >&2
    exit 1
  fi
fi

STAGE="$(mktemp -d)"
trap 'rm -rf "$STAGE"' EXIT

# --- copy ---
step "copying handler/ and segments/"
# Only the service's own code; the working tree's __pycache__ stays behind (its .pyc are
# timestamp-checked, and may be stale): the staged tree is compiled afresh below. handler/dev/
# and handler/testing/ stay behind too: nothing on Lambda imports them (the zip check below makes
# sure they are absent).
for dir in handler segments; do
  (cd . && find "$dir" \( -path handler/dev -o -path handler/testing \) -prune -o \
     -type f ! -path '*/__pycache__/*' ! -name '*.pyc' -print0) |
    while IFS= read -r -d '' file; do
      mkdir -p "$STAGE/$(dirname "$file")"
      cp "$file" "$STAGE/$file"
    done
done
# --- end copy ---

if [[ "$WITH_DEPS" == 1 ]]; then
  step "pip: requirements.txt without boto3, as $ARCH wheels for python3.12 (quiet; ~20 s)"
  # boto3 is left out by name: nothing in the zip imports it (prune_package.py checks that
  # nothing else pulled it in).
  grep -vE '^boto3([=<>~ ]|$)' requirements.txt > "$STAGE/.requirements.txt"
  "$PYTHON" -m pip install --quiet --no-compile --target "$STAGE" \
    --only-binary=:all: --implementation cp --python-version 3.12 \
    --platform "manylinux_2_28_$ARCH" --platform "manylinux2014_$ARCH" \
    -r "$STAGE/.requirements.txt"
  rm "$STAGE/.requirements.txt"
  rm -rf "$STAGE/bin"

  step "pruning what no render reads (scripts/prune_package.py, scripts/prune_botocore.py)"
  "$PYTHON" scripts/prune_package.py "$STAGE"
  "$PYTHON" scripts/prune_botocore.py "$STAGE"

  step "libfribidi.so.0 for $DEB_ARCH (Debian's libfribidi0)"
  if ! add_fribidi; then
    if [[ "${ALLOW_BASIC_LAYOUT:-0}" == 1 ]]; then
      echo "note: building without libfribidi.so.0 (ALLOW_BASIC_LAYOUT=1): no kerning, no RTL" >&2
    else
      echo "error: could not add libfribidi.so.0 for $DEB_ARCH (see above). Without it Lambda" \
           "draws text without kerning or RTL. Build on Debian/Ubuntu (as root for a foreign" \
           "architecture), or set ALLOW_BASIC_LAYOUT=1 to ship basic layout on purpose." >&2
      exit 1
    fi
  fi
fi

step "scan manifest: fingerprint inputs and static image sizes (scripts/scan_manifest.py)"
# Written in the staged tree, where the scan finds what Lambda will; a cold start then skips
# the import walk and Pillow (handler/scan_manifest.py).
# -B: no .pyc from this import (the compile step below writes every one, -f, unchecked-hash).
"$PYTHON" -B scripts/scan_manifest.py "$STAGE"

step "compiled regular expressions of a cold start and a first render (scripts/pattern_cache.py)"
# A fresh interpreter (-I) of the runtime's version, writing no .pyc (-B): a cold start then
# loads the ~150 patterns its libraries compile instead of compiling them
# (handler/pattern_cache.py).
"$PYTHON" -I -B scripts/pattern_cache.py "$STAGE"

# --- compile ---
step "compiling bytecode (unchecked-hash .pyc, Python $PY_VERSION)"
compile_stage() {
  PYTHONHASHSEED=0 "$PYTHON" -m compileall -q -f -j0 --invalidation-mode unchecked-hash \
    -s "$STAGE" -p /var/task "$@"
}
# handler/ must compile: a syntax error there stops the build. The rest (segments/, whose broken
# files the app reports and skips at start-up, and the wheels, which pip installed with
# --no-compile and which may carry files never imported on 3.12) is compiled where it can be.
compile_stage "$STAGE/handler"
if ! failed="$(compile_stage "$STAGE")"; then
  echo "note: these files do not compile, so they have no .pyc:" >&2
  echo "$failed" | grep -E '^\*\*\*|Error' | head -n 20 >&2
fi
# --- end compile ---

step "zipping"
mkdir -p "$(dirname "$OUT")"
rm -f "$OUT"
OUT_ABS="$(cd "$(dirname "$OUT")" && pwd)/$(basename "$OUT")"
# Fixed timestamps and sorted entries: the same inputs give the same zip (and the same
# CloudFormation function version).
"$PYTHON" - "$STAGE" "$OUT_ABS" "$LIMIT_ZIPPED_MB" "$LIMIT_UNZIPPED_MB" <<'PY'
import collections, os, sys, zipfile
stage, out = sys.argv[1], sys.argv[2]
limit_zipped, limit_unzipped = float(sys.argv[3]), float(sys.argv[4])
paths = sorted(
    os.path.relpath(os.path.join(d, f), stage) for d, _, fs in os.walk(stage) for f in fs
)
dev = [p for p in paths if p.startswith(("handler/dev/", "handler/testing/"))]
if dev:
    sys.exit(f"error: {len(dev)} file(s) of handler/dev/ or handler/testing/ staged: {dev[:5]}")
with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
    for rel in paths:
        info = zipfile.ZipInfo(rel, date_time=(2020, 1, 1, 0, 0, 0))
        mode = os.stat(os.path.join(stage, rel)).st_mode & 0o777
        info.external_attr = (0o100000 | mode) << 16
        info.compress_type = zipfile.ZIP_DEFLATED
        with open(os.path.join(stage, rel), "rb") as source:
            archive.writestr(info, source.read())
zipped = collections.Counter()
unzipped = collections.Counter()
with zipfile.ZipFile(out) as archive:
    for info in archive.infolist():
        top = info.filename.split("/")[0]
        zipped[top] += info.compress_size
        unzipped[top] += info.file_size
total_zipped = os.path.getsize(out) / 1e6
total_unzipped = sum(unzipped.values()) / 1e6
print("  largest parts (zipped / unzipped MB):")
for top, count in zipped.most_common(8):
    print(f"    {top:<28} {count / 1e6:5.1f} / {unzipped[top] / 1e6:5.1f}")
print(f"{out}: {len(paths)} files, {total_zipped:.1f} MB zipped (limit {limit_zipped:g}),"
      f" {total_unzipped:.1f} MB unzipped (limit {limit_unzipped:g})")
over = [f"{name} {size:.1f} MB > {limit:g} MB" for name, size, limit in (
    ("zipped", total_zipped, limit_zipped), ("unzipped", total_unzipped, limit_unzipped))
    if size > limit]
if over:
    sys.exit("error: the zip is too big: " + ", ".join(over))
PY
