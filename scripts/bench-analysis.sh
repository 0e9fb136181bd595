#!/usr/bin/env bash
# The analysis benchmark (not a test): builds release binaries, loads the demo engagement with
# 100,000 made-up responses into a fresh SQLite database (then a PostgreSQL one, when its server
# answers) and times every analysis page as an
# administrator and as an analyst: first view, again, and after more responses arrive.
#   scripts/bench-analysis.sh [--responses N]
set -euo pipefail
source "$(dirname "$0")/common.sh"
cd "$ROOT"
install_rust_tools
install_node_tools
build_all release
say "Building the benchmark"
cargo build --release -p chorus-tests --bin analysis-bench
"$CARGO_TARGET_DIR/release/analysis-bench" --server "$CARGO_TARGET_DIR/release/chorus" "$@"
# The same on PostgreSQL when its server answers (CHORUS_BENCH_POSTGRES_URL, or the one the test
# command uses).
PG_URL=${CHORUS_BENCH_POSTGRES_URL:-postgres://postgres@127.0.0.1:5432}
if pg_isready -q -d "$PG_URL/postgres" 2>/dev/null; then
  echo
  "$CARGO_TARGET_DIR/release/analysis-bench" --server "$CARGO_TARGET_DIR/release/chorus" --database "$PG_URL" "$@"
fi
