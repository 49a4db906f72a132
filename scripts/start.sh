#!/usr/bin/env bash
# Install dependencies if needed, then start the Vite dev server on http://127.0.0.1:5173/ (the next free port
# if that one is taken). WebGPU needs Chrome/Edge, or Chromium started with --enable-unsafe-webgpu.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
# shellcheck source=scripts/lib.sh
source scripts/lib.sh

ensure_node_modules
echo "==> Open the URL below in a WebGPU browser (recent Chrome/Edge; Chromium: --enable-unsafe-webgpu)."
exec node_modules/.bin/vite --host 127.0.0.1 --port 5173 "$@"
