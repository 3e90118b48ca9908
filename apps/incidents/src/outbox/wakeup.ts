/**
 * A sleep that a notification cuts short. A notification that arrives
 * while nobody sleeps is kept, so a commit made during a relay pass still
 * wakes the next wait at once instead of being lost until the next poll.
 */
export class Wakeup {
  private pending = false;
  private wake: (() => void) | undefined;

  notify(): void {
    this.pending = true;
    this.wake?.();
  }

  /** Resolves after `ms`, or at once on a notification (kept or new); consumes it. */
  async sleep(ms: number, signal: AbortSignal): Promise<void> {
    if (!this.pending && !signal.aborted) {
      await new Promise<void>((resolve) => {
        const done = (): void => {
          clearTimeout(timer);
          signal.removeEventListener('abort', done);
          this.wake = undefined;
          resolve();
        };
        const timer = setTimeout(done, ms);
        signal.addEventListener('abort', done);
        this.wake = done;
      });
    }
    this.pending = false;
  }
}
