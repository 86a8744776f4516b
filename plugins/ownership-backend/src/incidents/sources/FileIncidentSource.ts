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

/**
 * Imports incidents from a CSV or JSON file (`ownership.incidents.sources.file`),
 * so that the metrics work without an incident tool. The whole file is read
 * on every pull: re-sent incidents that did not change stay unchanged.
 *
 * CSV: a header row with the IncidentInput fields (`id`, `entityRef`,
 * `severity`, `createdAt`, `acknowledgedAt`, `resolvedAt`, `escalated`,
 * `levelsReached`, `responders` separated by `;`). JSON: an array of
 * incidents or `{ "incidents": [...] }`.
 */
export class FileIncidentSource implements IncidentSource {
  readonly id: string;

  constructor(
    private readonly options: {
      path: string;
      format?: 'csv' | 'json';
      id?: string;
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
    for (const batch of chunks(items, BATCH)) {
      // checked one by one by ingestion, like any batch
      yield batch as IncidentInput[];
    }
  }
}
