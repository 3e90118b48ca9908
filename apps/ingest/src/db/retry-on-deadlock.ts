// Sorted writes make deadlocks between batches unlikely, not impossible
// (e.g. two batches that share keys under different policies). PostgreSQL
// resolves one by aborting a transaction; nothing of it was written, so
// running it again is safe.
const DEADLOCK_DETECTED = '40P01';
const SERIALIZATION_FAILURE = '40001';
const MAX_ATTEMPTS = 5;

export async function retryOnDeadlock<T>(work: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await work();
    } catch (error) {
      if (attempt >= MAX_ATTEMPTS || !isRetryableConflict(error)) throw error;
      await new Promise((resolve) => setTimeout(resolve, attempt * 5 * Math.random()));
    }
  }
}

function isRetryableConflict(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === DEADLOCK_DETECTED || code === SERIALIZATION_FAILURE;
}
