/**
 * Wraps `run` so that at most one run is in progress. A call made while one
 * runs waits for it to end and then gets a run of its own, started after it:
 * rows that became due during the first run are not missed. Calls made while
 * that follow-up is still waiting share it, so callers never pile up runs.
 */
export function singleFlight<T>(run: () => Promise<T>): () => Promise<T> {
  let current: Promise<T> | undefined;
  let queued: Promise<T> | undefined;

  const start = (): Promise<T> => {
    const running = run().finally(() => {
      if (current === running) current = undefined;
    });
    current = running;
    return running;
  };

  return () => {
    if (queued !== undefined) return queued;
    if (current === undefined) return start();
    queued = current
      .catch(() => undefined)
      .then(() => {
        queued = undefined;
        return start();
      });
    return queued;
  };
}
