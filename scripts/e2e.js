#!/usr/bin/env node
/* eslint-disable no-console */
// Browser tests: start the portal on a throwaway SQLite folder and a copy of
// the examples, drive Debian's Chromium with playwright-core through the main
// ownership journeys and stop the portal by its PID. Screenshots go to the
// throwaway folder; `node scripts/e2e.js --update-screenshots` writes them to
// docs/screenshots instead. A passing run removes the throwaway folder, so
// the checkout and the machine stay clean.
// `--only <regex>` runs the journeys whose name matches (plus the sign-in
// journey the others need), to iterate on a few.
// The backend runs without the CLI's file watcher: an edit in the checkout
// while the journeys run must not restart it under them.
// Named so that jest's test pattern never picks it up.

const { spawn } = require('node:child_process');
const fs = require('node:fs');
const net = require('node:net');
const os = require('node:os');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const APP = 'http://localhost:3000';
const BACKEND = 'http://localhost:7007';
const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const updateScreenshots = process.argv.includes('--update-screenshots');
const onlyIndex = process.argv.indexOf('--only');
const only =
  onlyIndex >= 0 ? new RegExp(process.argv[onlyIndex + 1] ?? '', 'i') : null;
const { scenarios } = require('./e2e/scenarios');

// axe-core's WCAG checks run once per page or state a journey reaches. A
// node belongs to the suite when it sits inside an element the suite marks
// with this class (the roots of its cards, pages, catalog column and
// picker); everything else is Backstage's or MUI's own markup.
const SUITE_MARKER = '.ownership-plugin';
const FAILING_IMPACTS = ['serious', 'critical'];
const AXE_SOURCE = fs.readFileSync(
  require.resolve('axe-core/axe.min.js'),
  'utf8',
);

/** Runs axe-core on the page and sorts each violation's nodes into ours and theirs. */
async function runAxe(page) {
  if (!(await page.evaluate(() => typeof window.axe !== 'undefined'))) {
    await page.addScriptTag({ content: AXE_SOURCE });
  }
  return page.evaluate(async marker => {
    const result = await window.axe.run(document, {
      resultTypes: ['violations'],
      elementRef: true,
    });
    return result.violations.map(v => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.map(n => ({
        target: n.target.map(t => (Array.isArray(t) ? t.join(' >> ') : t)),
        impact: n.impact || v.impact,
        ours: Boolean(n.element && n.element.closest(marker)),
        html: n.html.slice(0, 240),
        summary: (n.failureSummary || '').split('\n').slice(0, 3).join(' '),
      })),
    }));
  }, SUITE_MARKER);
}

/**
 * A checker that runs axe once per key (by default the page's path) and
 * keeps what it found for the summary at the end.
 */
function createA11yChecker(page) {
  const pages = [];
  const seen = new Set();
  async function check(key) {
    const path = new URL(page.url()).pathname;
    const name = key || path;
    if (seen.has(name)) return;
    seen.add(name);
    // a named state also stands for its page in the end-of-journey check
    seen.add(path);
    const started = Date.now();
    const violations = await runAxe(page);
    pages.push({ name, violations, ms: Date.now() - started });
  }
  return { check, pages };
}

