/* eslint-disable no-console */ // a command-line script: it reports on the console
// Browser journeys of the ownership metrics (issue 12), in the format of
// scripts/e2e/scenarios.js: each scenario gets the context of scripts/e2e.js
// (page, APP and BACKEND URLs, guest token, api, waitFor, examplesDir,
// screenshotDir, checkA11y, metrics).
//
// The example incidents come from examples/incidents/incidents.json through
// the file incident source (pulled one minute after start, then every ten
// minutes). A handoff cannot be seeded by a file: the ownership history is
// recorded by the index refreshes of the running portal. So the second
// journey changes the owner of search-indexer (search → data) in the copy of
// the examples, waits for the history to record it, sends one incident
// created after the change and checks that it is charged to data while the
// older example incidents stay with search, and that the owner card lists
// search as a past owner.

const fs = require('node:fs');
const path = require('node:path');

const TIMEOUT = 60_000;
const SERVICE = 'search-indexer';
const OLD_OWNER = 'group:default/search';
const NEW_OWNER = 'group:default/data';

async function expectText(locator, pattern, what) {
  await locator.first().waitFor({ timeout: TIMEOUT });
  const text = await locator.first().innerText();
  if (!pattern.test(text)) {
    throw new Error(
      `${what}: expected ${pattern}, got "${text.slice(0, 400)}"`,
    );
  }
  return text;
}

