#!/usr/bin/env node
/*
 * Benchmark of ownership-lint: generates realistic catalog-info.yaml files
 * in a temporary directory, lints them in-process through runLint and once
 * through the bin, and prints wall time and files per second.
 *
 *   node bench/lint-bench.js [fileCount]
 *
 * Not a jest test; run it with `yarn bench` in this package.
 */

/* eslint-disable no-console */

const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { performance } = require('node:perf_hooks');

const FILE_COUNT = Number(process.argv[2] ?? 1000);
const TARGET_MS = 3000;

const TEAMS = Array.from({ length: 40 }, (_, i) => `team-${i}`);
const USERS = Array.from({ length: 300 }, (_, i) => `user-${i}`);
const SYSTEMS = Array.from({ length: 60 }, (_, i) => `system-${i}`);

// A small deterministic generator, so every run lints the same files.
let seed = 42;
function random() {
  seed = (seed * 1103515245 + 12345) % 2147483648;
  return seed / 2147483648;
}
const pick = list => list[Math.floor(random() * list.length)];

function componentDoc(i, name, team, withOwnership, tier) {
  const lines = [
    'apiVersion: backstage.io/v1alpha1',
    'kind: Component',
    'metadata:',
    `  name: ${name}`,
    `  description: Service ${i} of the ${team} team, handles part of the checkout flow.`,
    '  tags: [java, payments, grpc]',
    '  annotations:',
    `    github.com/project-slug: acme/${name}`,
    '    backstage.io/techdocs-ref: dir:.',
    '  links:',
    `    - url: https://grafana.acme.example.com/d/${name}`,
    '      title: Dashboard',
    'spec:',
    '  type: service',
    '  lifecycle: production',
    `  owner: ${team}`,
    `  system: ${pick(SYSTEMS)}`,
    `  providesApis: [${name}-api]`,
    `  dependsOn: [resource:${name}-db]`,
  ];
  if (withOwnership) {
    lines.push(
      '  ownership:',
      `    primary: user:${pick(USERS)}`,
      `    secondary: ${pick(USERS)}`,
      `    tier: ${tier}`,
      '    level: service',
      '    channels:',
      `      slack: "#${team}-oncall"`,
      `      email: ${team}@acme.example.com`,
    );
    if (tier === 'tier-1') {
      lines.push(`    escalationPolicy: ${name}-policy`);
    }
  }
  return lines.join('\n');
}

function apiDoc(name, team) {
  return [
    'apiVersion: backstage.io/v1alpha1',
    'kind: API',
    'metadata:',
    `  name: ${name}-api`,
    'spec:',
    '  type: openapi',
    '  lifecycle: production',
    `  owner: group:${team}`,
    '  definition: |',
    '    openapi: "3.0.0"',
    '    info:',
    `      title: ${name}`,
    '      version: 1.0.0',
    '    paths:',
    '      /health:',
    '        get:',
    '          responses:',
    "            '200':",
    '              description: OK',
  ].join('\n');
}

function resourceDoc(name, team) {
  return [
    'apiVersion: backstage.io/v1alpha1',
    'kind: Resource',
    'metadata:',
    `  name: ${name}-db`,
    'spec:',
    '  type: database',
    `  owner: ${team}`,
  ].join('\n');
}

function policyDoc(name, team) {
  return [
    'apiVersion: ownership.dev/v1alpha1',
    'kind: EscalationPolicy',
    'metadata:',
    `  name: ${name}-policy`,
    'spec:',
    `  owner: group:${team}`,
    '  description: Pages the on-call, then the team, then the engineering manager.',
    '  levels:',
    '    - level: 1',
    '      name: On-call',
    '      escalateAfter: 15m',
    '      targets:',
    '        - type: schedule',
    `          id: ${name}-primary`,
    '          rota:',
    `            members: [${pick(USERS)}, ${pick(USERS)}, ${pick(USERS)}]`,
    '            rotation: 1w',
    '            handoverTime: "09:00"',
    '            timeZone: Europe/Berlin',
    '            start: "2024-01-01"',
    '    - level: 2',
    '      name: Team',
    '      escalateAfter: 1h',
    '      targets:',
    '        - type: group',
    `          id: ${team}`,
    '      notify:',
    '        - type: slack',
    `          target: "#${team}"`,
    '    - level: 3',
    '      name: Manager',
    '      escalateAfter: PT4H',
    '      targets:',
    '        - type: user',
    `          id: user:${pick(USERS)}`,
  ].join('\n');
}

function raciDoc(name, team, broken) {
  return [
    'apiVersion: ownership.dev/v1alpha1',
    'kind: RaciMatrix',
    'metadata:',
    `  name: ${name}-raci`,
    'spec:',
    `  owner: ${team}`,
    `  appliesTo: [${name}]`,
    '  activities:',
    '    - name: Deploy to production',
    `      responsible: [user:${pick(USERS)}]`,
    broken
      ? `      accountable: [${team}, user:${pick(USERS)}]`
      : `      accountable: ${team}`,
    `      consulted: [${pick(TEAMS)}]`,
    `      informed: [user:${pick(USERS)}]`,
    '    - name: Incident review',
    `      responsible: [${team}]`,
    `      accountable: user:${pick(USERS)}`,
    `      escalationPath: [${team}, ${pick(TEAMS)}]`,
  ].join('\n');
}

