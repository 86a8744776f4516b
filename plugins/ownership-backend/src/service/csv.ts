import { stringify } from 'csv-stringify';
import { Response } from 'express';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';

/**
 * Keeps a spreadsheet from running a cell as a formula: catalog titles and
 * comments are written by anyone who can edit a catalog-info.yaml.
 */
export function neutralizeCsvCell(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

/** Streams batches of items to the response as a CSV download. */
export async function sendCsv<T>(
  res: Response,
  filename: string,
  columns: Array<{ key: string; header: string }>,
  batches: AsyncIterable<T[]>,
  toRecord: (item: T) => Record<string, unknown>,
): Promise<void> {
  res.setHeader('Content-Type', 'text/csv; charset=utf-8');
  res.setHeader('Content-Disposition', `attachment; filename="${filename}"`);
  async function* records() {
    for await (const batch of batches) {
      for (const item of batch) {
        yield toRecord(item);
      }
    }
  }
  await pipeline(
    Readable.from(records()),
    stringify({
      header: true,
      columns,
      cast: { string: neutralizeCsvCell },
    }),
    res,
  );
}