/** Prints the axe summary; returns the serious or critical nodes that are ours. */
function reportA11y(pages) {
  const counts = new Map();
  const failing = [];
  const moderate = [];
  for (const { name, violations } of pages) {
    for (const v of violations) {
      for (const n of v.nodes) {
        const key = `${v.id} (${n.impact})`;
        const entry = counts.get(key) ?? { ours: 0, theirs: 0 };
        entry[n.ours ? 'ours' : 'theirs']++;
        counts.set(key, entry);
        if (!n.ours) continue;
        const line = `${name}: ${v.id} (${n.impact}) ${n.target.join(
          ' ',
        )}\n        ${n.html}\n        ${n.summary}`;
        (FAILING_IMPACTS.includes(n.impact) ? failing : moderate).push(line);
      }
    }
  }
  const total = pages.reduce((sum, p) => sum + p.ms, 0);
  console.log(
    `==> Accessibility (axe-core ${
      require('axe-core/package.json').version
    }): ${pages.length} pages/states checked in ${(total / 1000).toFixed(
      1,
    )} s; violation nodes by rule (ours = inside ${SUITE_MARKER}):`,
  );
  const rows = [...counts.entries()].sort((a, b) => a[0].localeCompare(b[0]));
  if (!rows.length) console.log('    none');
  for (const [rule, { ours, theirs }] of rows) {
    console.log(
      `    ${rule.padEnd(42)} ours ${String(ours).padStart(
        3,
      )}   Backstage/MUI ${String(theirs).padStart(3)}`,
    );
  }
  if (moderate.length) {
    console.log('    ours, moderate or minor (reported, not failing):');
    moderate.slice(0, 20).forEach(l => console.log(`      ${l}`));
  }
  if (failing.length) {
    console.log('    ours, serious or critical:');
    failing.slice(0, 40).forEach(l => console.log(`      ${l}`));
  }
  if (process.env.AXE_REPORT) {
    fs.writeFileSync(process.env.AXE_REPORT, JSON.stringify(pages, null, 2));
  }
  return failing;
}

