import { describe, expect, test } from 'vitest';
import { runClaimPipeline } from './claim-pipeline.js';

/** A table of `total` due rows, claimed `batchSize` at a time in order. */
function dueRows(total: number, batchSize: number) {
  let nextRow = 0;
  const claims: number[] = [];
  return {
    claims,
    claim: async () => {
      const rows = Array.from({ length: Math.min(batchSize, total - nextRow) }, (_, i) => nextRow + i);
      nextRow += rows.length;
      claims.push(rows.length);
      return rows;
    },
  };
}

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('runClaimPipeline', () => {
  test('claims exactly the batch size until a claim comes back empty, and handles every row once, oldest first', async () => {
    const table = dueRows(120, 50);
    const started: number[] = [];
    const batches = await runClaimPipeline({
      claim: table.claim,
      process: async (row) => {
        started.push(row);
        await tick();
        return row * 10;
      },
      concurrency: 8,
      shouldStop: () => false,
    });
    expect(table.claims).toEqual([50, 50, 20, 0]);
    expect(batches.map((b) => b.length)).toEqual([50, 50, 20]);
    expect(batches.flat()).toEqual(Array.from({ length: 120 }, (_, i) => i * 10));
    expect(started).toEqual(Array.from({ length: 120 }, (_, i) => i));
  });

  test('the next batch is claimed while the slow rows of the previous one are still running', async () => {
    const table = dueRows(100, 50);
    let release!: () => void;
    const slow = new Promise<void>((resolve) => (release = resolve));
    let secondBatchStartedWhileSlowRan = false;
    const run = runClaimPipeline({
      claim: table.claim,
      process: async (row) => {
        if (row === 0) await slow; // one slow call in the first batch
        if (row === 50 && table.claims.length >= 2) secondBatchStartedWhileSlowRan = true;
        if (row === 99) release();
        return row;
      },
      concurrency: 4,
      shouldStop: () => false,
    });
    await run;
    expect(secondBatchStartedWhileSlowRan).toBe(true);
  });

  test('never more than `concurrency` rows at once, and one claim at a time', async () => {
    let running = 0;
    let peak = 0;
    let claimsInFlight = 0;
    let claimPeak = 0;
    const table = dueRows(40, 5);
    await runClaimPipeline({
      claim: async () => {
        claimsInFlight += 1;
        claimPeak = Math.max(claimPeak, claimsInFlight);
        await tick();
        claimsInFlight -= 1;
        return table.claim();
      },
      process: async () => {
        running += 1;
        peak = Math.max(peak, running);
        await tick();
        running -= 1;
      },
      concurrency: 3,
      shouldStop: () => false,
    });
    expect(peak).toBe(3);
    expect(claimPeak).toBe(1);
  });

  test('stopping claims nothing more but finishes the rows already claimed', async () => {
    const table = dueRows(100, 10);
    let stop = false;
    const handled: number[] = [];
    await runClaimPipeline({
      claim: table.claim,
      process: async (row) => {
        stop = true;
        handled.push(row);
      },
      concurrency: 2,
      shouldStop: () => stop,
    });
    expect(table.claims).toEqual([10]);
    expect(handled).toHaveLength(10);
  });

  test('a failed claim ends the run after the claimed rows, with its error', async () => {
    let claims = 0;
    const handled: number[] = [];
    const run = runClaimPipeline({
      claim: async () => {
        claims += 1;
        if (claims === 2) throw new Error('database unavailable');
        return [1, 2, 3];
      },
      process: async (row) => {
        handled.push(row);
      },
      concurrency: 2,
      shouldStop: () => false,
    });
    await expect(run).rejects.toThrow('database unavailable');
    expect(handled).toEqual([1, 2, 3]);
  });
});