function orgFile() {
  const docs = [];
  for (const team of TEAMS) {
    docs.push(
      [
        'apiVersion: backstage.io/v1alpha1',
        'kind: Group',
        'metadata:',
        `  name: ${team}`,
        'spec:',
        '  type: team',
        '  children: []',
      ].join('\n'),
    );
  }
  for (const user of USERS) {
    docs.push(
      [
        'apiVersion: backstage.io/v1alpha1',
        'kind: User',
        'metadata:',
        `  name: ${user}`,
        'spec:',
        `  memberOf: [${pick(TEAMS)}]`,
      ].join('\n'),
    );
  }
  for (const system of SYSTEMS) {
    docs.push(
      [
        'apiVersion: backstage.io/v1alpha1',
        'kind: System',
        'metadata:',
        `  name: ${system}`,
        'spec:',
        `  owner: ${pick(TEAMS)}`,
      ].join('\n'),
    );
  }
  return `${docs.join('\n---\n')}\n`;
}

function generate(dir, count) {
  let documents = 0;
  for (let i = 0; i < count; i++) {
    const name = `service-${String(i).padStart(4, '0')}`;
    const team = pick(TEAMS);
    const roll = random();
    const withOwnership = roll < 0.6;
    const tier = pick(['tier-1', 'tier-2', 'tier-3']);
    const docs = [componentDoc(i, name, team, withOwnership, tier)];
    if (random() < 0.7) docs.push(apiDoc(name, team));
    if (random() < 0.4) docs.push(resourceDoc(name, team));
    if (withOwnership && tier === 'tier-1') docs.push(policyDoc(name, team));
    if (random() < 0.2) docs.push(raciDoc(name, team, random() < 0.1));
    if (random() < 0.02)
      docs.push('kind: Component\nmetadata:\n  name: "broken');
    documents += docs.length;
    const file = path.join(dir, 'services', name, 'catalog-info.yaml');
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, `${docs.join('\n---\n')}\n`);
  }
  fs.mkdirSync(path.join(dir, 'org'), { recursive: true });
  fs.writeFileSync(path.join(dir, 'org', 'org.yaml'), orgFile());
  return documents;
}

function report(label, ms, files, cpuMs) {
  const rate = files ? `${Math.round((files / ms) * 1000)} files/s` : '';
  const cpu = cpuMs === undefined ? '' : `cpu ${Math.round(cpuMs)} ms`;
  const verdict =
    files && ms >= TARGET_MS ? `ABOVE the ${TARGET_MS} ms target` : '';
  console.log(
    [
      label.padEnd(40),
      `${Math.round(ms)} ms`.padStart(9),
      rate.padStart(14),
      cpu.padStart(14),
      verdict,
    ]
      .join('  ')
      .trimEnd(),
  );
}

// Wall and CPU time (user + system, all threads of this process) of a step.
async function measure(fn) {
  const cpu = process.cpuUsage();
  const start = performance.now();
  const value = await fn();
  const wall = performance.now() - start;
  const used = process.cpuUsage(cpu);
  return { value, wall, cpu: (used.user + used.system) / 1000 };
}

async function run() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ownership-lint-bench-'));
  try {
    const documents = generate(dir, FILE_COUNT);
    console.log(
      `Generated ${FILE_COUNT} catalog-info.yaml files (${documents} documents) in ${dir}`,
    );

    const load = await measure(() => {
      require('@backstage/cli/config/nodeTransform.cjs');
      return require('../src');
    });
    const { runLint } = load.value;
    report('loading the linter (transform + ajv)', load.wall, 0, load.cpu);

    const first = await measure(() => runLint({ cwd: dir }));
    report('runLint, first run', first.wall, FILE_COUNT, first.cpu);
    console.log(
      `  ${first.value.files.length} files, ${first.value.errorCount} errors, ${first.value.warningCount} warnings`,
    );

    const second = await measure(() => runLint({ cwd: dir }));
    report('runLint, second run', second.wall, FILE_COUNT, second.cpu);

    const entities = await measure(() =>
      runLint({ cwd: dir, entitiesDir: 'org' }),
    );
    report('runLint with --entities', entities.wall, FILE_COUNT, entities.cpu);
    console.log(
      `  ${entities.value.errorCount} errors, ${entities.value.warningCount} warnings`,
    );

    const bin = path.resolve(__dirname, '../bin/ownership-lint');
    const start = performance.now();
    const child = spawnSync(process.execPath, [bin, '--format', 'json'], {
      cwd: dir,
      encoding: 'utf8',
      maxBuffer: 256 * 1024 * 1024,
    });
    const binMs = performance.now() - start;
    if (child.status !== 0 && child.status !== 1) {
      throw new Error(`bin exited with ${child.status}: ${child.stderr}`);
    }
    const binResult = JSON.parse(child.stdout);
    report(
      'bin (new node process, from source)',
      binMs,
      binResult.files.length,
    );
    console.log(
      `  machine: ${os.cpus().length} cores, load average ${os
        .loadavg()
        .map(l => l.toFixed(2))
        .join(' ')}`,
    );
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

run().catch(error => {
  console.error(error);
  process.exitCode = 1;
});
