#!/usr/bin/env bash
# Several app servers on one PostgreSQL behind nginx, on loopback: a fresh database on the
# machine's PostgreSQL server (started if it is not running) with the demo loaded, the servers
# (each with its own data folder, sharing the session secret) and nginx sending each request to
# the next server in turn. It prints the address and an administrator to sign in as, and serves
# until Ctrl-C, which stops everything and drops the database. `--test` walks the cross-server
# checks through it instead (the test command does this every run) and exits.
#   scripts/cluster.sh [--servers 2] [--port 8080] [--test]
set -euo pipefail
source "$(dirname "$0")/common.sh"
cd "$ROOT"
install_rust_tools
install_nginx
PG_URL=${CHORUS_TEST_POSTGRES_URL:-postgres://postgres@127.0.0.1:5432}
ensure_postgres "$PG_URL"
build_all release
say "Building the cluster"
cargo build --release -p chorus-tests --bin cluster
"$CARGO_TARGET_DIR/release/cluster" --server "$CARGO_TARGET_DIR/release/chorus" --database "$PG_URL" "$@"
