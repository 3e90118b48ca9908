import { InvalidArgumentError } from '@vigil/runtime';

/**
 * Opaque page tokens for ListGroups: the last group id of the page, bound
 * to the project it was listed for, so a token cannot be replayed against
 * another project.
 */
export function encodePageToken(projectId: string, lastGroupId: string): string {
  return Buffer.from(JSON.stringify({ p: projectId, g: lastGroupId })).toString('base64url');
}

export function decodePageToken(token: string, projectId: string): string | null {
  if (token === '') return null;
  try {
    const parsed: unknown = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
    if (typeof parsed === 'object' && parsed !== null && 'p' in parsed && 'g' in parsed) {
      const { p, g } = parsed;
      if (p === projectId && typeof g === 'string' && /^[0-9a-f]{32}$/.test(g)) return g;
    }
  } catch {
    // fall through: the message below says what is wrong
  }
  throw new InvalidArgumentError('page_token', 'is not a token from a previous ListGroups answer for this project');
}

export function pageSizeOf(requested: number): number {
  if (requested < 0) throw new InvalidArgumentError('page_size', `must not be negative, got ${requested}`);
  if (requested === 0) return 100;
  return Math.min(requested, 1000);
}
