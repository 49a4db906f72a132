#!/usr/bin/env bash
# Builds gpu-kit/: a self-contained folder (< 60 MiB) that runs the Node + Dawn bench (bench/node.ts) on an
# x86-64 Linux machine with a GPU but no Node, no npm and no network. See bench/README.md, "GPU kit".
#
#   bash scripts/gpu-kit.sh [DIR]        (default DIR: gpu-kit/ in the repository root; run from anywhere)
#
# Contents: node.xz (this machine's `node`, xz -9), webgpu/ (the `webgpu` package's index.js, package.json and
# dist/linux-x64/dawn.node as dawn.node.xz), bench.mjs (bench/node-main.ts bundled by Vite with every other
# dependency inlined), Debian's libvulkan1 .deb (apt-get download), run.sh (scripts/gpu-kit-run.sh), KIT_ID.
# The two xz files are cached in node_modules/.cache/gpu-kit/ (keyed by the input's checksum): a rebuild after
# a source change takes seconds.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
KIT=${1:-$ROOT/gpu-kit}
CACHE=$ROOT/node_modules/.cache/gpu-kit
MAX_BYTES=$((60 * 1024 * 1024))
log() { echo "[gpu-kit] $*"; }

[ "$(uname -m)" = x86_64 ] || { echo "build the kit on x86-64 (the GPU machine's architecture)" >&2; exit 1; }
NODE_BIN=$(command -v node)
DAWN=$ROOT/node_modules/webgpu/dist/linux-x64/dawn.node
[ -f "$DAWN" ] || { echo "missing $DAWN: run npm ci" >&2; exit 1; }
mkdir -p "$CACHE"

# xz -9 of FILE into the cache, reused while FILE is unchanged; prints the cached path
cached_xz() {
  local src=$1 name=$2 sum
  sum=$(sha256sum "$src" | cut -c1-16)
  local out="$CACHE/$name.$sum.xz"
  if [ ! -f "$out" ]; then
    log "xz -9 $src (a minute or two)" >&2
    xz -9 -T2 -c "$src" >"$out.tmp"
    mv "$out.tmp" "$out"
  fi
  echo "$out"
}

NODE_XZ=$(cached_xz "$(readlink -f "$NODE_BIN")" node)
DAWN_XZ=$(cached_xz "$DAWN" dawn.node)

DEB=$(ls "$CACHE"/libvulkan1_*_amd64.deb 2>/dev/null | head -1 || true)
if [ -z "$DEB" ]; then
  log "apt-get download libvulkan1"
  (cd "$CACHE" && { apt-get download libvulkan1:amd64 2>/dev/null || { apt-get update >/dev/null && apt-get download libvulkan1:amd64; }; })
  DEB=$(ls "$CACHE"/libvulkan1_*_amd64.deb | head -1)
fi

log "bundling bench/node-main.ts → bench.mjs"
BUILD=$(mktemp -d)
trap 'rm -rf "$BUILD"' EXIT
(cd "$ROOT" && KIT_BENCH_OUT="$BUILD" npx vite build --config bench/node-kit.vite.config.ts)
# the bundle must need nothing but Node's built-ins and the carried `webgpu`
builtins=$(node -p 'require("module").builtinModules.join("|")')
bad=$(grep -oE '(^import .* from|(^|[^.[:alnum:]_$])(import|require)\() *"[^"]+"' "$BUILD/bench.mjs" | grep -oE '"[^"]+"' | tr -d '"' |
  sort -u | grep -vE "^(node:.*|webgpu|${builtins//\//\\/})\$" || true)
[ -z "$bad" ] || { echo "bench.mjs imports packages the kit does not carry: $bad" >&2; exit 1; }

rm -rf "$KIT"
mkdir -p "$KIT/webgpu"
cp "$NODE_XZ" "$KIT/node.xz"
cp "$DAWN_XZ" "$KIT/webgpu/dawn.node.xz"
cp "$ROOT/node_modules/webgpu/index.js" "$ROOT/node_modules/webgpu/package.json" "$KIT/webgpu/"
[ -f "$ROOT/node_modules/webgpu/LICENSE.md" ] && cp "$ROOT/node_modules/webgpu/LICENSE.md" "$KIT/webgpu/"
cp "$DEB" "$KIT/"
cp "$BUILD/bench.mjs" "$KIT/bench.mjs"
cp "$ROOT/scripts/gpu-kit-run.sh" "$KIT/run.sh"
chmod +x "$KIT/run.sh"
rev=$(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo unknown)
dirty=$(git -C "$ROOT" status --porcelain 2>/dev/null | grep . >/dev/null && echo "+dirty" || true)
echo "$(date -u +%Y%m%dT%H%M%SZ) $rev$dirty node $("$NODE_BIN" --version) webgpu $(sed -n 's/.*"version": *"\([^"]*\)".*/\1/p' "$ROOT/node_modules/webgpu/package.json")" >"$KIT/KIT_ID"

bytes=$(du -sb "$KIT" | cut -f1)
log "built $KIT: $(cat "$KIT/KIT_ID")"
(cd "$KIT" && du -ab . | sort -k2 | sed 's/^/[gpu-kit]   /')
log "size $bytes bytes ($((bytes / 1024 / 1024)) MiB; limit 60 MiB)"
[ "$bytes" -lt "$MAX_BYTES" ] || { echo "the kit is over 60 MiB" >&2; exit 1; }
