#!/usr/bin/env bash
# The crash test at full size (the test command runs it small): respondents answer at once while
# the release server is killed with SIGKILL and started again, several times, on SQLite and on
# PostgreSQL; it fails if any response a respondent saw confirmed is missing, or any is stored
# twice or half.
#   scripts/crash.sh [--concurrency 32] [--rounds 5] [--seconds 10]
set -euo pipefail
source "$(dirname "$0")/common.sh"
cd "$ROOT"
install_rust_tools
build_all release
say "Building the crash test"
cargo build --release -p chorus-tests --bin crash-test
PG_URL=${CHORUS_TEST_POSTGRES_URL:-postgres://postgres@127.0.0.1:5432}
args=(--server "$CARGO_TARGET_DIR/release/chorus" --concurrency 32 --rounds 5 --seconds 10 "$@")
"$CARGO_TARGET_DIR/release/crash-test" "${args[@]}"
"$CARGO_TARGET_DIR/release/crash-test" "${args[@]}" --database "$PG_URL"
