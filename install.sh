#!/usr/bin/env bash
# Brings everything tslab-ml and its tests need on Debian 12: Jupyter from Debian's packages, the npm
# dependencies, the build, and the "tslab-ml" kernelspec. Idempotent; quiet when everything is there.
#   ./install.sh            project + tests
#   ./install.sh --bench    also PyTorch (Debian's python3-torch), the peer the benchmarks compare against
set -euo pipefail
cd "$(dirname "$0")"

WITH_BENCH=0
for arg in "$@"; do
  case "$arg" in
    --bench) WITH_BENCH=1 ;;
    -h | --help) sed -n '2,6p' "$0"; exit 0 ;;
    *) echo "install.sh: unknown option $arg (known: --bench)" >&2; exit 2 ;;
  esac
done

say() { printf '\033[1m[install]\033[0m %s\n' "$*"; }

# --- Debian packages ------------------------------------------------------------------------------
PACKAGES=(
  # the kernel and its conformance/notebook tests (Jupyter for /usr/bin/python3)
  jupyter-notebook jupyter-nbconvert python3-nbclient jupyter-client python3-jupyter-kernel-test
  python3-jupyter-server python3-jupyterlab-server
  # onnx.checker for the ONNX export tests
  python3-onnx
  # the browser tests (driven by playwright-core) and the example notebooks' data
  chromium dataset-fashion-mnist
)
[ "$WITH_BENCH" = 1 ] && PACKAGES+=(python3-torch)

missing=()
if command -v dpkg-query >/dev/null 2>&1; then
  for pkg in "${PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "ok installed" || missing+=("$pkg")
  done
  if [ "${#missing[@]}" -gt 0 ]; then
    SUDO=""
    [ "$(id -u)" -ne 0 ] && SUDO="sudo"
    say "installing Debian packages: ${missing[*]}"
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  fi
else
  if ! /usr/bin/env python3 -c "import jupyter_client, nbclient, jupyter_kernel_test" >/dev/null 2>&1; then
    cat >&2 <<MSG
install.sh: this is not a Debian system, install these by hand and run again:
  Jupyter for python3: jupyter_client, notebook, nbconvert, nbclient, jupyter_kernel_test, jupyter_server,
  jupyterlab_server (pip install jupyter-client notebook nbconvert nbclient jupyter_kernel_test jupyterlab-server),
  onnx (pip install onnx) for the ONNX tests.
MSG
    exit 1
  fi
fi

# --- npm dependencies (only when package-lock.json changed since the last install) ---------------
command -v node >/dev/null || { echo "install.sh: Node.js 20+ is required (https://nodejs.org)" >&2; exit 1; }
node -e 'process.exit(Number(process.versions.node.split(".")[0]) < 20 ? 1 : 0)' || { echo "install.sh: Node.js 20+ is required, found $(node -v)" >&2; exit 1; }
stamp=node_modules/.install-stamp
lock_hash=$(sha256sum package-lock.json | cut -d' ' -f1)
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$lock_hash" ]; then
  say "npm ci"
  # tfjs-node is optional and cannot download libtensorflow here; npm skips it and the wasm backend is used.
  npm ci --no-audit --no-fund --loglevel=error 2>&1 | grep -v 'Unknown project config' || true
  [ -d node_modules/tslab ] || { echo "install.sh: npm ci failed" >&2; exit 1; }
  echo "$lock_hash" >"$stamp"
fi

# --- build ------------------------------------------------------------------------------------------
if ! build_log=$(npx --no-install tsc -b tsconfig.json 2>&1); then
  echo "$build_log" | grep -v 'Unknown project config' >&2
  echo "install.sh: the TypeScript build failed" >&2
  exit 1
fi
# The kernel prelude's declarations (the package's API and tfjs's types) folded into one file: faster cells.
if ! prelude_log=$(node kernel-ext/scripts/build-prelude.mjs 2>&1); then
  echo "$prelude_log" >&2
  echo "install.sh: bundling the kernel prelude's declarations failed" >&2
  exit 1
fi

# The widget bundles (offline embed bundle, JupyterLab prebuilt extension): tsc -b does not make them.
if ! bundle_log=$(npm run --silent build:bundles --workspace=tslab-ml-widgets 2>&1); then
  echo "$bundle_log" | grep -v 'Unknown project config' >&2
  echo "install.sh: building the widget bundles failed" >&2
  exit 1
fi

# --- the JupyterLab 4 front end of `npm start` (widgets/lab-host): installed and built now, with the stamps
# start-lab checks, so the first `npm start` only starts the server ------------------------------------------
if ! lab_log=$(node widgets/lab-host/scripts/ensure-built.mjs --quiet 2>&1); then
  echo "$lab_log" | grep -v 'Unknown project config' >&2
  echo "install.sh: building the JupyterLab front end of npm start (widgets/lab-host) failed" >&2
  exit 1
fi

# --- JupyterLab extension: into Jupyter's data dir, so any JupyterLab 4 on the machine loads it ----------
data_dir=$(/usr/bin/python3 -c 'from jupyter_core.paths import jupyter_data_dir; print(jupyter_data_dir())' 2>/dev/null || echo "$HOME/.local/share/jupyter")
target="$data_dir/labextensions/tslab-ml-widgets"
if ! diff -rq widgets/labextension "$target" >/dev/null 2>&1; then
  rm -rf "$target" && mkdir -p "$(dirname "$target")" && cp -r widgets/labextension "$target"
  say "JupyterLab extension installed in $target"
fi

# --- kernelspec ---------------------------------------------------------------------------------------
spec_dir=$(/usr/bin/python3 -c 'from jupyter_client.kernelspec import KernelSpecManager as K; print(K().find_kernel_specs().get("tslab-ml", ""))' 2>/dev/null || true)
if [ -z "$spec_dir" ] || ! grep -q "$(pwd)/kernel-ext/bin/tslab-ml.js" "$spec_dir/kernel.json" 2>/dev/null; then
  node kernel-ext/bin/tslab-ml.js install --user
fi
say "ready: run 'npm test', or open notebooks/ in Jupyter with the \"TypeScript (ML)\" kernel"
