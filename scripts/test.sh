#!/usr/bin/env bash
# One command for a fresh machine: install everything and run every test:
# type-check, lint, formatting, all jest tests (SQLite always, PostgreSQL when
# BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING is set) and the
# browser tests (when /usr/bin/chromium exists).
set -euo pipefail
cd "$(dirname "$0")/.."

yarn() { node .yarn/releases/yarn-4.18.1.cjs "$@"; }

bash scripts/install.sh

export CI=true
# TestDatabases treats CI=true as "Docker is available"; there is none here.
export BACKSTAGE_TEST_DISABLE_DOCKER=1

if env | grep -q '^BACKSTAGE_TEST_DATABASE_POSTGRES[0-9]*_CONNECTION_STRING='; then
  echo "==> Database tests run on SQLite and PostgreSQL"
else
  echo "==> NOTE: no BACKSTAGE_TEST_DATABASE_POSTGRES<major>_CONNECTION_STRING set:"
  echo "==>       database tests run on SQLite only (.ci/run starts a PostgreSQL)"
fi

echo "==> Type-check"
yarn tsc --noEmit

echo "==> Lint"
yarn backstage-cli repo lint

echo "==> Formatting (prettier, the README and docs included)"
yarn prettier:check

echo "==> Unit, component, database and HTTP tests"
yarn backstage-cli repo test

echo "==> Packages: unused and unlisted dependencies (knip)"
yarn lint:deps

echo "==> Packages: API reports up to date"
# the reports are read from dist-types, which yarn tsc (without --noEmit) writes
yarn tsc
yarn test:api-reports

echo "==> Build: every package, the app and the backend bundle (yarn build:all)"
build_start=$SECONDS
yarn build:all
echo "==> yarn build:all took $((SECONDS - build_start)) s"

echo "==> Packages: install from tarballs into a throwaway app"
node scripts/production/tarball-install.js --skip-build

echo "==> Production: the backend bundle from its own folder, NODE_ENV=production, PostgreSQL, OIDC sign-in"
node scripts/production/smoke.js --skip-build

echo "==> Browser tests"
if [ -x /usr/bin/chromium ]; then
  node scripts/e2e.js
else
  echo "################################################################"
  echo "## SKIP: browser tests skipped, /usr/bin/chromium not found.   ##"
  echo "## Install Debian's chromium (apt-get install -y chromium).    ##"
  echo "################################################################"
  if [ "${REQUIRE_E2E:-}" = "1" ]; then
    echo "REQUIRE_E2E=1 is set: failing because the browser tests did not run" >&2
    exit 1
  fi
fi
echo "==> All tests passed"
