# Shared helpers for scripts/test.sh and scripts/start.sh (sourced, not executed).

# Install npm dependencies when node_modules is missing or older than package-lock.json. npm rewrites
# node_modules/.package-lock.json on every install, so its mtime is the time of the last install.
ensure_node_modules() {
  if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
    echo "==> npm ci (node_modules missing or older than package-lock.json)"
    # No browser download: the e2e tests use the system Chromium.
    if ! PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund; then
      # npm ci refuses a lockfile that lacks optional platform packages the registry does not serve (here:
      # @biomejs/cli-{darwin,win32,android,...}). npm install still installs exactly the locked versions;
      # --no-save keeps package.json and package-lock.json untouched.
      echo "==> npm ci failed; retrying with npm install --no-save (same locked versions)" >&2
      PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm install --no-save --no-audit --no-fund || return 1
    fi
  fi
}

# (Each step ends in `|| return 1`: these run under `if`, where `set -e` does not apply.)

# Run a command as root: directly when we are root, through sudo otherwise.
as_root() {
  if [ "$(id -u)" -eq 0 ]; then
    "$@"
  elif command -v sudo >/dev/null 2>&1; then
    sudo "$@"
  else
    echo "error: need root (or sudo) to run: $*" >&2
    return 1
  fi
}

has_libvulkan() {
  PATH="$PATH:/sbin:/usr/sbin" ldconfig -p 2>/dev/null | grep -q 'libvulkan\.so\.1'
}

# Debian's PyTorch, where apt puts it (a pyenv or venv python3 first on the PATH does not see it).
has_torch() {
  /usr/bin/python3 -c 'import torch' >/dev/null 2>&1
}

# Debian's Fashion-MNIST (the test that the committed image sets are reproduced from it by the prepare script).
has_fashion_mnist() {
  [ -f /usr/share/datasets/fashion-mnist/train-images-idx3-ubyte.gz ]
}

# Chromium (WebGPU in the e2e tests, and its SwiftShader Vulkan driver for Node/Dawn), the Vulkan loader,
# python3-torch (the PyTorch export's tests run the exported program, alone and under torchrun) and
# dataset-fashion-mnist (scripts/prepare-fashion-mnist.mjs).
ensure_system_packages() {
  local missing=()
  command -v chromium >/dev/null 2>&1 || missing+=(chromium)
  has_libvulkan || missing+=(libvulkan1)
  has_torch || missing+=(python3-torch)
  has_fashion_mnist || missing+=(dataset-fashion-mnist)
  if [ "${#missing[@]}" -gt 0 ]; then
    echo "==> apt-get install ${missing[*]}"
    as_root env DEBIAN_FRONTEND=noninteractive apt-get update || return 1
    if ! command -v chromium >/dev/null 2>&1 || ! has_libvulkan; then
      as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y chromium libvulkan1 || return 1
    fi
    # without recommends: its hard dependencies are already ~170 packages
    if ! has_torch; then
      as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends python3-torch ||
        return 1
    fi
    if ! has_fashion_mnist; then
      as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends dataset-fashion-mnist ||
        return 1
    fi
  fi
}
