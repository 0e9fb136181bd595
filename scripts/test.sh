#!/usr/bin/env bash
# Sets up what a fresh machine lacks and runs every test:
#   1. unit and integration tests (cargo test), each integration test on SQLite and on PostgreSQL;
#   2. the crash test: respondents answering at once while the server is killed (SIGKILL) and
#      started again, on SQLite and on PostgreSQL: nothing confirmed lost, nothing stored twice;
#   3. the cross-server tests: two app servers on one PostgreSQL behind nginx, one person's
#      requests landing on each in turn (sessions, sign-in limits, a respondent's journey, the
#      results' counts, background work done once, theme review, downloads);
#   4. browser tests in headless Chromium against the real server: axe-core WCAG 2.2 AA,
#      keyboard focus, 320 px reflow, and journeys with JavaScript off.
# PostgreSQL is expected on 127.0.0.1:5432 (user postgres, trust auth), or at CHORUS_TEST_POSTGRES_URL.
set -euo pipefail
source "$(dirname "$0")/common.sh"
cd "$ROOT"
started=$(date +%s)

install_rust_tools
install_node_tools
install_chromium
install_python_tools
install_pdf_tools
install_model
# With the model fetched, the engine's tests check it against known sentence vectors.
[ -n "${CHORUS_MODEL_DIR:-}" ] && export CHORUS_REQUIRE_MODEL=1

install_nginx
PG_URL=${CHORUS_TEST_POSTGRES_URL:-postgres://postgres@127.0.0.1:5432}
export CHORUS_TEST_POSTGRES_URL=$PG_URL
ensure_postgres "$PG_URL"
if command -v psql >/dev/null; then
  # Databases left by earlier runs: each integration test makes its own.
  psql -q -d "$PG_URL/postgres" -At -c "select datname from pg_database where datname like 'chorus_test_%'" 2>/dev/null |
    while read -r db; do psql -q -d "$PG_URL/postgres" -c "drop database if exists $db" >/dev/null 2>&1 || true; done
fi

say "Unit and integration tests (SQLite and PostgreSQL)"
cargo test --workspace

build_all dev

say "Crash test (SIGKILL during 32 respondents at once, then a restart; SQLite and PostgreSQL)"
cargo build -p chorus-tests --bin crash-test
"$CARGO_TARGET_DIR/debug/crash-test" --server "$(server_binary dev)" --concurrency 32 --rounds 2 --seconds 2
"$CARGO_TARGET_DIR/debug/crash-test" --server "$(server_binary dev)" --database "$PG_URL" --concurrency 32 --rounds 2 --seconds 2

say "Cross-server tests (two app servers on PostgreSQL behind nginx)"
cargo build -p chorus-tests --bin cluster
"$CARGO_TARGET_DIR/debug/cluster" --server "$(server_binary dev)" --database "$PG_URL" --servers 2 --test

say "Browser tests"
work=$(mktemp -d)
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
export CHORUS_DATA_DIR=$work DATABASE_URL="sqlite://$work/chorus.db" LEPTOS_SITE_ADDR="127.0.0.1:$port"
export CHORUS_TEST_EMAIL=browser-test@example.org CHORUS_TEST_PASSWORD="browser test password $port"
bin=$(server_binary dev)
# The 500 page's test starts a second server of its own, on a database it then breaks.
export CHORUS_BIN=$bin
CHORUS_ADMIN_PASSWORD=$CHORUS_TEST_PASSWORD "$bin" create-admin --email "$CHORUS_TEST_EMAIL" --name "Browser Test"
"$bin" seed-demo --responses 300
"$bin" > "$work/server.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null || true; wait $server 2>/dev/null || true' EXIT
for _ in $(seq 1 100); do curl -fsS "http://127.0.0.1:$port/healthz" >/dev/null 2>&1 && break; sleep 0.1; done
export CHORUS_BASE_URL="http://127.0.0.1:$port"
if ! (cd tests/browser && node --test --test-concurrency=1 --test-timeout=600000 --test-reporter=spec ./*.test.mjs); then
  echo "--- server log ---"; tail -n 50 "$work/server.log"; exit 1
fi

kill -TERM $server
wait $server || { echo "the server did not shut down cleanly on SIGTERM"; exit 1; }
trap - EXIT
say "All tests passed in $(( $(date +%s) - started )) s"