function portInUse(port) {
  return new Promise(resolve => {
    const socket = net.connect({ port, host: '127.0.0.1' });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

async function waitFor(what, fn, timeoutMs) {
  const start = Date.now();
  let lastError;
  while (Date.now() - start < timeoutMs) {
    try {
      const result = await fn();
      if (result) return result;
    } catch (e) {
      lastError = e;
    }
    await new Promise(r => setTimeout(r, 1000));
  }
  throw new Error(
    `Timed out after ${timeoutMs / 1000}s waiting for ${what}${
      lastError ? `: ${lastError.message}` : ''
    }`,
  );
}

async function guestToken() {
  const res = await fetch(`${BACKEND}/api/auth/guest/refresh?env=development`, {
    headers: { 'x-requested-with': 'XMLHttpRequest' },
  });
  if (!res.ok) throw new Error(`guest refresh ${res.status}`);
  const body = await res.json();
  return body.backstageIdentity.token;
}

async function api(pathname, token) {
  const res = await fetch(`${BACKEND}${pathname}`, {
    headers: { authorization: `Bearer ${token}` },
  });
  if (!res.ok) throw new Error(`${pathname} answered ${res.status}`);
  return res.json();
}

/**
 * One browser test run at a time on a machine: the portal's ports are fixed
 * (3000, 7007), and two runs checking them at the same moment would both
 * find them free, then drive one portal with two browsers. The lock is a
 * directory (created atomically) holding the owner's pid; a lock whose
 * owner is gone is taken over.
 */
async function lockPortalPorts() {
  const lockDir = path.join(os.tmpdir(), 'ownership-e2e.lock');
  const pidFile = path.join(lockDir, 'pid');
  const alive = pid => {
    try {
      process.kill(pid, 0);
      return true;
    } catch (e) {
      return e.code === 'EPERM';
    }
  };
  let announced = false;
  await waitFor(
    'another browser test run to finish (its pid is in ' + pidFile + ')',
    async () => {
      try {
        fs.mkdirSync(lockDir);
        fs.writeFileSync(pidFile, String(process.pid));
        return true;
      } catch (e) {
        if (e.code !== 'EEXIST') throw e;
      }
      const owner = Number(
        fs.readFileSync(pidFile, { encoding: 'utf8', flag: 'a+' }),
      );
      if (owner && alive(owner)) {
        if (!announced) {
          announced = true;
          console.log(
            `==> Waiting for another browser test run (pid ${owner})`,
          );
        }
        return false;
      }
      // its owner is gone (or had not written its pid yet: retried below)
      if (!owner) {
        await new Promise(r => setTimeout(r, 2000));
        const again = Number(
          fs.readFileSync(pidFile, { encoding: 'utf8', flag: 'a+' }),
        );
        if (again && alive(again)) return false;
      }
      fs.rmSync(lockDir, { recursive: true, force: true });
      return false;
    },
    45 * 60_000,
  );
  process.on('exit', () => {
    try {
      if (fs.readFileSync(pidFile, 'utf8') === String(process.pid)) {
        fs.rmSync(lockDir, { recursive: true, force: true });
      }
    } catch {
      // already gone
    }
  });
}

async function main() {
  const suiteStarted = Date.now();
  await lockPortalPorts();
  for (const port of [3000, 7007]) {
    if (await portInUse(port)) {
      throw new Error(
        `Port ${port} is in use: stop whatever runs there (a portal started with npm run dev?) before running the browser tests`,
      );
    }
  }
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ownership-e2e-'));
  const examplesDir = path.join(dataDir, 'examples');
  fs.cpSync(path.join(root, 'examples'), examplesDir, { recursive: true });
  const screenshotDir = updateScreenshots
    ? path.join(root, 'docs', 'screenshots')
    : path.join(dataDir, 'screenshots');
  const logFile = path.join(dataDir, 'portal.log');
  const log = fs.openSync(logFile, 'a');
  console.log(`==> Starting the portal (data in ${dataDir}, log ${logFile})`);
  const env = {
    ...process.env,
    CI: undefined,
    BROWSER: 'none',
    NODE_ENV: 'development',
    OWNERSHIP_DATA_DIR: path.join(dataDir, 'sqlite'),
    OWNERSHIP_EXAMPLES_DIR: examplesDir,
    // a processing error must reach the coverage page within the journey
    OWNERSHIP_INDEX_FREQUENCY: 'PT15S',
    // a handoff goes through its shadow periods at once
    OWNERSHIP_HANDOFF_SHADOW_DAYS: '0',
    OWNERSHIP_HANDOFF_REVERSE_SHADOW_DAYS: '0',
    // the example incidents are pulled soon after the first index refresh
    // (an incident for a service not yet indexed is refused until the next
    // pull), and again every 20 s
    OWNERSHIP_INCIDENTS_PULL_DELAY: 'PT30S',
    OWNERSHIP_INCIDENTS_PULL_FREQUENCY: 'PT20S',
  };
  const spawnPart = (args, cwd) =>
    spawn(process.execPath, args, {
      cwd,
      detached: true,
      stdio: ['ignore', log, log],
      env,
    });
  const parts = [
    // what `backstage-cli package start` runs, minus its restart on change
    spawnPart(
      [
        '--enable-source-maps',
        '--require',
        require.resolve('@backstage/cli-node/config/nodeTransform.cjs', {
          paths: [path.join(root, 'packages/backend')],
        }),
        'src/index.ts',
      ],
      path.join(root, 'packages/backend'),
    ),
    spawnPart(
      [
        path.join(root, '.yarn/releases/yarn-4.18.1.cjs'),
        'backstage-cli',
        'package',
        'start',
      ],
      path.join(root, 'packages/app'),
    ),
  ];
  fs.mkdirSync(path.join(dataDir, 'sqlite'), { recursive: true });
  const stopPortal = (signal = 'SIGTERM') => {
    for (const part of parts) {
      try {
        process.kill(-part.pid, signal);
      } catch {
        // already gone
      }
    }
  };
  process.on('SIGINT', () => {
    stopPortal();
    process.exit(130);
  });

  let browser;
  let failed = 0;
  try {
    await waitFor(
      'the backend health check',
      async () => (await fetch(`${BACKEND}/api/ownership/health`)).ok,
      240_000,
    );
    const token = await waitFor('a guest token', guestToken, 60_000);
    await waitFor(
      'the example entities in the catalog',
      async () => {
        const res = await api(
          '/api/catalog/entities/by-query?filter=kind=component&limit=1',
          token,
        );
        return res.totalItems >= 25;
      },
      180_000,
    );
    await waitFor(
      'the first ownership index refresh',
      async () => {
        const coverage = await api('/api/ownership/coverage', token);
        return coverage.indexedAt && coverage.total > 0;
      },
      180_000,
    );
    await waitFor(
      'the app on :3000',
      async () => (await fetch(APP)).ok,
      240_000,
    );

    const { chromium } = require('playwright-core');
    browser = await chromium.launch({
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
      // launch() always starts from a new, empty profile of its own
    });
    const context = await browser.newContext({
      viewport: { width: 1440, height: 1000 },
    });
    const page = await context.newPage();
    const consoleErrors = [];
    page.on('console', msg => {
      if (msg.type() === 'error') consoleErrors.push(msg.text());
    });
    fs.mkdirSync(screenshotDir, { recursive: true });
    const a11y = createA11yChecker(page);
    const ctx = {
      page,
      APP,
      BACKEND,
      token,
      api,
      screenshotDir,
      examplesDir,
      waitFor,
      metrics: {},
      checkA11y: a11y.check,
    };

    const selected = scenarios.filter(
      s => !only || s.setup || only.test(s.name),
    );
    for (const scenario of selected) {
      const started = Date.now();
      try {
        await scenario.run(ctx);
        // every page a journey ends on is checked, even one it did not name
        await a11y.check();
        console.log(`  ✓ ${scenario.name} (${Date.now() - started} ms)`);
      } catch (e) {
        failed++;
        console.log(`  ✗ ${scenario.name}\n    ${e.stack || e}`);
        await page
          .screenshot({ path: path.join(dataDir, `failed-${failed}.png`) })
          .catch(() => {});
      }
    }
    console.log(`==> Browser metrics: ${JSON.stringify(ctx.metrics)}`);
    if (reportA11y(a11y.pages).length) {
      failed++;
      console.log(
        "  ✗ no serious or critical accessibility violations in the suite's components",
      );
    }
    // React warnings come with a component stack; a warning is ours when its
    // first frame is in the suite's plugin, not in a library it renders.
    const ours = consoleErrors.filter(e => {
      const firstFrame = e.split('\n').find(l => l.trim().startsWith('at '));
      return /plugins\/ownership\/src|plugin-ownership\//.test(
        `${e.split('\n')[0]}\n${firstFrame ?? ''}`,
      );
    });
    console.log(
      `==> Browser console errors: ${consoleErrors.length} (from our code: ${ours.length}; the rest are React deprecation warnings from MUI v4 and material-table)`,
    );
    ours.slice(0, 10).forEach(e => console.log(`    ${e.slice(0, 400)}`));
    if (ours.length) {
      failed++;
      console.log('  ✗ no console errors or React warnings from our code');
    }
  } catch (e) {
    failed++;
    console.log(`  ✗ setup: ${e.message}`);
    console.log(
      fs.readFileSync(logFile, 'utf8').split('\n').slice(-60).join('\n'),
    );
  } finally {
    if (browser) await browser.close();
    stopPortal();
    await waitFor(
      'the portal to stop',
      async () => !(await portInUse(7007)) && !(await portInUse(3000)),
      60_000,
    ).catch(() => stopPortal('SIGKILL'));
  }
  if (failed) {
    console.log(
      `==> ${failed} browser test(s) failed in ${Math.round(
        (Date.now() - suiteStarted) / 1000,
      )} s; portal log: ${logFile}`,
    );
    process.exit(1);
  }
  if (updateScreenshots) {
    console.log(`==> Browser tests passed; screenshots in ${screenshotDir}`);
  }
  fs.rmSync(dataDir, { recursive: true, force: true });
  console.log(
    `==> Browser tests passed in ${Math.round(
      (Date.now() - suiteStarted) / 1000,
    )} s`,
  );
}

main().catch(e => {
  console.error(e);
  process.exit(1);
});
