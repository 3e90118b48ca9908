// Everything the benchmark sets up (processes, databases, the NATS stream,
// build folders) registers its undo here as soon as it exists; the undos run
// last-first at the end, on an error and on Ctrl-C, each once.

export interface CleanupStack {
  add(what: string, undo: () => Promise<void>): void;
  /** Runs every undo, newest first; an undo that fails is reported and the rest still run. */
  runAll(): Promise<void>;
}

export function createCleanupStack(report: (text: string) => void): CleanupStack {
  const undos: { what: string; undo: () => Promise<void> }[] = [];
  return {
    add: (what, undo) => void undos.push({ what, undo }),
    async runAll() {
      for (let next = undos.pop(); next; next = undos.pop()) {
        try {
          await next.undo();
        } catch (error) {
          report(`cleanup of ${next.what} failed: ${error instanceof Error ? error.message : String(error)}`);
        }
      }
    },
  };
}
