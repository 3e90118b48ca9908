const FIRST_RETRY_MS = 100;

/** Wait before attempt `failures + 1`: 100 ms doubling per failure, capped at `maxMs`. */
export function retryDelayMs(failures: number, maxMs: number): number {
  if (failures < 1) return 0;
  return Math.min(maxMs, FIRST_RETRY_MS * 2 ** Math.min(failures - 1, 30));
}
