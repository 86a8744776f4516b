#!/usr/bin/env node
/*
 * Production smoke test: builds the backend bundle the way the Dockerfile
 * does, unpacks it into a folder under os.tmpdir(), installs its production
 * dependencies there (`yarn workspaces focus --all --production`) and runs it
 * from that folder with NODE_ENV=production on PostgreSQL, with the catalog
 * locations set by environment variable to a copy of the examples. Checks:
 *   - the guest provider refuses to sign anyone in;
 *   - a static external-access token (with accessRestrictions) reads coverage
 *     and the catalog, and is refused by the user-only audit trail;
 *   - the catalog is populated from the locations, the suite's kinds included;
 *   - sign-in through a real OpenID Connect provider started by the test
 *     (./oidc-provider.js): in Chromium (playwright-core, /usr/bin/chromium)
 *     the sign-in page offers the configured provider, its login and consent
 *     pages sign the user in and the portal's catalog shows; without
 *     Chromium that part is skipped with a message (REQUIRE_E2E=1 fails).
 * Prints build time, bundle size, start-up time and RSS.
 *
 * PostgreSQL: BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING or
 * OWNERSHIP_SMOKE_PG_URL (e.g. postgresql://postgres@127.0.0.1:5433); without
 * either the test is skipped with a message (REQUIRE_SMOKE=1 makes that fail).
 *
 * Usage: node scripts/production/smoke.js [--skip-build] [--keep]
 */

const { execFileSync, spawn } = require('node:child_process');
const crypto = require('node:crypto');
const fs = require('node:fs');
const net = require('node:net');
const os = require('node:os');
const path = require('node:path');

const { startOidcProvider } = require('./oidc-provider');

const root = path.resolve(__dirname, '../..');
const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const args = new Set(process.argv.slice(2));
const yarnBin = path.join(root, '.yarn/releases/yarn-4.18.1.cjs');
const figures = [];

function run(cmd, cmdArgs, options = {}) {
  return execFileSync(cmd, cmdArgs, { stdio: 'inherit', ...options });
}

function timed(name, fn) {
  const start = Date.now();
  console.log(`==> ${name}`);
  const result = fn();
  figures.push([name, `${((Date.now() - start) / 1000).toFixed(1)} s`]);
  return result;
}

function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

async function waitFor(what, fn, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  let last;
  while (Date.now() < deadline) {
    try {
      const value = await fn();
      if (value) return value;
    } catch (error) {
      last = error;
    }
    await new Promise(r => setTimeout(r, 250));
  }
  throw new Error(`timed out waiting for ${what}${last ? `: ${last}` : ''}`);
}

function check(condition, message) {
  if (!condition) throw new Error(`smoke check failed: ${message}`);
  console.log(`    ok: ${message}`);
}

function rssMb(pid) {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmRSS:\s+(\d+)/.exec(status)[1]);
  return (kb / 1024).toFixed(0);
}

