#!/usr/bin/env bash
# Sets up what a fresh machine lacks, builds Chorus and serves it at
# http://127.0.0.1:3000 on a SQLite file in ./data. No other service is needed.
#
#   scripts/run.sh                                   build and serve
#   scripts/run.sh create-admin --email you@example.org
#                                                    build, then run any chorus command
set -euo pipefail
source "$(dirname "$0")/common.sh"
cd "$ROOT"

install_rust_tools
install_node_tools
install_model
build_all release
say "Starting Chorus"
exec "$(server_binary release)" "$@"
