#!/usr/bin/env bash
# run.sh of the GPU kit (built by scripts/gpu-kit.sh from this file): runs the Node + Dawn bench on a machine with
# no Node and no npm. x86-64 Linux, glibc ≥ 2.34; the NVIDIA Vulkan ICD is used when found.
#
#   bash gpu-kit/run.sh                  GPU grid + full grid, roofline 1024³ and 2048³, 16 GiB engine budget,
#                                        TF.js and jax-js (webgpu) baselines; stops starting cases after 450 s
#   bash gpu-kit/run.sh --quick          any bench options instead (see: run.sh --help)
#
# Steps: un-xz node and dawn.node into $KIT_WORK (default /tmp/ode-lens-kit); the Vulkan loader: the system's if
# ldconfig knows libvulkan.so.1 (KIT_VULKAN=kit: always the kit's), else Debian's libvulkan1 .deb unpacked with
# dpkg -x (or Python) into $KIT_WORK/vulkan + LD_LIBRARY_PATH; VK_DRIVER_FILES and VK_ICD_FILENAMES set to the
# NVIDIA ICD when present (KIT_ICD=path overrides; none found: what is set stays); then the bench, writing
# node-<timestamp>.{json,md} and run.log to $OUT (or gpu-kit/results). Stops starting new cases after
# --deadline (default 450 s) and is sent SIGTERM (partial results are written) after KIT_TIMEOUT (540 s).
set -uo pipefail
KIT=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
WORK=${KIT_WORK:-/tmp/ode-lens-kit}
OUTDIR=${OUT:-$KIT/results}
log() { echo "[kit] $*"; }
die() {
  echo "[kit] ERROR: $*" >&2
  exit 1
}

unxz_to() { # unxz_to SRC.xz DEST
  if command -v xz >/dev/null 2>&1; then
    xz -dc "$1" >"$2.tmp" || die "xz -d $1 failed"
  elif command -v python3 >/dev/null 2>&1; then
    python3 -c 'import lzma, shutil, sys; shutil.copyfileobj(lzma.open(sys.argv[1]), open(sys.argv[2], "wb"))' \
      "$1" "$2.tmp" || die "python3 lzma $1 failed"
  else
    die "need xz or python3 to unpack $1"
  fi
  mv "$2.tmp" "$2"
}

deb_extract() { # deb_extract PKG.deb DESTDIR
  if command -v dpkg >/dev/null 2>&1; then
    dpkg -x "$1" "$2" && return 0
  fi
  command -v python3 >/dev/null 2>&1 || die "need dpkg or python3 to unpack $1"
  python3 - "$1" "$2" <<'PY'
import io, sys, tarfile
deb, dest = sys.argv[1], sys.argv[2]
d = open(deb, 'rb').read()
assert d[:8] == b'!<arch>\n', 'not a .deb'
p = 8
while p < len(d):
    name = d[p:p + 16].decode().strip().rstrip('/')
    size = int(d[p + 48:p + 58])
    data = d[p + 60:p + 60 + size]
    p += 60 + size + (size & 1)
    if name.startswith('data.tar'):
        tarfile.open(fileobj=io.BytesIO(data)).extractall(dest)
PY
}

[ "$(uname -m)" = x86_64 ] || die "the kit is for x86-64 Linux (this is $(uname -m))"
mkdir -p "$WORK/node_modules/webgpu/dist/linux-x64" "$OUTDIR" || die "cannot create $WORK or $OUTDIR"
exec > >(tee -a "$OUTDIR/run.log") 2>&1
log "kit $(cat "$KIT/KIT_ID" 2>/dev/null) at $KIT; work dir $WORK; results to $OUTDIR"

# 1. node, dawn.node and the bench into $WORK (again only when the kit changed)
if [ "$(cat "$WORK/.kit-id" 2>/dev/null)" != "$(cat "$KIT/KIT_ID")" ] || [ ! -x "$WORK/node" ]; then
  log "unpacking node and dawn.node"
  unxz_to "$KIT/node.xz" "$WORK/node"
  chmod +x "$WORK/node"
  unxz_to "$KIT/webgpu/dawn.node.xz" "$WORK/node_modules/webgpu/dist/linux-x64/dawn.node"
  cp "$KIT/webgpu/package.json" "$KIT/webgpu/index.js" "$WORK/node_modules/webgpu/"
  cp "$KIT/bench.mjs" "$WORK/bench.mjs"
  cp "$KIT/KIT_ID" "$WORK/.kit-id"
fi
"$WORK/node" --version >/dev/null || die "the kit's node does not start here (glibc ≥ 2.28 needed: $(ldd --version 2>&1 | head -1))"

# dawn.node needs glibc ≥ 2.34 and a libstdc++ with GLIBCXX_3.4.30 (GCC 12): say so up front if missing
stdcxx=$(ldconfig -p 2>/dev/null | awk '/libstdc\+\+\.so\.6 .*x86-64/ { print $NF; exit }')
log "glibc $(ldd --version 2>/dev/null | head -1 | grep -oE '[0-9]+\.[0-9]+$'); libstdc++ ${stdcxx:-not in ldconfig}"
if [ -n "$stdcxx" ] && ! grep -a GLIBCXX_3.4.30 "$stdcxx" >/dev/null; then
  log "warning: $stdcxx lacks GLIBCXX_3.4.30: dawn.node will not load (needs GCC 12's libstdc++)"
