/*
 * The generated organisation shared by the benchmarks (not a test; never run
 * in CI): a group hierarchy, users, escalation policies, RACI matrices and
 * components in a realistic mix of ownership states, the same for every run.
 */
import { Entity } from '@backstage/catalog-model';

// Deterministic pseudo-random numbers, so every run sees the same catalog.
export function random(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The shape of the generated organisation for a number of components. */
export function orgShape(components: number) {
  const teams = Math.max(10, Math.ceil(components / 20));
  const departments = Math.max(2, Math.ceil(teams / 8));
  return { teams, departments };
}

function teamSize(team: number): number {
  const r = random(team * 7919)();
  if (r < 0.04) return 0; // empty team
  if (r < 0.12) return 1; // bus factor 1
  return 2 + (Math.floor(r * 100) % 8);
}

const meta = (kind: string, name: string, extra: object = {}) => ({
  apiVersion:
    kind === 'EscalationPolicy' || kind === 'RaciMatrix'
      ? 'ownership.dev/v1alpha1'
      : 'backstage.io/v1alpha1',
  kind,
  metadata: { name, namespace: 'default', ...extra },
});

/** Generates the catalog lazily, one entity at a time. */
export function* generateCatalog(
  components: number,
  changedFraction = 0,
): Generator<Entity> {
  const { teams, departments } = orgShape(components);
  yield {
    ...meta('Group', 'org'),
    spec: { type: 'organization', children: [] },
  };
  for (let d = 0; d < departments; d++) {
    yield {
      ...meta('Group', `dept-${d}`, { title: `Department ${d}` }),
      spec: { type: 'department', parent: 'org', children: [] },
    };
    yield {
      ...meta('EscalationPolicy', `policy-dept-${d}`),
      spec: {
        owner: `group:default/dept-${d}`,
        levels: [
          {
            name: 'Primary on-call',
            escalateAfter: '15m',
            targets: [
              {
                type: 'schedule',
                id: `dept-${d}-primary`,
                rota: {
                  members: [`user:default/u-${d * 8}-0`],
                  rotation: '1w',
                  start: '2026-01-05',
                },
              },
            ],
          },
          {
            name: 'Department',
            escalateAfter: '1h',
            targets: [{ type: 'group', id: `group:default/dept-${d}` }],
          },
        ],
      },
    } as Entity;
    yield {
      ...meta('RaciMatrix', `raci-dept-${d}`),
      spec: {
        owner: `group:default/dept-${d}`,
        appliesTo: [],
        activities: [
          {
            name: 'Deployment',
            responsible: [`group:default/team-${d * 8}`],
            accountable: `group:default/dept-${d}`,
            consulted: [`group:default/team-${d * 8 + 1}`],
          },
        ],
      },
    } as Entity;
  }
  for (let t = 0; t < teams; t++) {
    const size = teamSize(t);
    const members: string[] = [];
    for (let k = 0; k < size; k++) {
      // half of the memberships come from the group, half from the user
      if (k % 2 === 0) members.push(`u-${t}-${k}`);
    }
    yield {
      ...meta('Group', `team-${t}`, { title: `Team ${t}` }),
      spec: {
        type: 'team',
        parent: `dept-${t % departments}`,
        children: [],
        members,
        profile: { displayName: `Team ${t}`, email: `team-${t}@acme.example` },
      },
    };
    for (let k = 0; k < size; k++) {
      yield {
        ...meta('User', `u-${t}-${k}`),
        spec: {
          profile: {
            displayName: `User ${t}.${k}`,
            email: `u-${t}-${k}@acme.example`,
          },
          memberOf: k % 2 === 1 ? [`team-${t}`] : [],
        },
      };
    }
  }
  const systems = Math.max(1, Math.floor(components / 50));
  for (let c = 0; c < components; c++) {
    const r = random(c + 1);
    const pick = r();
    const team = c % teams;
    let owner: string;
    if (pick < 0.8) owner = `group:default/team-${team}`;
    else if (pick < 0.85) owner = `user:default/u-${team}-0`; // may not exist
    else if (pick < 0.89) owner = `group:default/ghost-team-${c % 97}`;
    else if (pick < 0.9) owner = `user:default/ghost-user-${c % 89}`;
    else if (pick < 0.95) owner = `dept-${team % departments}`;
    else owner = `team-${team}`;
    const tierPick = r();
    let tier: string | undefined;
    if (tierPick < 0.15) tier = 'tier-1';
    else if (tierPick < 0.5) tier = 'tier-2';
    else if (tierPick < 0.65) tier = 'tier-3';
    const policyPick = r();
    let escalationPolicy: string | undefined;
    if (tier === 'tier-1' && policyPick < 0.8) {
      escalationPolicy = `escalationpolicy:default/policy-dept-${
        team % departments
      }`;
    } else if (tier === 'tier-1' && policyPick < 0.9) {
      escalationPolicy = 'escalationpolicy:default/no-such-policy';
    }
    const feature = r() < 0.03;
    // a separate stream, so that changing 1% leaves the rest identical
    const changed = random(c * 31 + 7)() < changedFraction;
    yield {
      ...meta(
        'Component',
        `svc-${c}`,
        r() < 0.5 ? { title: `Service ${c}` } : {},
      ),
      spec: {
        type: ['service', 'service', 'website', 'library'][c % 4],
        lifecycle: ['production', 'production', 'experimental', 'deprecated'][
          c % 4
        ],
        owner: changed ? `group:default/team-${(team + 1) % teams}` : owner,
        ...(r() < 0.7 ? { system: `system-${c % systems}` } : {}),
        ...(tier || feature
          ? {
              ownership: {
                ...(tier ? { tier } : {}),
                ...(escalationPolicy ? { escalationPolicy } : {}),
                ...(feature
                  ? {
                      level: 'feature',
                      feature: `Feature ${c}`,
                      expires: c % 2 ? '2025-01-31' : '2031-01-31',
                    }
                  : {}),
                primary: `user:default/u-${team}-0`,
              },
            }
          : {}),
      },
    };
  }
}
