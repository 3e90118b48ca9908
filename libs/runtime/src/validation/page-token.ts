import { InvalidArgumentError } from '../grpc/domain-errors.js';

/** What a token holds: the listing it belongs to and the sort key of the page's last item. */
interface TokenBody {
  /** The listing: service, RPC and every filter; a token continues only that listing. */
  readonly s: string;
  /** The last item's sort key, as strings. */
  readonly k: readonly string[];
}

/**
 * Opaque page tokens, one format for every listing of the three services:
 * base64url JSON of the listing's scope and the last key shown (keyset
 * paging stays right while items are added). Callers cannot read them;
 * anything that does not decode, belongs to another listing or carries a key
 * the listing would not have written is INVALID_ARGUMENT, never a value
 * that reaches the database.
 */
export function encodePageToken(scope: string, key: readonly string[]): string {
  const body: TokenBody = { s: scope, k: key };
  return Buffer.from(JSON.stringify(body)).toString('base64url');
}

/**
 * The key to continue after, or null for the first page (an empty token).
 * `keyIsValid` says whether a key is one this listing writes (e.g. a positive
 * int64): a token is signed by nothing, so its key is checked like any input.
 */
export function decodePageToken(
  token: string,
  scope: string,
  keyIsValid: (key: readonly string[]) => boolean,
  field = 'page_token',
): readonly string[] | null {
  if (token === '') return null;
  const body = parse(token);
  if (!body) throw new InvalidArgumentError(field, 'is not a page token this service gave out');
  if (body.s !== scope) throw new InvalidArgumentError(field, 'belongs to another listing (its filters differ)');
  if (!keyIsValid(body.k)) throw new InvalidArgumentError(field, 'is not a page token this service gave out');
  return body.k;
}

function parse(token: string): TokenBody | null {
  if (!/^[A-Za-z0-9_-]+$/.test(token)) return null;
  try {
    const value: unknown = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
    if (typeof value !== 'object' || value === null) return null;
    const { s, k } = value as Record<string, unknown>;
    if (typeof s !== 'string' || !Array.isArray(k) || !k.every((part) => typeof part === 'string')) return null;
    return { s, k: k };
  } catch {
    return null;
  }
}