fi

# 2. the Vulkan loader
# (grep without -q: with pipefail, grep -q ending early would fail the pipeline through ldconfig's SIGPIPE)
if [ "${KIT_VULKAN:-}" != kit ] && ldconfig -p 2>/dev/null | grep 'libvulkan\.so\.1 ' >/dev/null; then
  log "Vulkan loader: the system's ($(ldconfig -p | grep 'libvulkan\.so\.1 ' | head -1 | sed 's/.*=> //'))"
else
  VK="$WORK/vulkan"
  if [ ! -e "$VK/usr/lib/x86_64-linux-gnu/libvulkan.so.1" ]; then
    deb=$(ls "$KIT"/libvulkan1_*.deb 2>/dev/null | head -1)
    [ -n "$deb" ] || die "no libvulkan1 .deb in the kit"
    deb_extract "$deb" "$VK" || die "could not unpack $deb"
  fi
  export LD_LIBRARY_PATH="$VK/usr/lib/x86_64-linux-gnu${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
  log "Vulkan loader: the kit's $(basename "$(ls "$KIT"/libvulkan1_*.deb)") in $VK"
fi

# 3. the NVIDIA driver's ICD (else keep VK_ICD_FILENAMES / VK_DRIVER_FILES as set)
ICD=${KIT_ICD:-}
if [ -z "$ICD" ]; then
  for f in /usr/local/nvidia/share/vulkan/icd.d/nvidia_icd.json /etc/vulkan/icd.d/nvidia_icd.json \
    /usr/share/vulkan/icd.d/nvidia_icd.json /usr/share/vulkan/icd.d/nvidia_icd.x86_64.json; do
    if [ -f "$f" ]; then
      ICD=$f
      break
    fi
  done
fi
for d in /usr/local/nvidia/lib64 /usr/local/nvidia/lib; do
  [ -d "$d" ] && export LD_LIBRARY_PATH="${LD_LIBRARY_PATH:+$LD_LIBRARY_PATH:}$d"
done
[ "$(id -u)" = 0 ] && ldconfig 2>/dev/null
if [ -n "$ICD" ]; then
  export VK_DRIVER_FILES="$ICD" VK_ICD_FILENAMES="$ICD"
  log "Vulkan ICD: $ICD: $(tr -d '\n ' <"$ICD" | head -c 300)"
  lib=$(sed -n 's/.*"library_path"[^"]*"\([^"]*\)".*/\1/p' "$ICD" | head -1)
  if [ -n "$lib" ] && [ "${lib#*/}" = "$lib" ] && ! ldconfig -p 2>/dev/null | grep -F "$lib" >/dev/null; then
    found=$(IFS=:; for d in ${LD_LIBRARY_PATH:-}; do [ -e "$d/$lib" ] && echo "$d/$lib"; done | head -1)
    log "note: ldconfig does not list $lib (the ICD's driver)${found:+; found $found}"
  fi
else
  log "no NVIDIA Vulkan ICD found; VK_DRIVER_FILES=${VK_DRIVER_FILES:-} VK_ICD_FILENAMES=${VK_ICD_FILENAMES:-}"
fi
command -v nvidia-smi >/dev/null 2>&1 && nvidia-smi -L 2>&1 | head -4 | sed 's/^/[kit] /'
log "LD_LIBRARY_PATH=${LD_LIBRARY_PATH:-}"

# 4. the bench
if [ $# -eq 0 ]; then
  # GPU grid first, then the browser bench's grid; 100 ms blocks (a GPU times steadily); jax-js on webgpu only
  # (its wasm device is a CPU baseline); TF.js/jax-js skipped where a step takes > 1 s, the float64 CPU > 0.2 s
  set -- --gpu-grid --full-grid --matmul-n 1024,2048 --memory-gib 16 --min-time 100 --jax-devices webgpu \
    --tfjs-max 1000 --cpu-max 200 --deadline 450
fi
log "node bench.mjs --out $OUTDIR $*"
cd "$WORK" || die "cd $WORK"
timeout --signal=TERM --kill-after=20 "${KIT_TIMEOUT:-540}" "$WORK/node" "$WORK/bench.mjs" --out "$OUTDIR" "$@"
rc=$?
newest=$(ls -t "$OUTDIR"/node-*.json 2>/dev/null | head -1)
if [ $rc -ne 0 ] && [ -z "${KIT_NO_DIAG:-}" ] && { [ -z "$newest" ] || grep '"adapter": null' "$newest" >/dev/null; }; then
  log "the bench exited with $rc and no adapter: a tiny run with the Vulkan loader's messages follows"
  VK_LOADER_DEBUG=error,warn,driver timeout 90 "$WORK/node" "$WORK/bench.mjs" --out "$WORK/diag" \
    --N 16 --B 32 --d 2 --M 16 --schemes euler --matmul-n 0 --no-cpu 2>&1 | tail -60
fi
log "exit $rc; results in $OUTDIR"
exit $rc
