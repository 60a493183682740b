#!/usr/bin/env bash
# Installs what the build (`build`) or the tests (`test`) need, skipping whatever is already
# installed at the right version, so a second run costs a few seconds. Nothing here downloads
# a binary from outside the package registries: Trunk and wasm-pack find every tool they need
# already installed and never fetch their own.
set -euo pipefail
cd "$(dirname "$0")/.."

TRUNK_VERSION=0.21.14     # the last Trunk that builds with rustc 1.95
WASM_PACK_VERSION=0.15.1
# wasm-bindgen-cli must be exactly the wasm-bindgen of Cargo.lock.
WASM_BINDGEN_VERSION=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock)

export PATH="$HOME/.cargo/bin:$PATH"
say() { printf '\033[1m[tools]\033[0m %s\n' "$*"; }
has_version() { command -v "$1" >/dev/null 2>&1 && "$1" --version 2>/dev/null | grep -q " $2\$"; }
as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

install_wasm_target() {
  if rustup target list --installed | grep -qx wasm32-unknown-unknown; then return; fi
  say "adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
}

install_trunk() {
  if has_version trunk "$TRUNK_VERSION"; then return; fi
  say "installing trunk $TRUNK_VERSION (a few minutes)"
  cargo install trunk --version "$TRUNK_VERSION" --locked
}

install_wasm_bindgen() {
  if has_version wasm-bindgen "$WASM_BINDGEN_VERSION"; then return; fi
  say "installing wasm-bindgen-cli $WASM_BINDGEN_VERSION (a few minutes)"
  # Not --locked: the registry lacks one of its locked dependencies.
  cargo install wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION"
}

install_wasm_pack() {
  if has_version wasm-pack "$WASM_PACK_VERSION"; then return; fi
  say "installing wasm-pack $WASM_PACK_VERSION (a few minutes)"
  cargo install wasm-pack --version "$WASM_PACK_VERSION" --locked
}

install_node_tools() {
  # playwright-core for the page tests and binaryen's wasm-opt for release builds.
  local dir=tests/e2e
  if [ -x "$dir/node_modules/.bin/wasm-opt" ] && [ -d "$dir/node_modules/playwright-core" ] &&
     [ "$dir/node_modules/.package-lock.json" -nt "$dir/package-lock.json" ]; then return; fi
  say "installing node tools (npm ci in $dir)"
  (cd "$dir" && npm ci --no-audit --no-fund)
}

install_chromium() {
  if command -v chromium >/dev/null && command -v chromedriver >/dev/null; then return; fi
  say "installing Debian's chromium and chromium-driver"
  as_root apt-get update -q
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -q chromium chromium-driver
}

case "${1:-build}" in
  build) install_wasm_target; install_trunk; install_wasm_bindgen; install_node_tools ;;
  test) install_wasm_target; install_trunk; install_wasm_bindgen; install_node_tools; install_chromium; install_wasm_pack ;;
  *) echo "usage: $0 build|test" >&2; exit 2 ;;
esac