async function request(ctx, method, pathname, body) {
  const res = await fetch(`${ctx.BACKEND}${pathname}`, {
    method,
    headers: {
      authorization: `Bearer ${ctx.token}`,
      ...(body ? { 'content-type': 'application/json' } : {}),
    },
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await res.text();
  if (!res.ok) {
    throw new Error(`${pathname} answered ${res.status}: ${text}`);
  }
  // some answers have no body (POST /api/catalog/refresh: 200, empty)
  return text ? JSON.parse(text) : undefined;
}

/** Replaces `from` by `to` in the YAML document of one entity. */
function editEntityInFile(file, name, from, to) {
  const docs = fs.readFileSync(file, 'utf8').split(/^---$/m);
  const index = docs.findIndex(d =>
    new RegExp(`^\\s*name: ${name}\\s*$`, 'm').test(d),
  );
  if (index < 0 || !docs[index].includes(from)) {
    throw new Error(`${name} with "${from}" not found in ${file}`);
  }
  docs[index] = docs[index].replace(from, to);
  fs.writeFileSync(file, docs.join('---'));
}

const metricsScenarios = [
  {
    name: 'metrics page: per-team figures from the example incidents, targets in words',
    async run(ctx) {
      const { page } = ctx;
      const started = Date.now();
      // the browser tests pull 30 s after start and every 20 s after
      // (scripts/e2e.js); a pull before the first index refresh refuses the
      // incidents of services not indexed yet, and the next pull takes them
      const api = await ctx.waitFor(
        'the example incidents in the metrics',
        async () => {
          const m = await ctx.api('/api/ownership/metrics?days=30', ctx.token);
          return m.overall.incidents > 0 && m;
        },
        3 * 60_000,
      );
      ctx.metrics.exampleIncidentsAfterMs = Date.now() - started;
      console.log(
        `    ${api.overall.incidents} incidents in 30 days, ${api.teams.length} teams`,
      );
      await page.goto(`${ctx.APP}/ownership-metrics`);
      const table = page.getByTestId('team-metrics');
      await table.waitFor({ timeout: TIMEOUT });
      const payments = page.locator(
        '[data-testid="team-metrics-row"][data-team="group:default/payments"]',
      );
      const fromApi = api.teams.find(
        t => t.teamRef === 'group:default/payments',
      );
      if (!fromApi) throw new Error('no payments team in the 30-day metrics');
      await expectText(
        payments.locator('[data-figure="incidents"]'),
        new RegExp(`^${fromApi.incidents}\\b`),
        'payments incidents as the API counts them',
      );
      // the example payments team meets its MTTR target, data misses it
      await expectText(
        payments.locator('[data-figure="mttr"]'),
        fromApi.meetsTargets.mttr ? /\bmet\b/ : /missed/,
        'payments MTTR against its target',
      );
      await expectText(
        page.getByTestId('figure-definitions'),
        /level-1 escalateAfter of the escalation policy in force/,
        'what the response SLA measures',
      );
      // the incident trends: the weeks the API serves, as charts with a
      // text alternative
      const trend = await ctx.api(
        '/api/ownership/metrics/trends?days=30',
        ctx.token,
      );
      const trendTotal = trend.points.reduce((n, p) => n + p.incidents, 0);
      await expectText(
        page.getByTestId('incident-trend-summary'),
        new RegExp(`^${trendTotal} incidents of all teams`),
        'incident trend summary as the API counts it',
      );
      await page
        .getByRole('img', { name: 'Escalation rate per week of all teams' })
        .waitFor({ timeout: TIMEOUT });
      await page
        .getByRole('table', {
          name: /^Response-SLA compliance per week of all teams \(target: over/,
        })
        .waitFor({ state: 'attached', timeout: TIMEOUT });
      await ctx.checkA11y('metrics page');
      await page.getByLabel('Window').first().selectOption('90');
      await page.waitForFunction(
        () =>
          /Incidents/.test(
            document.querySelector('[data-testid="metrics-overall"]')
              ?.textContent ?? '',
          ),
        undefined,
        { timeout: TIMEOUT },
      );
      const ninety = await ctx.api('/api/ownership/metrics?days=90', ctx.token);
      await expectText(
        page.locator(
          '[data-testid="metrics-overall"] [data-figure="incidents"]',
        ),
        new RegExp(`^Incidents\\s*${ninety.overall.incidents}\\b`),
        '90-day incidents as the API counts them',
      );
      await page.screenshot({
        path: path.join(ctx.screenshotDir, 'metrics-page.png'),
        fullPage: true,
      });
    },
  },
  {
    name: 'owner change in the window: older incidents stay with the old owner, newer go to the new one; team page and owner card show it',
    async run(ctx) {
      const { page } = ctx;
      const entityRef = `component:default/${SERVICE}`;
      const file = path.join(ctx.examplesDir, 'components.yaml');
      editEntityInFile(
        file,
        SERVICE,
        `owner: ${OLD_OWNER}`,
        `owner: ${NEW_OWNER}`,
      );
      try {
        const locations = await ctx.api(
          '/api/catalog/entities/by-query?filter=kind=location&limit=100',
          ctx.token,
        );
        const location = locations.items.find(l =>
          String(l.spec?.target ?? '').endsWith('components.yaml'),
        );
        if (!location)
          throw new Error('no location entity for components.yaml');
        const locationRef = `location:${location.metadata.namespace}/${location.metadata.name}`;
        const history = await ctx.waitFor(
          `the ownership history to record ${SERVICE} moving to data`,
          async () => {
            await request(ctx, 'POST', '/api/catalog/refresh', {
              entityRef: locationRef,
            });
            await request(ctx, 'POST', '/api/catalog/refresh', { entityRef });
            const h = await ctx.api(
              `/api/ownership/entities/component/default/${SERVICE}/ownership-history`,
              ctx.token,
            );
            const last = h.entries[h.entries.length - 1];
            return last && last.ownerRef === NEW_OWNER && h;
          },
          300_000,
        );
        const changedAt = history.entries[history.entries.length - 1].validFrom;
        console.log(`    ${SERVICE} owned by data since ${changedAt}`);

        // after the change the history recorded (it may be seconds old), and
        // not in the future
        const created = new Date(
          Math.min(
            Date.now(),
            Math.max(Date.parse(changedAt) + 1_000, Date.now() - 60_000),
          ),
        ).toISOString();
        const batch = await request(
          ctx,
          'POST',
          '/api/ownership/incidents/batch',
          {
            incidents: [
              {
                source: 'e2e',
                id: 'after-owner-change',
                entityRef,
                severity: 'P2',
                createdAt: created,
                acknowledgedAt: created,
                resolvedAt: new Date().toISOString(),
                escalated: false,
                levelsReached: 1,
              },
            ],
          },
        );
        if (batch.results[0].chargedTo !== NEW_OWNER) {
          throw new Error(
            `the incident after the change was charged to ${
              batch.results[0].chargedTo
            }: ${JSON.stringify(batch.results[0])}`,
          );
        }
        const q = team =>
          ctx.api(
            `/api/ownership/metrics?days=90&team=${encodeURIComponent(
              team,
            )}&entityLimit=2000`,
            ctx.token,
          );
        const [before, after] = await Promise.all([q(OLD_OWNER), q(NEW_OWNER)]);
        const count = (m, ref) =>
          m.entities.find(e => e.entityRef === ref)?.incidents ?? 0;
        if (!count(before, entityRef)) {
          throw new Error(
            `no example incidents of ${SERVICE} charged to search`,
          );
        }
        if (count(after, entityRef) !== 1) {
          throw new Error(
            `data should have the one incident after the change, has ${count(
              after,
              entityRef,
            )}`,
          );
        }
        console.log(
          `    ${SERVICE}: ${count(
            before,
            entityRef,
          )} incidents charged to search, 1 to data`,
        );

        // the owner card: incidents of the last 30 days and the past owner
        await page.goto(`${ctx.APP}/catalog/default/component/${SERVICE}`);
        await expectText(
          page.getByTestId('recent-incidents'),
          /incidents; MTTR|No incidents/,
          'recent incidents on the owner card',
        );
        await expectText(
          page.getByTestId('past-owners'),
          /search/i,
          'the past owner on the owner card',
        );
        await ctx.checkA11y('service page: recent incidents and past owners');

        // the team page section of the new owner
        await page.goto(`${ctx.APP}/catalog/default/group/data`);
        const card = page.getByTestId('team-metrics-card');
        await card.waitFor({ timeout: TIMEOUT });
        await card.getByLabel('Window').selectOption('90');
        await page.waitForFunction(
          expected => {
            const el = document.querySelector(
              '[data-testid="team-metrics-card"] [data-figure="incidents"] [data-testid="figure-value"]',
            );
            return el && el.textContent.startsWith(String(expected));
          },
          after.teams.find(t => t.teamRef === NEW_OWNER)?.incidents ?? 1,
          { timeout: TIMEOUT },
        );
        await expectText(
          card.locator('[data-figure="mttr"]'),
          /target (met|missed): mean under \d+ min/,
          'MTTR against its target on the team page',
        );
        await ctx.checkA11y('team page: metrics');
        await card.screenshot({
          path: path.join(ctx.screenshotDir, 'team-metrics.png'),
        });
      } finally {
        editEntityInFile(
          file,
          SERVICE,
          `owner: ${NEW_OWNER}`,
          `owner: ${OLD_OWNER}`,
        );
      }
    },
  },
];

module.exports = { scenarios: metricsScenarios };
