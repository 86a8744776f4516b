#!/usr/bin/env bash
# Installs every workspace with the Yarn release checked in under .yarn/releases,
# so a fresh machine needs nothing but Node and npm.
set -euo pipefail
cd "$(dirname "$0")/.."

# better-sqlite3 is compiled by node-gyp; point it at the headers that ship with
# Node instead of letting it download them (no network access to nodejs.org here).
if [ -z "${npm_config_nodedir:-}" ]; then
  node_prefix="$(dirname "$(dirname "$(command -v node)")")"
  if [ -f "$node_prefix/include/node/node.h" ]; then
    export npm_config_nodedir="$node_prefix"
  fi
fi

node .yarn/releases/yarn-4.18.1.cjs install --immutable
