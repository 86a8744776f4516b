import {
  EntityRaciSummary,
  normalizeOwnershipRef,
  OwnershipFinding,
  RACI_ROLES,
  RaciRole,
} from '@service-ownership/plugin-ownership-common';

/**
 * One activity with its participants as ref lists: a row of the entity
 * ownership response, or of `readOwnershipModel(entity).activities`.
 */
export type RaciRow = EntityRaciSummary['activities'][number] & {
  description?: string;
};

/** The name of a RACI letter, from the suite's one table of roles. */
export function raciRoleLabel(letter: RaciRole): string {
  return RACI_ROLES.find(r => r.letter === letter)?.label ?? letter;
}

/** A participant's key: the full ref, or the text as written if malformed. */
export function participantKey(ref: string, defaultNamespace?: string): string {
  return (
    normalizeOwnershipRef(ref, { defaultKind: 'group', defaultNamespace }) ??
    ref
  );
}

export type RaciModel = {
  /** Participants (columns) in order of first appearance. */
  participants: string[];
  /** Per row: participant key to roles. */
  cells: Array<Map<string, RaciRole[]>>;
  /** Per row: violation messages. */
  violations: Array<OwnershipFinding[]>;
  /** Findings not about one activity. */
  general: OwnershipFinding[];
};

const ACTIVITY_PATH = /^spec\.activities\[(\d+)\]/;

/** Columns, cells and per-row violations of a matrix, computed once. */
export function buildRaciModel(
  rows: RaciRow[],
  findings: OwnershipFinding[],
  defaultNamespace?: string,
): RaciModel {
  const participants: string[] = [];
  const seen = new Set<string>();
  const cells = rows.map(row => {
    const roles = new Map<string, RaciRole[]>();
    for (const { role: key, letter: role } of RACI_ROLES) {
      for (const ref of row[key]) {
        const participant = participantKey(ref, defaultNamespace);
        if (!seen.has(participant)) {
          seen.add(participant);
          participants.push(participant);
        }
        const existing = roles.get(participant);
        if (existing) {
          if (!existing.includes(role)) existing.push(role);
        } else {
          roles.set(participant, [role]);
        }
      }
    }
    return roles;
  });

  const violations: OwnershipFinding[][] = rows.map(() => []);
  const general: OwnershipFinding[] = [];
  for (const finding of findings) {
    const match = ACTIVITY_PATH.exec(finding.path);
    const index = match ? Number(match[1]) : -1;
    if (index >= 0 && index < rows.length) {
      violations[index].push(finding);
    } else {
      general.push(finding);
    }
  }
  return { participants, cells, violations, general };
}

/** How many distinct participants the rows name. */
export function countParticipants(
  rows: RaciRow[],
  defaultNamespace?: string,
): number {
  const keys = new Set<string>();
  for (const row of rows) {
    for (const { role } of RACI_ROLES) {
      row[role].forEach(ref => keys.add(participantKey(ref, defaultNamespace)));
    }
  }
  return keys.size;
}
