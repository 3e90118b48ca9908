// The floor: the statistics calls one evaluation pass makes, made directly
// against ingest at the evaluator's concurrency, with nothing else around
// them. Vigil's pass cannot be faster than this; the gap is its own cost
// (claim, settle, schedule).
import type { IngestServiceClient } from '@vigil/contracts/ingest';
import { callUnary } from '@vigil/runtime';
import { ruleQuestion, TIME_WINDOW_MINUTES } from './rule-population.js';

/** Seconds to make `count` GetEventAggregates calls, `concurrency` at a time. */
export async function statisticsFloorSeconds(
  ingest: IngestServiceClient,
  count: number,
  concurrency: number,
): Promise<number> {
  const began = performance.now();
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < count) {
      const { projectId, query } = ruleQuestion(next++);
      const end = new Date();
      const start = new Date(end.getTime() - TIME_WINDOW_MINUTES * 60_000);
      await callUnary(
        ingest,
        'getEventAggregates',
        { projectIds: [projectId], groupIds: [], query, start, end },
        { timeoutMs: 5_000 },
      );
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return (performance.now() - began) / 1000;
}
