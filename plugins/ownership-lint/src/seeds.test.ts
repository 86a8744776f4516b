import fs from 'node:fs';
import path from 'node:path';
import {
  apiEntityV1alpha1Validator,
  componentEntityV1alpha1Validator,
  domainEntityV1alpha1Validator,
  Entity,
  groupEntityV1alpha1Validator,
  stringifyEntityRef,
  systemEntityV1alpha1Validator,
  userEntityV1alpha1Validator,
} from '@backstage/catalog-model';
import {
  getOwnershipRule,
  readOwnershipModel,
} from '@service-ownership/plugin-ownership-common';
import { parseAllDocuments } from 'yaml';
import { runLint } from './lib/lint';

// examples/seeds holds one translation of every ownership example in the
// seed documents (shared/seeds/*.md) into the suite's kinds. They must lint
// clean, refs checked against the files themselves; the only warnings are
// where the seed itself is incomplete by its own standard.

const root = path.resolve(__dirname, '../../..');
const seedsDir = path.join(root, 'examples/seeds');

function readEntities(file: string): Entity[] {
  return parseAllDocuments(fs.readFileSync(file, 'utf8'))
    .map(d => d.toJS() as Entity | null)
    .filter((e): e is Entity => Boolean(e));
}

const seedFiles = fs
  .readdirSync(seedsDir)
  .filter(f => f.endsWith('.yaml'))
  .sort();
const seedEntities = seedFiles.flatMap(f =>
  readEntities(path.join(seedsDir, f)),
);
const byRef = new Map(
  seedEntities.map(e => [stringifyEntityRef(e).toLocaleLowerCase('en-US'), e]),
);
const entity = (ref: string) => {
  const e = byRef.get(ref);
  if (!e) throw new Error(`no seed entity ${ref}`);
  return e;
};

