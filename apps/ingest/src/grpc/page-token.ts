import { decodePageToken as decodeSharedToken, encodePageToken as encodeSharedToken } from '@vigil/runtime/validation';
import { InvalidArgumentError } from '@vigil/runtime';

const GROUP_ID = /^[0-9a-f]{32}$/;

// ListGroups pages by group id; the scope binds a token to the project it was listed for,
// so a token cannot be replayed against another project.
const scopeOf = (projectId: string) => `ingest.groups:${projectId}`;

export function encodePageToken(projectId: string, lastGroupId: string): string {
  return encodeSharedToken(scopeOf(projectId), [lastGroupId]);
}

export function decodePageToken(token: string, projectId: string): string | null {
  const key = decodeSharedToken(token, scopeOf(projectId), (k) => k.length === 1 && GROUP_ID.test(k[0] ?? ''));
  return key?.[0] ?? null;
}

export function pageSizeOf(requested: number): number {
  if (requested < 0) throw new InvalidArgumentError('page_size', `must not be negative, got ${requested}`);
  if (requested === 0) return 100;
  return Math.min(requested, 1000);
}
