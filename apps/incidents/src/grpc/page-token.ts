import { InvalidArgumentError } from '@vigil/runtime';

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

interface TokenContent {
  /** What was listed (e.g. the organization and status filter); a token only continues the same listing. */
  readonly scope: string;
  /** The sort key of the previous page's last item. */
  readonly after: string;
}

/**
 * Page tokens are opaque to callers: base64url JSON of the listing's scope
 * and the last key shown. Keyset paging stays correct while items are added.
 */
export function encodePageToken(scope: string, after: string): string {
  const content: TokenContent = { scope, after };
  return Buffer.from(JSON.stringify(content)).toString('base64url');
}

/** The key to continue after, or null for the first page (an empty token). */
export function decodePageToken(token: string, scope: string, field = 'page_token'): string | null {
  if (token === '') return null;
  const content = parse(token);
  if (!content) throw new InvalidArgumentError(field, 'is not a token this service gave out');
  if (content.scope !== scope) throw new InvalidArgumentError(field, 'belongs to another listing (its filters differ)');
  return content.after;
}

function parse(token: string): TokenContent | null {
  try {
    const value: unknown = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
    if (typeof value !== 'object' || value === null) return null;
    const { scope, after } = value as Record<string, unknown>;
    return typeof scope === 'string' && typeof after === 'string' && /^[0-9]{1,19}$/.test(after)
      ? { scope, after }
      : null;
  } catch {
    return null;
  }
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
