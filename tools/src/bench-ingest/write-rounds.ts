// Rounds of the write parts (a)–(d): every round measures each part once,
// in turn, each on emptied tables after a checkpoint. Warm-up calls run in
// the first round only.
import { StoreOutcome } from '@vigil/contracts/ingest';
import { PLAIN_EVENT_TABLE, type BenchDatabase } from './bench-database.js';
import type { BenchSizes } from './bench-sizes.js';
import { perSecond, type LoadRun } from './closed-loop.js';
import { measureDatabaseLimit } from './database-limit.js';
import type { Http2UnaryClient } from './http2-unary-client.js';
import { measureStoreBatches } from './store-batches.js';
import { measureStoreUnary } from './store-unary.js';

export const LAST_WRITE_WINS_PROJECT = '1';
export const FIRST_WRITE_WINS_PROJECT = '2';

const DUPLICATE_RUNS = [
  ['LAST_WRITE_WINS', LAST_WRITE_WINS_PROJECT, StoreOutcome.REPLACED],
  ['FIRST_WRITE_WINS', FIRST_WRITE_WINS_PROJECT, StoreOutcome.DUPLICATE],
] as const;

export interface WriteRounds {
  readonly floor: LoadRun[];
  readonly limit: LoadRun[];
  readonly batches: LoadRun[];
  readonly unary: LoadRun[];
  readonly duplicates: ReadonlyMap<string, LoadRun[]>;
}

export async function runWriteRounds(
  db: BenchDatabase,
  client: Http2UnaryClient,
  sizes: BenchSizes,
  progress: (text: string) => void,
): Promise<WriteRounds> {
  const rounds: WriteRounds = {
    floor: [],
    limit: [],
    batches: [],
    unary: [],
    duplicates: new Map(DUPLICATE_RUNS.map(([p]) => [p, []])),
  };
  for (let round = 1; round <= sizes.rounds; round += 1) {
    const s = round === 1 ? sizes : { ...sizes, warmUpBatches: 0, warmUpUnaryCalls: 0 };
    const floor = await measureDatabaseLimit(db, s, LAST_WRITE_WINS_PROJECT, PLAIN_EVENT_TABLE);
    const limit = await measureDatabaseLimit(db, s, LAST_WRITE_WINS_PROJECT);
    const batches = await measureStoreBatches(client, db, s, {
      projectId: LAST_WRITE_WINS_PROJECT,
      totalEvents: s.throughputEvents,
      duplicateShare: 0,
      duplicateOutcome: StoreOutcome.STORED,
    });
    const unary = await measureStoreUnary(client, db, s, LAST_WRITE_WINS_PROJECT);
    const line = [`(a0) ${rate(floor)}`, `(a) ${rate(limit)}`, `(b) ${rate(batches)}`, `(c) ${rate(unary)}`];
    for (const [policy, projectId, duplicateOutcome] of DUPLICATE_RUNS) {
      const run = await measureStoreBatches(client, db, s, {
        projectId,
        totalEvents: s.duplicateRunEvents,
        duplicateShare: 0.5,
        duplicateOutcome,
      });
      rounds.duplicates.get(policy)?.push(run);
      line.push(`(d ${policy}) ${rate(run)}`);
    }
    rounds.floor.push(floor);
    rounds.limit.push(limit);
    rounds.batches.push(batches);
    rounds.unary.push(unary);
    progress(`round ${round}/${sizes.rounds}: ${line.join(', ')}`);
  }
  return rounds;
}

const rate = (run: LoadRun) => `${Math.round(perSecond(run)).toLocaleString('en-US')}/s`;
