import {
  RACI_ROLES,
  RaciRole,
} from '@service-ownership/plugin-ownership-common';
import { Knex } from 'knex';
import { subtreeSql } from '../catalogIndex/graphSql';
import {
  EntityQueryRow,
  entityQuery,
  withReasons,
} from '../catalogIndex/indexedEntities';
import { clientOf, count, rawRows } from '../database/sql';
import { ENTITIES, GROUPS, LINKS, POLICIES } from '../database/tables';
import { orphanFilter } from './orphanQuery';
import { TeamRecord } from './ReportsStore';

const RACI_LETTERS: ReadonlySet<string> = new Set(
  RACI_ROLES.map(r => r.letter),
);

function raciRole(row: {
  source_ref: string;
  target_ref: string;
  detail: string;
}): TeamRecord['raciRoles'] {
  try {
    const [activity, role] = JSON.parse(row.detail);
    return RACI_LETTERS.has(role)
      ? [
          {
            matrixRef: row.source_ref,
            activity: String(activity),
            role: role as RaciRole,
            participant: row.target_ref,
          },
        ]
      : [];
  } catch {
    return [];
  }
}

/**
 * What a group and the groups below it own, collaborate on, hold RACI
 * roles in and are on escalation policies for, from the index.
 *
 * Every list holds at most `options.limit` items (the first in ref order).
 * Owned entities and gaps come with their totals; RACI roles and escalation
 * policies are only cut, as the response has no totals for them.
 */
export async function readTeam(
  db: Knex,
  groupRef: string,
  options: { limit: number },
): Promise<TeamRecord | undefined> {
  const group = await db(GROUPS).where({ entity_ref: groupRef }).first();
  if (!group) {
    return undefined;
  }
  const subtree = subtreeSql(clientOf(db));
  const subtreeRows = rawRows<{ group_ref: string }>(
    await db.raw(subtree, [groupRef]),
  );
  const childGroups = subtreeRows
    .map(r => r.group_ref)
    .filter(ref => ref !== groupRef)
    .sort();
  const inSubtree = (column: string) =>
    db.raw(`${column} IN (${subtree})`, [groupRef]);

  const ownedQuery = () => entityQuery(db).where(inSubtree('e.owner_ref'));
  // Read inside a snapshot transaction: one client, so one query at a time
  // (pg refuses overlapping queries on one client from pg 9 on).
  const ownedRows = (await ownedQuery()
    .orderBy('e.entity_ref')
    .limit(options.limit)) as EntityQueryRow[];
  const ownedTotal = await db(`${ENTITIES} as e`)
    .where(inSubtree('e.owner_ref'))
    .count({ count: '*' })
    .first();
  const gapRows = (await orphanFilter(db, ownedQuery(), {})
    .orderBy('e.error_count', 'desc')
    .orderBy('e.entity_ref')
    .limit(options.limit)) as EntityQueryRow[];
  const gapTotal = await orphanFilter(
    db,
    db(`${ENTITIES} as e`).where(inSubtree('e.owner_ref')),
    {},
  )
    .count({ count: '*' })
    .first();

  const collaborationRows: Array<{
    entity_ref: string;
    kind: string;
    title: string | null;
    owner_ref: string | null;
    collaborator: string;
  }> = await db(`${LINKS} as l`)
    .join(`${ENTITIES} as e`, 'e.entity_ref', 'l.source_ref')
    .where('l.link_type', 'collaborator')
    .where(inSubtree('l.target_ref'))
    .orderBy(['e.entity_ref', 'l.target_ref'])
    .limit(options.limit)
    .select('e.entity_ref', 'e.kind', 'e.title', 'e.owner_ref', {
      collaborator: 'l.target_ref',
    });

  const raciRows: Array<{
    source_ref: string;
    target_ref: string;
    detail: string;
  }> = await db(`${LINKS} as l`)
    .where('l.link_type', 'raci')
    .where(q =>
      q.where(inSubtree('l.target_ref')).orWhere(
        db.raw(
          `l.target_ref IN (SELECT m.target_ref FROM ${LINKS} m
             WHERE m.link_type = 'member' AND m.source_ref IN (${subtree}))`,
          [groupRef],
        ),
      ),
    )
    .orderBy(['l.source_ref', 'l.detail', 'l.target_ref'])
    .limit(options.limit)
    .select('l.source_ref', 'l.target_ref', 'l.detail');

  // The first `limit` policies the team is a target of, with all their
  // levels that name the team (a policy's levels are few).
  const targetedPolicies = db(`${LINKS} as t`)
    .distinct('t.source_ref')
    .where('t.link_type', 'policy-target')
    .where(inSubtree('t.target_ref'))
    .orderBy('t.source_ref')
    .limit(options.limit);
  const ownedPolicies: Array<{ entity_ref: string }> = await db(POLICIES)
    .where(inSubtree('owner_ref'))
    .orderBy('entity_ref')
    .limit(options.limit)
    .select('entity_ref');
  const targetRows: Array<{ source_ref: string; detail: string }> = await db(
    `${LINKS} as l`,
  )
    .where('l.link_type', 'policy-target')
    .where(inSubtree('l.target_ref'))
    .whereIn('l.source_ref', targetedPolicies)
    .orderBy(['l.source_ref', 'l.detail'])
    .select('l.source_ref', 'l.detail');
  const policies = new Map<string, TeamRecord['escalationPolicies'][0]>();
  for (const p of ownedPolicies) {
    policies.set(p.entity_ref, {
      policyRef: p.entity_ref,
      levels: [],
      as: 'owner',
    });
  }
  for (const t of targetRows) {
    const policy = policies.get(t.source_ref) ?? {
      policyRef: t.source_ref,
      levels: [],
      as: 'target' as const,
    };
    if (!policy.levels.includes(t.detail)) {
      policy.levels.push(t.detail);
    }
    policies.set(t.source_ref, policy);
  }

  return {
    entityRef: group.entity_ref,
    title: group.title ?? undefined,
    memberCount: Number(group.member_count),
    childGroups,
    owned: await withReasons(db, ownedRows),
    ownedTotalCount: count(ownedTotal),
    gaps: await withReasons(db, gapRows),
    gapsTotalCount: count(gapTotal),
    collaborations: collaborationRows.map(r => ({
      entityRef: r.entity_ref,
      kind: r.kind,
      title: r.title ?? undefined,
      owner: r.owner_ref ?? undefined,
      collaborator: r.collaborator,
    })),
    raciRoles: raciRows.flatMap(raciRole),
    escalationPolicies: [...policies.values()]
      .sort((a, b) => a.policyRef.localeCompare(b.policyRef))
      .slice(0, options.limit),
  };
}