describe('examples/seeds', () => {
  beforeEach(() => {
    // The feature ownerships expire at the end of 2027: lint them as of a
    // fixed day, so that the test does not start failing then.
    jest.spyOn(Date, 'now').mockReturnValue(Date.parse('2026-12-01T00:00:00Z'));
  });
  afterEach(() => jest.restoreAllMocks());

  it('lint without errors, with every ref resolved against the seed files', async () => {
    const result = await runLint({
      cwd: root,
      patterns: ['examples/seeds'],
      entitiesDir: 'examples/seeds',
    });
    expect(result.files).toEqual(seedFiles.map(f => `examples/seeds/${f}`));
    expect(result.findings.filter(f => f.severity === 'error')).toEqual([]);
    expect(result.errorCount).toBe(0);

    const warnings = result.findings.map(
      f =>
        `${f.file.replace('examples/seeds/', '')} ${f.rule} ${f.entityRef} ${
          f.path
        }`,
    );
    const raci = (matrix: string, index: number) =>
      `raci-chat-backend-matrices.yaml raci-responsible-required racimatrix:default/seed-chat-backend-raci-${matrix} spec.activities[${index}].responsible`;
    expect(warnings).toEqual([
      // the tier-1 policy's schedules live in the paging system; the seed
      // never says who is on them
      'guide-escalation-policy.yaml schedule-rota-missing escalationpolicy:default/seed-tier-1-services spec.levels[0].targets[0].rota',
      'guide-escalation-policy.yaml schedule-rota-missing escalationpolicy:default/seed-tier-1-services spec.levels[1].targets[0].rota',
      // rows of the chat backend matrix whose DRI decides alone: the seed
      // names only consulted and informed parties
      raci('1-http-api-surface', 2), // API versioning strategy
      raci('1-http-api-surface', 3), // Breaking change approvals
      raci('1-http-api-surface', 4), // Deprecation timelines
      raci('2-socket-io-gateway', 4), // Client library version compatibility
      raci('3-prisma-schema-migrations', 2), // Production migration execution
      raci('3-prisma-schema-migrations', 3), // Index optimization
      raci('4-infrastructure-configuration', 5), // Cost optimization
      raci('5-documentation', 1), // Architecture Decision Records
      raci('5-documentation', 4), // Governance docs
      raci('6-quality-gates-ci-cd', 3), // Deployment gates
      raci('7-incident-response-on-call', 1), // Post-mortem authoring
      raci('7-incident-response-on-call', 2), // On-call rotation schedule
      raci('8-security-compliance', 1), // GDPR/data privacy compliance
    ]);
    for (const finding of result.findings) {
      expect(getOwnershipRule(finding.rule).severity).toBe('warning');
    }
  });

  it('are accepted by the catalog model and do not clash with the portal examples', async () => {
    const validators: Record<
      string,
      { check(data: unknown): Promise<boolean> }
    > = {
      API: apiEntityV1alpha1Validator,
      Component: componentEntityV1alpha1Validator,
      Domain: domainEntityV1alpha1Validator,
      Group: groupEntityV1alpha1Validator,
      System: systemEntityV1alpha1Validator,
      User: userEntityV1alpha1Validator,
    };
    const examples = new Set(
      fs
        .readdirSync(path.join(root, 'examples'))
        .filter(f => f.endsWith('.yaml'))
        .flatMap(f => readEntities(path.join(root, 'examples', f)))
        .map(e => e.metadata.name),
    );
    for (const e of seedEntities) {
      expect(e.metadata.name).toMatch(/^seed-/);
      expect(e.metadata.namespace ?? 'default').toBe('default');
      expect(examples.has(e.metadata.name)).toBe(false);
    }
    expect(byRef.size).toBe(seedEntities.length);
    const suite = seedEntities.filter(
      e => e.apiVersion !== 'backstage.io/v1alpha1',
    );
    expect([...new Set(suite.map(e => e.kind))].sort()).toEqual([
      'EscalationPolicy',
      'RaciMatrix',
    ]);
    const builtIn = seedEntities.filter(
      e => e.apiVersion === 'backstage.io/v1alpha1',
    );
    await expect(
      Promise.all(builtIn.map(e => validators[e.kind].check(e))),
    ).resolves.toEqual(builtIn.map(() => true));
  });

  it('name the seed document and section they translate', () => {
    for (const file of seedFiles) {
      const text = fs.readFileSync(path.join(seedsDir, file), 'utf8');
      const header = text.slice(0, text.indexOf('\n---'));
      expect(header).toMatch(/^# Translation of /);
      expect(header).toMatch(/shared\/seeds/);
      expect(header).toMatch(
        /(ownership-model-guide|raci-ownership-matrix|api-ownership-model|platform-ownership-model)\.md/,
      );
    }
  });

  it('say what the seeds say, as the model reader reads it', () => {
    // escalation policy: 4 levels, the last without escalateAfter, with
    // conditions; stakeholders notified at level 3
    const tier1 = readOwnershipModel(
      entity('escalationpolicy:default/seed-tier-1-services'),
    );
    expect(tier1.levels.map(l => l.escalateAfterMinutes)).toEqual([
      15,
      30,
      45,
      undefined,
    ]);
    expect(tier1.levels[3].conditions).toEqual({
      severity: ['critical'],
      customerImpact: true,
    });
    expect(tier1.levels.map(l => l.notifyStakeholders)).toEqual([
      false,
      false,
      true,
      false,
    ]);
    expect(tier1.stakeholders).toEqual(['group:default/seed-platform-team']);

    // service metadata: primary, secondary, escalation, tier-1
    const payment = readOwnershipModel(
      entity('component:default/seed-payment-service'),
    );
    expect(payment.block).toMatchObject({
      primary: 'user:default/seed-jane-smith',
      secondary: 'user:default/seed-john-doe',
      escalationPolicy:
        'escalationpolicy:default/seed-payment-service-escalation',
      tier: 'tier-1',
    });

    // feature ownership, transferred after launch
    const feature = readOwnershipModel(
      entity('component:default/seed-payment-feature-3'),
    );
    expect(feature.block).toMatchObject({
      level: 'feature',
      transferTo: 'user:default/seed-component-owner-b',
    });

    // collaborating teams beside the one owner
    const shared = readOwnershipModel(
      entity('api:default/seed-shared-customer-profile-api'),
    );
    expect(shared.owner).toBe('group:default/seed-customer-team');
    expect(shared.block?.collaborators).toEqual([
      'group:default/seed-payments-team',
      'group:default/seed-order-team',
    ]);

    // contacts reachable in business hours only
    const ci = readOwnershipModel(
      entity('component:default/seed-chat-backend-ci'),
    );
    expect(ci.block?.workingHours.primary).toEqual({
      timeZone: 'UTC',
      days: ['mon', 'tue', 'wed', 'thu', 'fri'],
      start: '09:00',
      end: '17:00',
    });

    // RACI: "Security Lead → CISO → CEO", and a row without Responsible
    const security = readOwnershipModel(
      entity('racimatrix:default/seed-chat-backend-raci-8-security-compliance'),
    );
    expect(security.activities[0].escalationPath).toEqual([
      'user:default/seed-security-lead',
      'user:default/seed-ciso',
      'user:default/seed-ceo',
    ]);
    expect(security.activities[1]).toMatchObject({
      name: 'GDPR/data privacy compliance',
      responsible: [],
      accountable: ['group:default/seed-legal'],
    });
  });
});
