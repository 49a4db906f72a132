#!/usr/bin/env bash
# Every check, in order, failing fast: typecheck, lint, unit tests, GPU tests (Node/Dawn on SwiftShader),
# production build, end-to-end tests in headless Chromium. Installs what is missing on a fresh Debian + Node 20.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
# shellcheck source=scripts/lib.sh
source scripts/lib.sh

now_ms() { date +%s%3N; }
fmt_ms() { printf '%d.%01ds' "$(($1 / 1000))" "$((($1 % 1000) / 100))"; }

START_ALL=$(now_ms)
TIMINGS=()

stage() {
  local name=$1
  shift
  printf '\n\033[1m━━ %s\033[0m  (%s)\n' "$name" "$*"
  local t0
  t0=$(now_ms)
  if ! "$@"; then
    local dt=$(($(now_ms) - t0))
    printf '\n\033[31m✗ %s failed after %s\033[0m\n' "$name" "$(fmt_ms "$dt")" >&2
    TIMINGS+=("$(printf '%-10s %8s  FAILED' "$name" "$(fmt_ms "$dt")")")
    printf '%s\n' "${TIMINGS[@]}" >&2
    printf 'total %s\n' "$(fmt_ms $(($(now_ms) - START_ALL)))" >&2
    exit 1
  fi
  local dt=$(($(now_ms) - t0))
  TIMINGS+=("$(printf '%-10s %8s' "$name" "$(fmt_ms "$dt")")")
  printf '\033[32m✓ %s (%s)\033[0m\n' "$name" "$(fmt_ms "$dt")"
}

stage setup ensure_system_packages
stage install ensure_node_modules

export PATH="$PWD/node_modules/.bin:$PATH"
# Node/Dawn finds SwiftShader through this Vulkan ICD (src/engine/node-device.ts sets it too if unset).
if [ -z "${VK_ICD_FILENAMES:-}" ] && [ -f /usr/lib/chromium/vk_swiftshader_icd.json ]; then
  export VK_ICD_FILENAMES=/usr/lib/chromium/vk_swiftshader_icd.json
fi

stage typecheck tsc --noEmit -p tsconfig.json
stage lint biome check .
stage unit vitest run --project unit
stage gpu vitest run --project gpu
stage build vite build
stage e2e playwright test

printf '\n\033[1mTimings\033[0m\n'
printf '%s\n' "${TIMINGS[@]}"
printf '\033[1mtotal      %8s\033[0m  all checks passed\n' "$(fmt_ms $(($(now_ms) - START_ALL)))"
