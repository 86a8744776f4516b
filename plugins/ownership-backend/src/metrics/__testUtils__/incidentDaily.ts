import { Knex } from 'knex';
import { INCIDENT_DAILY } from '../../database/tables';
import { ROLLUP_VALUE_COLUMNS } from '../rollup';

/** A cell of the daily rollup; durations in seconds, unset counts 0. */
export interface DailyCell {
  day: string;
  /** '' for incidents charged to no team. */
  ownerRef?: string;
  incidents: number;
  escalated?: number;
  slaMet?: number;
  tta?: { count: number; sum: number };
  ttr?: { count: number; sum: number };
}

/** Writes cells of ownership_incident_daily as ingestion would leave them. */
export async function insertDailyCells(
  knex: Knex,
  cells: DailyCell[],
  slaDefaultMinutes = 15,
): Promise<void> {
  await knex(INCIDENT_DAILY).insert(
    cells.map(c => ({
      ...Object.fromEntries(ROLLUP_VALUE_COLUMNS.map(col => [col, 0])),
      day: c.day,
      owner_ref: c.ownerRef ?? '',
      sla_default_minutes: slaDefaultMinutes,
      incidents: c.incidents,
      p2: c.incidents,
      escalated: c.escalated ?? 0,
      sla_met: c.slaMet ?? 0,
      tta_count: c.tta?.count ?? 0,
      tta_sum: c.tta?.sum ?? 0,
      tta_max: null,
      ttr_count: c.ttr?.count ?? 0,
      ttr_sum: c.ttr?.sum ?? 0,
      ttr_max: null,
    })),
  );
}
