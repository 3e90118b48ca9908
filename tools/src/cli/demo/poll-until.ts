import { setTimeout as sleep } from 'node:timers/promises';

/**
 * Calls `probe` until it returns a value or `timeoutMs` has passed; resolves
 * undefined on timeout. For state that arrives asynchronously (over NATS).
 */
export async function pollUntil<T>(
  probe: () => Promise<T | undefined>,
  { timeoutMs, intervalMs }: { timeoutMs: number; intervalMs: number },
): Promise<T | undefined> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() >= deadline) return undefined;
    await sleep(intervalMs);
  }
}
