/** How long a row that failed for a passing reason waits: doubling from `baseMs`, never above `maxMs`. */
export interface RetryBackoff {
  readonly baseMs: number;
  readonly maxMs: number;
}

// 2^40 × any base ≥ 1 ms is far past any sensible cap; stopping there keeps
// the arithmetic exact however many attempts a row has piled up.
const MAX_DOUBLINGS = 40;

/** The wait after the `failedAttempts`-th failure in a row (1 = the first): base × 2^(failedAttempts − 1), capped. */
export function retryDelayMs(failedAttempts: number, { baseMs, maxMs }: RetryBackoff): number {
  if (!Number.isInteger(failedAttempts) || failedAttempts < 1) {
    throw new RangeError(`failedAttempts must be a whole number >= 1, got ${failedAttempts}`);
  }
  return Math.min(maxMs, baseMs * 2 ** Math.min(failedAttempts - 1, MAX_DOUBLINGS));
}
