// A closed-loop load: `concurrency` callers, each starting its next call as
// soon as its previous one answered, until `calls` calls are done. The
// figure is items per second of wall time over the whole run.

export interface LoadRun {
  readonly items: number;
  readonly seconds: number;
  /** One per call, in milliseconds, in completion order. */
  readonly latenciesMs: readonly number[];
}

export interface ClosedLoop {
  readonly calls: number;
  readonly concurrency: number;
  /** Performs call number `index`; resolves to how many items it carried. */
  readonly call: (index: number) => Promise<number>;
}

export async function runClosedLoop({ calls, concurrency, call }: ClosedLoop): Promise<LoadRun> {
  const latenciesMs: number[] = [];
  let next = 0;
  let items = 0;
  const caller = async () => {
    for (let index = next++; index < calls; index = next++) {
      const began = performance.now();
      const carried = await call(index); // not `items += await …`: that reads `items` before awaiting
      items += carried;
      latenciesMs.push(performance.now() - began);
    }
  };
  const began = performance.now();
  await Promise.all(Array.from({ length: Math.min(concurrency, calls) }, caller));
  return { items, seconds: (performance.now() - began) / 1000, latenciesMs };
}

export const perSecond = (run: LoadRun) => run.items / run.seconds;
