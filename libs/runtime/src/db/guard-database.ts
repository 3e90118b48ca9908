import { InvalidArgumentError, UnavailableError } from '../grpc/domain-errors.js';
import { isDatabaseUnavailable } from './database-unavailable.js';
import { sqlStateOf } from './sql-state.js';

/**
 * Runs database work for a caller: an outage (and only an outage) becomes
 * UNAVAILABLE, and so
 * does an answer slower than `timeoutMs`, so a caller without a deadline is
 * not left hanging while PostgreSQL is unreachable. Work that times out may
 * still commit later: callers' retries must be idempotent (they are in
 * Vigil: dedup keys, unique snapshot keys, versioned status changes).
 */
export async function guardDatabase<T>(work: () => Promise<T>, timeoutMs: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () =>
        reject(
          new UnavailableError(`the database did not answer within ${timeoutMs} ms; retry later`, {
            reason: 'DATABASE_UNAVAILABLE',
          }),
        ),
      timeoutMs,
    );
  });
  try {
    return await Promise.race([work(), timeout]);
  } catch (error) {
    // An UnavailableError is already the right answer (e.g. a downstream service is down).
    if (!(error instanceof UnavailableError) && isDatabaseUnavailable(error)) {
      throw new UnavailableError('the database is unavailable; retry later', {
        cause: error,
        reason: 'DATABASE_UNAVAILABLE',
      });
    }
    // Class 22, "data exception": a value the edge let through that PostgreSQL cannot hold. The
    // request caused it and a retry cannot help; anything else stays our bug (INTERNAL).
    const sqlState = sqlStateOf(error);
    if (sqlState?.startsWith('22')) {
      throw new InvalidArgumentError('request', `a value cannot be stored (SQLSTATE ${sqlState})`);
    }
    throw error;
  } finally {
    clearTimeout(timer);
  }
}
