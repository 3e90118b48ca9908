// The run's incidents: planned (incident-plan.ts), their events stored, the
// incidents created OPEN. Closing happens per round, just before it.
import type { PlannedIncident } from './incident-plan.js';
import { planIncidentSet } from './incident-plan.js';
import { createBenchRule, createIncidents, storeIncidentEvents } from './bench-population.js';
import type { BenchSizes } from './bench-sizes.js';
import type { VigilServices } from './vigil-services.js';

/** Planned incidents and the ids incidents gave them, index for index. */
interface IncidentSet {
  readonly planned: readonly PlannedIncident[];
  readonly ids: readonly string[];
}

/** One round's two sets: `due` for Vigil's scheduler, `notDue` (same shape, not due) for graphile-worker. */
export interface RoundSets {
  readonly due: IncidentSet;
  readonly notDue: IncidentSet;
}

interface BenchData {
  /** The untimed first round. */
  readonly warmUp: RoundSets;
  /** The two timed rounds; together each side makes `incidentsPerSet` snapshots. */
  readonly timed: readonly [RoundSets, RoundSets];
  /** Open incidents for the latency measurement (no events: only their close matters). */
  readonly forLatency: IncidentSet;
}

export async function prepareBenchData(
  services: VigilServices,
  sizes: BenchSizes,
  runStart: Date,
  progress: (text: string) => void,
): Promise<BenchData> {
  let nextProject = 1;
  const plan = (count: number, due: boolean) => {
    const planned = planIncidentSet({
      firstProjectId: nextProject,
      count,
      due,
      eventsPerIncident: sizes.eventsPerIncident,
      runStart,
    });
    nextProject += count;
    return planned;
  };
  const firstHalf = Math.ceil(sizes.incidentsPerSet / 2);
  const rounds = [sizes.warmUpPerSet, firstHalf, sizes.incidentsPerSet - firstHalf].map((count) => ({
    due: plan(count, true),
    notDue: plan(count, false),
  }));
  const forLatency = plan(sizes.latencySamples, false);
  const withEvents = rounds.flatMap((round) => [...round.due, ...round.notDue]);
  progress(`storing ${(withEvents.length * sizes.eventsPerIncident).toLocaleString('en-US')} events in ingest`);
  await storeIncidentEvents(services.ingest, withEvents);
  const ruleId = await createBenchRule(services.incidents);
  const all = [...withEvents, ...forLatency];
  progress(`creating ${all.length.toLocaleString('en-US')} incidents`);
  const ids = await createIncidents(services.incidents, ruleId, all);
  let offset = 0;
  const take = (planned: readonly PlannedIncident[]): IncidentSet => {
    const set = { planned, ids: ids.slice(offset, offset + planned.length) };
    offset += planned.length;
    return set;
  };
  const [warmUp, first, second] = rounds.map((round) => ({ due: take(round.due), notDue: take(round.notDue) }));
  if (!warmUp || !first || !second) throw new Error('three rounds were planned');
  return { warmUp, timed: [first, second], forLatency: take(forLatency) };
}
