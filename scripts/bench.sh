#!/usr/bin/env bash
# The respondent benchmark (not a test): builds release binaries, then drives the
# full respondent flow over HTTP at concurrency 1, 8 and 32 on SQLite (and on PostgreSQL when its
# server answers) and prints
# submissions per second, latency percentiles, server peak memory and page weight.
#   scripts/bench.sh [--seconds N] [--concurrency 1,8,32] [--servers 2]
#   scripts/bench.sh --soak 10    (the soak run: 64 respondents at once for 10 minutes, memory
#                                  each half minute against the responses stored; fails on any error)
set -euo pipefail
source "$(dirname "$0")/common.sh"
cd "$ROOT"
install_rust_tools
install_node_tools
install_nginx
build_all release
say "Building the benchmark"
cargo build --release -p chorus-tests --bin respond-bench
# The levels run on PostgreSQL as well when its server answers (CHORUS_BENCH_POSTGRES_URL, or the
# one the test command uses), then on two app servers sharing a PostgreSQL database behind nginx.
PG_URL=${CHORUS_BENCH_POSTGRES_URL:-postgres://postgres@127.0.0.1:5432}
postgres=()
if [ "${1:-}" != "--soak" ] && pg_isready -q -d "$PG_URL/postgres" 2>/dev/null; then
  postgres=(--postgres "$PG_URL")
fi
"$CARGO_TARGET_DIR/release/respond-bench" --server "$CARGO_TARGET_DIR/release/chorus" "${postgres[@]}" "$@"