async function main() {
  const pgUrl =
    process.env.OWNERSHIP_SMOKE_PG_URL ??
    process.env.BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING;
  if (!pgUrl) {
    console.log(
      '################################################################',
    );
    console.log(
      '## SKIP: production smoke test skipped: no PostgreSQL. Set     ##',
    );
    console.log(
      '## BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING or     ##',
    );
    console.log(
      '## OWNERSHIP_SMOKE_PG_URL (postgresql://user@host:port).       ##',
    );
    console.log(
      '################################################################',
    );
    if (process.env.REQUIRE_SMOKE === '1') process.exit(1);
    return;
  }

  const yarn = (cmdArgs, options) =>
    run(process.execPath, [yarnBin, ...cmdArgs], { cwd: root, ...options });
  if (!args.has('--skip-build')) {
    timed('Build: tsc, then the backend bundle with the app', () => {
      yarn(['tsc']);
      yarn(['build:all']);
    });
  }
  const bundle = path.join(root, 'packages/backend/dist/bundle.tar.gz');
  const skeleton = path.join(root, 'packages/backend/dist/skeleton.tar.gz');
  const bundleMb = (fs.statSync(bundle).size / 1024 / 1024).toFixed(1);
  figures.push(['bundle.tar.gz', `${bundleMb} MB`]);

  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ownership-smoke-'));
  const prefix = `ownership_smoke_${crypto.randomBytes(3).toString('hex')}_`;
  let backend;
  let oidc;
  try {
    timed(
      'Unpack skeleton + bundle, yarn workspaces focus --production',
      () => {
        run('tar', ['xzf', skeleton, '-C', dir]);
        for (const file of ['yarn.lock', 'package.json', '.yarnrc.yml']) {
          fs.copyFileSync(path.join(root, file), path.join(dir, file));
        }
        fs.cpSync(
          path.join(root, '.yarn/releases'),
          path.join(dir, '.yarn/releases'),
          {
            recursive: true,
          },
        );
        const nodePrefix = path.dirname(path.dirname(process.execPath));
        run(
          process.execPath,
          [yarnBin, 'workspaces', 'focus', '--all', '--production'],
          {
            cwd: dir,
            stdio: ['ignore', 'ignore', 'inherit'],
            env: {
              ...process.env,
              npm_config_nodedir: process.env.npm_config_nodedir ?? nodePrefix,
            },
          },
        );
        run('tar', ['xzf', bundle, '-C', dir]);
        for (const file of ['app-config.yaml', 'app-config.production.yaml']) {
          fs.copyFileSync(path.join(root, file), path.join(dir, file));
        }
        fs.cpSync(path.join(root, 'examples'), path.join(dir, 'examples'), {
          recursive: true,
        });
      },
    );

    const port = await freePort();
    const token = crypto.randomBytes(24).toString('base64url');
    fs.writeFileSync(
      path.join(dir, 'app-config.smoke.yaml'),
      [
        'backend:',
        '  database:',
        `    prefix: ${prefix}`,
        '  auth:',
        '    externalAccess:',
        '      - type: static',
        '        options:',
        '          token: ${SMOKE_TOKEN}',
        '          subject: smoke-test',
        '        accessRestrictions:',
        '          - plugin: ownership',
        '          - plugin: catalog',
        '',
      ].join('\n'),
    );
    const baseUrl = `http://localhost:${port}`;
    oidc = await startOidcProvider({
      port: await freePort(),
      redirectUri: `${baseUrl}/api/auth/oidc/handler/frame`,
    });
    const started = Date.now();
    const log = fs.openSync(path.join(dir, 'backend.log'), 'w');
    backend = spawn(
      process.execPath,
      [
        'packages/backend',
        '--config',
        'app-config.yaml',
        '--config',
        'app-config.production.yaml',
        '--config',
        'app-config.smoke.yaml',
      ],
      {
        cwd: dir,
        stdio: ['ignore', log, log],
        env: {
          ...process.env,
          NODE_ENV: 'production',
          PORT: String(port),
          BACKEND_LISTEN_HOST: '127.0.0.1',
          APP_BASE_URL: baseUrl,
          BACKEND_BASE_URL: baseUrl,
          POSTGRES_CONNECTION_STRING: pgUrl,
          CATALOG_LOCATIONS_DIR: path.join(dir, 'examples'),
          SMOKE_TOKEN: token,
          AUTH_SESSION_SECRET: crypto.randomBytes(24).toString('hex'),
          OIDC_METADATA_URL: oidc.metadataUrl,
          OIDC_CLIENT_ID: oidc.clientId,
          OIDC_CLIENT_SECRET: oidc.clientSecret,
        },
      },
    );
    let exited;
    backend.on('exit', code => {
      exited = code;
    });
    await waitFor(
      'the backend to be ready',
      async () => {
        if (exited !== undefined) {
          throw new Error(
            `backend exited with ${exited}:\n${fs
              .readFileSync(path.join(dir, 'backend.log'), 'utf8')
              .slice(-3000)}`,
          );
        }
        const res = await fetch(`${baseUrl}/.backstage/health/v1/readiness`);
        return res.ok;
      },
      90_000,
    ).catch(error => {
      if (exited !== undefined) throw error;
      throw new Error(
        `${error.message}\n${fs
          .readFileSync(path.join(dir, 'backend.log'), 'utf8')
          .slice(-3000)}`,
      );
    });
    figures.push([
      'start-up to ready',
      `${((Date.now() - started) / 1000).toFixed(1)} s`,
    ]);
    figures.push(['RSS at ready', `${rssMb(backend.pid)} MB`]);

    console.log('==> Checks');
    const auth = { authorization: `Bearer ${token}` };
    const guest = await fetch(`${baseUrl}/api/auth/guest/refresh`, {
      headers: { 'x-requested-with': 'XMLHttpRequest' },
    });
    check(guest.status >= 400, `guest sign-in refused (HTTP ${guest.status})`);
    const guestProduction = await fetch(
      `${baseUrl}/api/auth/guest/refresh?env=production`,
      { headers: { 'x-requested-with': 'XMLHttpRequest' } },
    );
    check(
      guestProduction.status >= 400,
      `guest sign-in refused for env=production (HTTP ${guestProduction.status})`,
    );

    const index = await fetch(`${baseUrl}/`);
    const html = await index.text();
    check(
      index.ok && html.includes('<div id="root">'),
      'the built app is served',
    );

    const total = await waitFor(
      'the catalog to be populated',
      async () => {
        const res = await fetch(
          `${baseUrl}/api/catalog/entities/by-query?limit=1&filter=kind=escalationpolicy`,
          { headers: auth },
        );
        if (!res.ok) throw new Error(`catalog HTTP ${res.status}`);
        const body = await res.json();
        return body.totalItems > 0 ? body.totalItems : undefined;
      },
      60_000,
    );
    const all = await (
      await fetch(`${baseUrl}/api/catalog/entities/by-query?limit=1`, {
        headers: auth,
      })
    ).json();
    check(
      all.totalItems > 10,
      `catalog populated from the env-set locations (${all.totalItems} entities, ${total} escalation policies)`,
    );

    // 503 until the ownership index has been built the first time
    const coverage = await waitFor(
      'coverage (the ownership index)',
      async () => {
        const res = await fetch(`${baseUrl}/api/ownership/coverage`, {
          headers: auth,
        });
        return res.status === 503 ? undefined : res;
      },
      90_000,
    );
    check(
      coverage.ok,
      `coverage answers the service token (HTTP ${coverage.status})`,
    );
    const anonymous = await fetch(`${baseUrl}/api/ownership/coverage`);
    check(
      anonymous.status === 401,
      `coverage refuses no token (HTTP ${anonymous.status})`,
    );
    const audit = await fetch(`${baseUrl}/api/ownership/audit`, {
      headers: auth,
    });
    check(
      audit.status === 401 || audit.status === 403,
      `the user-only audit trail refuses the service token (HTTP ${audit.status})`,
    );

    await signInThroughOidc(baseUrl);

    await new Promise(r => setTimeout(r, 5000));
    figures.push([
      'RSS settled (5 s after checks)',
      `${rssMb(backend.pid)} MB`,
    ]);
    console.log('==> Production smoke test passed');
  } finally {
    if (backend && backend.exitCode === null) {
      backend.kill('SIGTERM');
      await new Promise(r => backend.once('exit', r));
    }
    if (oidc) await oidc.close();
    dropDatabases(pgUrl, prefix);
    if (args.has('--keep')) console.log(`kept ${dir}`);
    else fs.rmSync(dir, { recursive: true, force: true });
    for (const [name, value] of figures) {
      console.log(`    ${value.padStart(9)}  ${name}`);
    }
  }
}

