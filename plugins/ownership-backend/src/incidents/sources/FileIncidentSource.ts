import { IncidentInput } from '@service-ownership/plugin-ownership-common';
import {
  IncidentSource,
  IncidentSourcePullOptions,
} from '@service-ownership/plugin-ownership-node';
import { readFile } from 'node:fs/promises';
import { extname } from 'node:path';
import { chunks } from '../../database/sql';
import { parseCsvRecords } from './csv';

const BATCH = 500;

const BOOLEANS: Record<string, boolean> = {
  true: true,
  yes: true,
  '1': true,
  false: false,
  no: false,
  '0': false,
};

/**
 * One CSV record as an incident. Values that do not convert are passed on
 * as written, so that ingestion rejects them naming the field.
 */
function fromCsv(record: Record<string, string>): Record<string, unknown> {
  const { escalated, levelsReached, responders, ...rest } = record;
  const flag = escalated?.toLowerCase();
  const levels =
    levelsReached !== undefined ? Number(levelsReached) : undefined;
  return {
    ...rest,
    ...(escalated !== undefined
      ? { escalated: flag in BOOLEANS ? BOOLEANS[flag] : escalated }
      : {}),
    ...(levelsReached !== undefined
      ? { levelsReached: Number.isFinite(levels) ? levels : levelsReached }
      : {}),
    ...(responders !== undefined
      ? {
          responders: responders
            .split(';')
            .map(r => r.trim())
            .filter(Boolean),
        }
      : {}),
  };
}

const time = (value: unknown) =>
  typeof value === 'string' ? Date.parse(value) : Number.NaN;

/**
 * The file as it stands at `now`: incidents created later are left out
 * (example data is written ahead and becomes due over time), and an
 * acknowledgement or resolution later than `now` has not happened yet.
 * Anything that does not parse is passed on for ingestion to reject.
 */
function asOf(items: unknown[], now: number): unknown[] {
  const due: unknown[] = [];
  for (const item of items) {
    const o = item as Record<string, unknown> | null;
    if (!o || typeof o !== 'object') {
      due.push(item);
      continue;
    }
    if (time(o.createdAt) > now) {
      continue;
    }
    const happened = (value: unknown) =>
      value !== undefined && !(time(value) > now);
    const { acknowledgedAt, resolvedAt, ...rest } = o;
    due.push({
      ...rest,
      ...(happened(acknowledgedAt) ? { acknowledgedAt } : {}),
      ...(happened(resolvedAt) ? { resolvedAt } : {}),
    });
  }
  return due;
}

/**
 * Imports incidents from a CSV or JSON file (`ownership.incidents.sources.file`),
 * so that the metrics work without an incident tool. The whole file is read
 * on every pull: re-sent incidents that did not change stay unchanged.
 *
 * CSV: a header row with the IncidentInput fields (`id`, `entityRef`,
 * `severity`, `createdAt`, `acknowledgedAt`, `resolvedAt`, `escalated`,
 * `levelsReached`, `responders` separated by `;`). JSON: an array of
 * incidents or `{ "incidents": [...] }`. Incidents created after the
 * moment of the pull are skipped without a word until they are due.
 */
export class FileIncidentSource implements IncidentSource {
  readonly id: string;

  constructor(
    private readonly options: {
      path: string;
      format?: 'csv' | 'json';
      id?: string;
      clock?: () => Date;
    },
  ) {
    this.id = options.id ?? 'file';
  }

  async *pull(
    options: IncidentSourcePullOptions,
  ): AsyncIterable<IncidentInput[]> {
    const text = await readFile(this.options.path, {
      encoding: 'utf8',
      signal: options.signal,
    });
    const format =
      this.options.format ??
      (extname(this.options.path).toLowerCase() === '.csv' ? 'csv' : 'json');
    let items: unknown[];
    if (format === 'csv') {
      items = parseCsvRecords(text).map(fromCsv);
    } else {
      const parsed: unknown = JSON.parse(text);
      const list = Array.isArray(parsed)
        ? parsed
        : (parsed as { incidents?: unknown })?.incidents;
      if (!Array.isArray(list)) {
        throw new Error(
          `${this.options.path} holds neither an array of incidents nor { "incidents": [...] }`,
        );
      }
      items = list;
    }
    const now = (this.options.clock ?? (() => new Date()))().getTime();
    for (const batch of chunks(asOf(items, now), BATCH)) {
      // checked one by one by ingestion, like any batch
      yield batch as IncidentInput[];
    }
  }
}
