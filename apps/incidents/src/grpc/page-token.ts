import { isPositiveInt64 } from '@vigil/contracts/int64';
import { InvalidArgumentError } from '@vigil/runtime';
import { decodePageToken as decodeSharedToken, encodePageToken as encodeSharedToken } from '@vigil/runtime/validation';

const DEFAULT_PAGE_SIZE = 100;
const MAX_PAGE_SIZE = 1000;

/** 0 = the default; above the maximum = the maximum; negative is refused. */
export function pageSize(requested: number, field = 'page_size'): number {
  if (!Number.isInteger(requested) || requested < 0) {
    throw new InvalidArgumentError(field, `must not be negative, got ${requested}`);
  }
  if (requested === 0) return DEFAULT_PAGE_SIZE;
  return Math.min(requested, MAX_PAGE_SIZE);
}

/** The one key incidents' listings page by: an id or identifier, a positive int64. */
function isIdKey(key: readonly string[]): boolean {
  return key.length === 1 && isPositiveInt64(key[0] ?? '');
}

/** The key to continue after, or null for the first page (an empty token); the shared codec's checks. */
export function decodePageToken(token: string, scope: string, field = 'page_token'): string | null {
  return decodeSharedToken(token, `incidents.${scope}`, isIdKey, field)?.[0] ?? null;
}

export function encodePageToken(scope: string, after: string): string {
  return encodeSharedToken(`incidents.${scope}`, [after]);
}

/** Splits a fetch of `size + 1` rows into the page and the token of the next one. */
export function page<T>(
  rows: readonly T[],
  size: number,
  scope: string,
  keyOf: (item: T) => string,
): { items: T[]; nextPageToken: string } {
  const items = rows.slice(0, size);
  const last = items.at(-1);
  return { items, nextPageToken: rows.length > size && last !== undefined ? encodePageToken(scope, keyOf(last)) : '' };
}
