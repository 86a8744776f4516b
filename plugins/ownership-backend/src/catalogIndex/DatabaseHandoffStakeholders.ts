import { DatabaseService } from '@backstage/backend-plugin-api';
import { Knex } from 'knex';
import { getMigratedClient } from '../database/client';
import { LINKS } from '../database/tables';

/**
 * The link type that records which entities a RACI matrix applies to
 * (`spec.appliesTo`): matrix → entity.
 */
export const RACI_APPLIES_TO_LINK = 'raci-applies-to';

/** The RACI parties of the matrices that apply to an entity. */
export interface RaciStakeholders {
  accountable: string[];
  informed: string[];
}

/**
 * The Accountable and Informed of every activity of the RACI matrices that
 * apply to `entityRef`, as the index knows them: users and groups, sorted.
 */
export async function readRaciStakeholders(
  db: Knex,
  entityRef: string,
): Promise<RaciStakeholders> {
  const rows: Array<{ target_ref: string; detail: string }> = await db(
    `${LINKS} as r`,
  )
    .join(`${LINKS} as a`, 'a.source_ref', 'r.source_ref')
    .where('a.link_type', RACI_APPLIES_TO_LINK)
    .where('a.target_ref', entityRef)
    .where('r.link_type', 'raci')
    .distinct('r.target_ref', 'r.detail');
  const accountable = new Set<string>();
  const informed = new Set<string>();
  for (const row of rows) {
    let letter: unknown;
    try {
      letter = (JSON.parse(row.detail) as unknown[])[1];
    } catch {
      continue;
    }
    if (letter === 'A') {
      accountable.add(row.target_ref);
    } else if (letter === 'I') {
      informed.add(row.target_ref);
    }
  }
  return {
    accountable: [...accountable].sort(),
    informed: [...informed].sort(),
  };
}

/** Reads the RACI stakeholders of entities from the ownership index. */
export class DatabaseHandoffStakeholders {
  static async create(options: {
    database: Pick<DatabaseService, 'getClient' | 'migrations'>;
  }): Promise<DatabaseHandoffStakeholders> {
    return new DatabaseHandoffStakeholders(
      await getMigratedClient(options.database),
    );
  }

  constructor(private readonly db: Knex) {}

  getRaciStakeholders(entityRef: string): Promise<RaciStakeholders> {
    return readRaciStakeholders(this.db, entityRef);
  }
}
