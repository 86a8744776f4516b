#!/usr/bin/env node
/* eslint-disable no-console */ // a command-line script: it reports on the console
// Writes examples/incidents/incidents.json, the example incidents the dev
// portal imports through the file incident source
// (ownership.incidents.sources.file.path in app-config.yaml).
//
// Deterministic: a seeded PRNG and a fixed span (START to END), so that the
// same script always writes the same file; `--check` fails when the file in
// the tree differs from what the script writes.
//
// Why a fixed span that reaches two years ahead: the file source sends the
// whole file on every pull (every 10 minutes), and ingestion rejects an
// incident created in the future ("createdAt: is in the future") and takes
// it on a later pull once its time has come. So the portal always holds the
// incidents up to now, and the 7/30/90-day windows stay full until END,
// without regenerating the file. The price: every pull reports the not yet
// due incidents as rejected (a count and up to five warnings per batch of
// 1,000 in the backend log). After END, raise END and re-run the script.

const fs = require('node:fs');
const path = require('node:path');

const START = Date.UTC(2026, 8, 1); // 2026-09-01
const END = Date.UTC(2028, 8, 1); // 2028-09-01, exclusive
const SEED = 20260901;
const OUT = path.resolve(
  __dirname,
  '..',
  'examples',
  'incidents',
  'incidents.json',
);

const MIN = 60_000;
const WEEK = 7 * 24 * 60 * MIN;

/** mulberry32: a small seeded PRNG, uniform in [0, 1). */
function prng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const random = prng(SEED);
/** Exponentially distributed with this mean. */
const exponential = mean => -Math.log(1 - random()) * mean;
/** Log-normal around a median, spread 0.6: long tails like real durations. */
const duration = median => {
  const normal =
    Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
  return Math.max(0.5, median * Math.exp(0.6 * normal));
};
const pick = list => list[Math.floor(random() * list.length)];

// How each example team responds (medians in minutes): payments meets every
// target, identity resolves slowly, platform escalates often, data answers
// in business hours and misses them all.
const TEAMS = {
  payments: { ack: 4, resolve: 18, escalate: 0.06, unacked: 0.0 },
  identity: { ack: 7, resolve: 38, escalate: 0.12, unacked: 0.02 },
  platform: { ack: 6, resolve: 22, escalate: 0.32, unacked: 0.01 },
  data: { ack: 28, resolve: 95, escalate: 0.35, unacked: 0.08 },
  search: { ack: 11, resolve: 40, escalate: 0.2, unacked: 0.04 },
  security: { ack: 5, resolve: 26, escalate: 0.1, unacked: 0.0 },
  mobile: { ack: 15, resolve: 50, escalate: 0.25, unacked: 0.05 },
  engineering: { ack: 20, resolve: 60, escalate: 0.2, unacked: 0.05 },
  'ghost-team': { ack: 45, resolve: 180, escalate: 0.6, unacked: 0.2 },
  'tom-wilson': { ack: 30, resolve: 70, escalate: 0.3, unacked: 0.1 },
};
const MEMBERS = {
  payments: [
    'jane-doe',
    'john-smith',
    'lukas-schneider',
    'anna-kowalski',
    'mei-chen',
  ],
  identity: [
    'carlos-garcia',
    'emily-johnson',
    'david-kim',
    'sarah-oconnor',
    'aisha-okafor',
  ],
  platform: ['olivia-brown', 'raj-sharma', 'tom-wilson', 'nina-petrova'],
  data: ['fatima-al-sayed', 'ben-taylor', 'chloe-martin'],
  search: ['hiro-tanaka'],
  security: ['ines-ferreira', 'marek-novak'],
  mobile: [],
  engineering: ['victoria-adams'],
  'ghost-team': [],
  'tom-wilson': ['tom-wilson'],
};