// The production sign-in page, the OIDC provider's login and consent pages
// in the popup the page opens, then the portal's catalog as that user.
async function signInThroughOidc(baseUrl) {
  if (!fs.existsSync(CHROMIUM)) {
    console.log(`## SKIP: OIDC sign-in in the browser: ${CHROMIUM} not found`);
    if (process.env.REQUIRE_E2E === '1') {
      throw new Error('REQUIRE_E2E=1: the OIDC browser sign-in did not run');
    }
    return;
  }
  const { chromium } = require('playwright-core');
  const started = Date.now();
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  try {
    const context = await browser.newContext();
    context.setDefaultTimeout(30_000);
    const page = await context.newPage();
    await page.goto(`${baseUrl}/catalog`);
    await page.getByText('Single sign-on').waitFor();
    check(
      !(await page.getByRole('button', { name: /enter/i }).isVisible()),
      'the production sign-in page offers the configured provider, not guest',
    );
    const [popup] = await Promise.all([
      context.waitForEvent('page'),
      page.getByRole('button', { name: /sign in/i }).click(),
    ]);
    await popup.locator('input[name=login]').fill('guest');
    await popup.locator('input[name=password]').fill('any password');
    await popup.getByRole('button', { name: 'Sign-in' }).click();
    await popup.getByRole('button', { name: 'Continue' }).click();
    await page.getByText('Payments API').first().waitFor();
    check(true, 'signed in through the OIDC provider: the catalog shows');
    const identity = await page.evaluate(async url => {
      const res = await fetch(`${url}/api/auth/oidc/refresh?env=production`, {
        headers: { 'x-requested-with': 'XMLHttpRequest' },
        credentials: 'include',
      });
      return res.ok
        ? (await res.json()).backstageIdentity?.identity
        : res.status;
    }, baseUrl);
    check(
      identity?.userEntityRef === 'user:default/guest',
      `the OIDC session is user:default/guest (${JSON.stringify(identity)})`,
    );
    figures.push([
      'OIDC sign-in in the browser',
      `${((Date.now() - started) / 1000).toFixed(1)} s`,
    ]);
  } finally {
    await browser.close();
  }
}

// the plugins' databases (one per plugin, named <prefix><pluginId>)
function dropDatabases(pgUrl, prefix) {
  const psql = (sql, db = 'postgres') =>
    execFileSync(
      'psql',
      [`${pgUrl.replace(/\/[^/@]*$/, '')}/${db}`, '-Atc', sql],
      {
        encoding: 'utf8',
      },
    );
  try {
    const names = psql(
      `select datname from pg_database where datname like '${prefix}%'`,
    )
      .split('\n')
      .filter(Boolean);
    for (const name of names) psql(`drop database if exists "${name}"`);
  } catch (error) {
    console.error(
      `could not drop the smoke databases ${prefix}*: ${error.message}`,
    );
  }
}

main().catch(error => {
  console.error(error.stack ?? error);
  process.exitCode = 1;
});
