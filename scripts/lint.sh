#!/usr/bin/env bash
# Formatting and lints: rustfmt's check and clippy with every warning an error, on every crate
# and target (tests, benchmarks and the browser side included).
set -euo pipefail
source "$(dirname "$0")/common.sh"
cd "$ROOT"
install_rust_tools
say "Formatting (cargo fmt --check)"
cargo fmt --all -- --check
say "Lints (cargo clippy -D warnings)"
cargo clippy --workspace --all-targets --locked -- -D warnings
cargo clippy -p app --lib --target wasm32-unknown-unknown --no-default-features --features hydrate --locked -- -D warnings
