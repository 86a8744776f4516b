import { OwnershipLintError } from './errors';
import { refKey } from './refs';

const BATCH_SIZE = 100;
const DEFAULT_TIMEOUT_MS = 30_000;

/** Options for {@link findExistingRefs}. */
export interface CatalogClientOptions {
  /** Base URL of the Backstage backend, e.g. `https://backstage.example.com`. */
  baseUrl: string;
  /** A Backstage token, sent as a bearer token. */
  token?: string;
  timeoutMs?: number;
}

/**
 * The URL of the catalog's by-refs endpoint. The base URL may be the
 * backend's root or already point at the catalog API.
 */
export function byRefsUrl(baseUrl: string): string {
  let url: URL;
  try {
    url = new URL(baseUrl);
  } catch {
    throw new OwnershipLintError(
      `Invalid catalog URL "${baseUrl}": give the base URL of the Backstage backend, e.g. https://backstage.example.com`,
    );
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new OwnershipLintError(
      `Invalid catalog URL "${baseUrl}": only http and https are supported`,
    );
  }
  const base = url.href.replace(/\/+$/, '');
  if (/\/api\/catalog$/.test(base)) {
    return `${base}/entities/by-refs`;
  }
  return `${base}/api/catalog/entities/by-refs`;
}

function describeFetchError(error: unknown, timeoutMs?: number): string {
  const e = error as {
    name?: string;
    message?: string;
    cause?: { code?: string; message?: string };
  };
  if (e?.name === 'TimeoutError') {
    return `no answer within ${
      (timeoutMs ?? DEFAULT_TIMEOUT_MS) / 1000
    }s, the request timed out`;
  }
  if (e?.cause?.code) {
    return `${e.cause.code}${e.cause.message ? ` (${e.cause.message})` : ''}`;
  }
  if (e?.cause?.message) {
    return `${e.message ?? 'fetch failed'} (${e.cause.message})`;
  }
  return e?.message ?? String(error);
}

async function readErrorBody(response: Response): Promise<string> {
  try {
    const text = await response.text();
    try {
      const body = JSON.parse(text);
      if (typeof body?.error?.message === 'string') {
        return body.error.message;
      }
    } catch {
      // not JSON, show the text
    }
    return text.replace(/\s+/g, ' ').trim().slice(0, 200);
  } catch {
    return '';
  }
}

/**
 * Asks a live Backstage catalog which of the refs exist, in batches of 100
 * on `POST /api/catalog/entities/by-refs`. Returns the keys (see
 * {@link refKey}) of the refs that exist.
 *
 * @throws OwnershipLintError when the catalog cannot be reached or answers
 *   with an error.
 */
export async function findExistingRefs(
  refs: string[],
  options: CatalogClientOptions,
): Promise<Set<string>> {
  const url = byRefsUrl(options.baseUrl);
  const unique = [
    ...new Map(refs.map(ref => [refKey(ref), ref] as const)).values(),
  ];
  const existing = new Set<string>();
  for (let i = 0; i < unique.length; i += BATCH_SIZE) {
    const batch = unique.slice(i, i + BATCH_SIZE);
    let response: Response;
    try {
      response = await fetch(url, {
        method: 'POST',
        headers: {
          'Content-Type': 'application/json',
          Accept: 'application/json',
          ...(options.token
            ? { Authorization: `Bearer ${options.token}` }
            : {}),
        },
        body: JSON.stringify({
          entityRefs: batch,
          fields: ['kind', 'metadata.namespace', 'metadata.name'],
        }),
        signal: AbortSignal.timeout(options.timeoutMs ?? DEFAULT_TIMEOUT_MS),
      });
    } catch (error) {
      throw new OwnershipLintError(
        `Could not reach the catalog at ${url}: ${describeFetchError(
          error,
          options.timeoutMs,
        )}`,
        { cause: error },
      );
    }
    if (!response.ok) {
      const detail = await readErrorBody(response);
      const hint =
        response.status === 401 || response.status === 403
          ? ' Check the token (--token or OWNERSHIP_LINT_TOKEN).'
          : '';
      throw new OwnershipLintError(
        `The catalog at ${url} answered ${response.status} ${
          response.statusText
        }${detail ? `: ${detail}` : ''}.${hint}`,
      );
    }
    let body: unknown;
    try {
      body = await response.json();
    } catch (error) {
      throw new OwnershipLintError(
        `The catalog at ${url} did not answer with JSON: ${describeFetchError(
          error,
        )}`,
        { cause: error },
      );
    }
    const items = (body as { items?: unknown })?.items;
    if (!Array.isArray(items) || items.length !== batch.length) {
      throw new OwnershipLintError(
        `Unexpected answer from the catalog at ${url}: expected {"items": [...]} with one item per ref`,
      );
    }
    items.forEach((item, j) => {
      if (item) {
        existing.add(refKey(batch[j]));
      }
    });
  }
  return existing;
}
