// One round of the race: both sets closed, the scheduler holding their
// pending rows and graphile-worker's jobs queued (all untimed), then each
// side timed on its own set, one after the other, with the CPU its processes
// used meanwhile.
import type { RoundSets } from './bench-data.js';
import { closeIncidents } from './bench-population.js';
import type { CpuAccounting, Side, SideCpu } from './cpu-accounting.js';
import type { GraphileBench } from './graphile-phase.js';
import { timeVigilScheduler, waitForPendingRows } from './vigil-phase.js';
import type { VigilServices } from './vigil-services.js';

/** What the rounds run on. */
export interface Rig {
  readonly services: VigilServices;
  readonly graphile: GraphileBench;
  readonly accounting: CpuAccounting;
  readonly progress: (text: string) => void;
}

/** Each side's time and CPU in one round. */
export type RoundResult = Record<Side, { readonly seconds: number; readonly cpu: SideCpu }>;

const PENDING_TIMEOUT_MS = 5 * 60_000;

/**
 * Times Vigil's scheduler on `sets.due` and graphile-worker on `sets.notDue`,
 * `first` going first. `pendingBefore`: rows already pending (not due) from
 * earlier rounds' not-due sets.
 */
export async function runRound(rig: Rig, sets: RoundSets, first: Side, pendingBefore: number): Promise<RoundResult> {
  const { services, graphile, accounting } = rig;
  const { due, notDue } = sets;
  await closeIncidents(services.incidents, due.ids, due.planned);
  await closeIncidents(services.incidents, notDue.ids, notDue.planned);
  const expected = { pending: pendingBefore + due.ids.length + notDue.ids.length, due: due.ids.length };
  await waitForPendingRows(services.scheduler, expected, PENDING_TIMEOUT_MS);
  await graphile.enqueue(notDue.ids);
  const sides: Record<Side, () => Promise<{ result: number; cpu: SideCpu }>> = {
    vigil: () => accounting.during('vigil', () => timeVigilScheduler(services.scheduler, due.ids.length)),
    graphile: async () => {
      const timed = await accounting.during('graphile', () => graphile.time());
      const tally = await graphile.stop();
      if (tally.succeeded !== notDue.ids.length) rig.progress(`graphile-worker task tally: ${JSON.stringify(tally)}`);
      return timed;
    },
  };
  const second: Side = first === 'vigil' ? 'graphile' : 'vigil';
  const firstRun = await sides[first]();
  const secondRun = await sides[second]();
  const of = (side: Side) => {
    const run = side === first ? firstRun : secondRun;
    return { seconds: run.result, cpu: run.cpu };
  };
  return { vigil: of('vigil'), graphile: of('graphile') };
}
