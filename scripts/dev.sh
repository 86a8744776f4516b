#!/usr/bin/env bash
# One command for a fresh machine: install everything and start the portal
# (app on :3000, backend on :7007) on SQLite with the example data.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/install.sh
mkdir -p data/sqlite
exec node .yarn/releases/yarn-4.18.1.cjs start
