import { UnavailableError } from '@vigil/runtime';

// SQLSTATE classes and codes that mean "the database is not there right
// now", as opposed to "this statement is wrong": connection exceptions
// (08…), operator intervention such as a shutdown (57P…), too many
// connections (53300).
const UNAVAILABLE_SQLSTATE = /^(08|57P|53300)/;
const UNAVAILABLE_NODE_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH']);
const UNAVAILABLE_MESSAGES = /Connection terminated|timeout exceeded when trying to connect|connection error|Connection ended|not queryable/i;

/** Whether an error from the database layer means the database is down or unreachable. */
export function isDatabaseUnavailable(error: unknown): boolean {
  for (let e: unknown = error, depth = 0; e instanceof Error && depth < 5; e = e.cause, depth += 1) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && (UNAVAILABLE_SQLSTATE.test(code) || UNAVAILABLE_NODE_CODES.has(code))) return true;
    if (e.name === 'ConnectionException' || UNAVAILABLE_MESSAGES.test(e.message)) return true;
  }
  return false;
}

/**
 * Runs database work for a caller: an outage becomes UNAVAILABLE, and so
 * does an answer slower than `timeoutMs`, so a caller without a deadline
 * is not left hanging while PostgreSQL is unreachable. Work that times out
 * may still commit later; storing is idempotent per dedup key, so the
 * caller's retry is safe.
 */
export async function guardDatabase<T>(work: () => Promise<T>, timeoutMs: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new UnavailableError(`the database did not answer within ${timeoutMs} ms; retry later`)),
      timeoutMs,
    );
  });
  try {
    return await Promise.race([work(), timeout]);
  } catch (error) {
    if (isDatabaseUnavailable(error)) {
      throw new UnavailableError('the database is unavailable; retry later', { cause: error });
    }
    throw error;
  } finally {
    clearTimeout(timer);
  }
}