// The example Components (examples/components.yaml) with their owner and
// tier, and incidents per week where not the tier's; search-indexer is the
// one the browser journey hands from search to data (scripts/e2e/metrics.js),
// so it has incidents in every window.
const SERVICES = [
  ['payments-api', 'payments', 'tier-1'],
  ['checkout-web', 'payments', 'tier-1'],
  ['ledger-service', 'payments', 'tier-1'],
  ['payment-gateway-adapter', 'payments', 'tier-1'],
  ['fraud-scoring', 'payments', 'tier-2'],
  ['refunds-worker', 'payments', 'tier-2'],
  ['invoice-renderer', 'payments', 'tier-3'],
  ['auth-service', 'identity', 'tier-1'],
  ['login-web', 'identity', 'tier-1'],
  ['mfa-service', 'identity', 'tier-1'],
  ['user-profile-service', 'identity', 'tier-2'],
  ['deploy-pipeline', 'platform', 'tier-2'],
  ['feature-flags-service', 'platform', 'tier-1'],
  ['developer-portal', 'platform', 'tier-2'],
  ['logging-agent', 'platform', null],
  ['release-notes-bot', 'tom-wilson', null],
  ['events-pipeline', 'data', 'tier-2'],
  ['analytics-dashboard', 'data', null],
  ['cron-runner', 'ghost-team', 'tier-3'],
  ['mobile-bff', 'mobile', null],
  ['search-api', 'search', 'tier-2'],
  ['search-indexer', 'search', null, 1.5],
  ['secrets-scanner', 'security', 'tier-2'],
  ['engineering-radar', 'engineering', 'tier-3'],
];

// Incidents per week and severity shares (P0, P1, P2, P3) by tier.
const RATE = { 'tier-1': 0.6, 'tier-2': 0.35, 'tier-3': 0.15, none: 0.12 };
const SEVERITY = {
  'tier-1': [0.05, 0.25, 0.4, 0.3],
  'tier-2': [0.02, 0.15, 0.43, 0.4],
  'tier-3': [0, 0.08, 0.42, 0.5],
  none: [0, 0.05, 0.35, 0.6],
};
// Severe incidents are worked faster.
const URGENCY = { P0: 0.6, P1: 0.8, P2: 1, P3: 1.3 };

function severity(tier) {
  const shares = SEVERITY[tier];
  let r = random();
  for (let i = 0; i < shares.length; i++) {
    r -= shares[i];
    if (r < 0) return `P${i}`;
  }
  return 'P3';
}

const iso = ms => new Date(Math.round(ms / 1000) * 1000).toISOString();

function generate() {
  const incidents = [];
  for (const [name, team, tier, rate] of SERVICES) {
    const profile = TEAMS[team];
    const members = MEMBERS[team];
    const mean = WEEK / (rate ?? RATE[tier ?? 'none']);
    let at = START + exponential(mean);
    let n = 0;
    while (at < END) {
      n++;
      const sev = severity(tier ?? 'none');
      const urgency = URGENCY[sev];
      const escalated = random() < profile.escalate;
      const unacked = random() < profile.unacked;
      const ack = at + duration(profile.ack * urgency) * MIN;
      const resolve =
        Math.max(ack, at) + duration(profile.resolve * urgency) * MIN;
      const responders = members.length
        ? [...new Set([pick(members), ...(escalated ? [pick(members)] : [])])]
        : [];
      incidents.push({
        id: `INC-${name}-${String(n).padStart(4, '0')}`,
        entityRef: `component:default/${name}`,
        severity: sev,
        createdAt: iso(at),
        ...(unacked ? {} : { acknowledgedAt: iso(ack) }),
        resolvedAt: iso(resolve),
        escalated,
        levelsReached: escalated ? 2 + Math.floor(random() * 2) : 1,
        responders: responders.map(r => `user:default/${r}`),
      });
      at += exponential(mean);
    }
  }
  incidents.sort(
    (a, b) =>
      a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id),
  );
  return incidents;
}

function render(incidents) {
  const header = {
    note: 'Generated by scripts/generate-incidents.js (deterministic; do not edit). Incidents dated after the pull are rejected as in the future and imported by a later pull, so the metrics windows stay full until the end of the span.',
    span: { from: iso(START), to: iso(END) },
  };
  // one incident per line: readable diffs when the script changes
  const lines = incidents.map(i => `    ${JSON.stringify(i)}`);
  return `${JSON.stringify(header, null, 2).slice(
    0,
    -2,
  )},\n  "incidents": [\n${lines.join(',\n')}\n  ]\n}\n`;
}

const text = render(generate());
if (process.argv.includes('--check')) {
  const current = fs.existsSync(OUT) ? fs.readFileSync(OUT, 'utf8') : '';
  if (current !== text) {
    console.error(
      `${OUT} is not what scripts/generate-incidents.js writes: re-run it`,
    );
    process.exit(1);
  }
  console.log(`${OUT} is up to date`);
} else {
  fs.mkdirSync(path.dirname(OUT), { recursive: true });
  fs.writeFileSync(OUT, text);
  console.log(`Wrote ${JSON.parse(text).incidents.length} incidents to ${OUT}`);
}
