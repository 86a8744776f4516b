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

/**
 * Streams batches of items to the response as a CSV download. The first
 * batch is read before anything is sent, so that a failing read is answered
 * with an error status rather than a truncated file.
 */
export async function sendCsv<T>(
  res: Response,
  filename: string,
  /** The record keys to write, in order; each is also its column's header. */
  columns: string[],
  batches: AsyncIterable<T[]>,
  toRecord: (item: T) => Record<string, unknown>,
): Promise<void> {
  const iterator = batches[Symbol.asyncIterator]();
  let first: IteratorResult<T[]>;
  try {
    first = await iterator.next();
  } catch (error) {
    await iterator.return?.();
    throw error;
  }
  res.setHeader('Content-Type', 'text/csv; charset=utf-8');
  res.setHeader('Content-Disposition', `attachment; filename="${filename}"`);
  async function* records() {
    try {
      for (let batch = first; !batch.done; batch = await iterator.next()) {
        for (const item of batch.value) {
          yield toRecord(item);
        }
      }
    } finally {
      // a client that went away ends the source too
      await iterator.return?.();
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
