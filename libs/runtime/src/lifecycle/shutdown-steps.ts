/**
 * What a service's `stop()` reports as it goes: each named step it runs
 * ("draining gRPC calls", "closing the database pool"). When the stop is cut
 * short at its bound, runService names the steps still running — what was
 * abandoned — instead of a bare timeout.
 */
export interface ShutdownSteps {
  /** Runs `work` as the step `name`; listed as in progress until it settles. */
  step<T>(name: string, work: () => Promise<T>): Promise<T>;
}

/** For a stop() called outside runService (tests, tools): runs each step, records nothing. */
export const UNTRACKED_STEPS: ShutdownSteps = { step: (_name, work) => work() };

/** Steps recorded as they start and settle; `inProgress()` lists those not settled yet, in start order. */
export function trackShutdownSteps(): ShutdownSteps & { inProgress(): string[] } {
  const running = new Map<number, string>();
  let next = 0;
  return {
    async step(name, work) {
      const id = next++;
      running.set(id, name);
      try {
        return await work();
      } finally {
        running.delete(id);
      }
    },
    inProgress: () => [...running.values()],
  };
}
