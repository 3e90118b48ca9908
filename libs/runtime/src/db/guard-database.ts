import { InvalidArgumentError, UnavailableError } from '../grpc/domain-errors.js';
import { isDatabaseUnavailable } from './database-unavailable.js';
import { sqlStateOf } from './sql-state.js';

/**
 * Runs database work for a caller: an outage (and only an outage) becomes
 * UNAVAILABLE, and so does an answer slower than `timeoutMs`, so a caller
 * without a deadline is not left hanging while PostgreSQL is unreachable.
 *
 * `work` gets a signal that aborts when `timeoutMs` passes or `callSignal`
 * aborts (the caller cancelled, or its deadline passed: see callSignal);
 * work that passes it to its statements has them cancelled in PostgreSQL
 * then (ingest's statistics do). Work that ignores it is only no longer
 * waited for, and may still commit later: callers' retries must be
 * idempotent (they are in Vigil: dedup keys, unique snapshot keys,
 * versioned status changes).
 */
export async function guardDatabase<T>(
  work: (signal: AbortSignal) => Promise<T>,
  timeoutMs: number,
  callSignal?: AbortSignal,
): Promise<T> {
  const stop = new AbortController();
  const timer = setTimeout(
    () =>
      stop.abort(
        new UnavailableError(`the database did not answer within ${timeoutMs} ms; retry later`, {
          reason: 'DATABASE_UNAVAILABLE',
        }),
      ),
    timeoutMs,
  );
  const callEnded = (): void => stop.abort(callSignal?.reason);
  if (callSignal?.aborted) callEnded();
  else callSignal?.addEventListener('abort', callEnded, { once: true });
  const stopped = new Promise<never>((_, reject) => {
    const rejectWithReason = (): void => reject(stop.signal.reason as Error);
    if (stop.signal.aborted) rejectWithReason();
    else stop.signal.addEventListener('abort', rejectWithReason, { once: true });
  });
  try {
    return await Promise.race([work(stop.signal), stopped]);
  } catch (error) {
    // The timeout's UnavailableError or the call's end: already the right answer.
    if (stop.signal.aborted && error === stop.signal.reason) throw error;
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
    callSignal?.removeEventListener('abort', callEnded);
    // Settles `stopped` for good so no rejection is left unhandled after the race.
    stopped.catch(() => undefined);
  }
}
