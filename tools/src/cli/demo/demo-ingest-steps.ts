// Demo steps 1–3: events into ingest, the groups they formed, their graph.
import { randomUUID } from 'node:crypto';
import { Aggregation, StoreOutcome } from '@vigil/contracts/ingest';
import { callUnary } from '@vigil/runtime';
import { MINUTE } from '@vigil/time-range';
import type { CliContext } from '../cli-context.js';
import { formatInstant } from '../instant.js';
import { outcomeName, policyName } from '../names.js';
import { formatSeries } from '../series-view.js';
import { formatGroups } from '../views/groups-view.js';
import { demoEvents } from './demo-events.js';
import type { Narrator } from './narrator.js';

export async function sendDemoEvents(ctx: CliContext, say: Narrator, projectId: string): Promise<void> {
  const { batch, retry } = demoEvents({ projectId, now: ctx.now(), random: Math.random, newEventId: randomUUID });
  say.step(
    `Send ${batch.length} events into project ${projectId}, then one of them again`,
    'A fresh random project, so nothing else is counted. Ingest keys each event by (project, event id, UTC day) ' +
      'and puts it into a group: by fingerprint, else the exception (its in-app frames, else its type and value ' +
      'with numbers and ids replaced), else the message. The events spread over the last 40 minutes: a quiet ' +
      'background, and a burst of one TypeError from 30 to 20 minutes ago.',
  );
  say.command(`vigil events send --file events.json        (an array: one StoreEvents batch)`);
  const { results } = await ctx.call('ingest', (client, options) =>
    callUnary(client, 'storeEvents', { events: batch }, options),
  );
  const counts = new Map<string, number>();
  for (const result of results)
    counts.set(outcomeName(result.outcome), (counts.get(outcomeName(result.outcome)) ?? 0) + 1);
  say.result(`batch: ${[...counts].map(([outcome, count]) => `${count} ${outcome}`).join(', ')}`);

  say.command(
    `vigil events send --project ${projectId} --id ${retry.eventId} --timestamp ${retry.timestamp?.toISOString()} …`,
  );
  const again = await ctx.call('ingest', (client, options) =>
    callUnary(client, 'storeEvent', { event: retry }, options),
  );
  const why =
    again.outcome === StoreOutcome.DUPLICATE
      ? 'first write wins here: the copy was ignored and nothing was counted'
      : 'last write wins: the copy replaced the stored event, and it is still counted once';
  say.result(
    `retry of event ${again.eventId}: ${outcomeName(again.outcome)} (policy ${policyName(again.policy)}): ${why}`,
  );
}

export async function showDemoGroups(ctx: CliContext, say: Narrator, projectId: string): Promise<void> {
  say.step(
    'List the groups',
    'Each group keeps exact counts: times seen always equals the number of stored events in it, ' +
      'so the retried event above did not add one.',
  );
  say.command(`vigil groups list --project ${projectId}`);
  const { groups } = await ctx.call('ingest', (client, options) =>
    callUnary(client, 'listGroups', { projectId, pageSize: 100, pageToken: '' }, options),
  );
  const total = groups.reduce((sum, group) => sum + Number(group.timesSeen), 0);
  say.result(`${formatGroups(groups)}\n\ntimes seen in all: ${total}`);
}

export async function showDemoStats(ctx: CliContext, say: Narrator, projectId: string): Promise<void> {
  const end = ctx.now();
  const start = new Date(end.getTime() - 45 * MINUTE);
  say.step(
    'Graph the last 45 minutes',
    'Statistics come from the stored events: buckets aligned to whole minutes, empty ones as 0.',
  );
  say.command(`vigil stats --project ${projectId} --start -45m --rollup 60`);
  const filter = { projectIds: [projectId], groupIds: [], query: '', start, end };
  const [series, totals] = await Promise.all([
    ctx.call('ingest', (client, options) =>
      callUnary(client, 'getEventStats', { ...filter, aggregation: Aggregation.TOTAL, rollupSeconds: 60 }, options),
    ),
    ctx.call('ingest', (client, options) => callUnary(client, 'getEventAggregates', filter, options)),
  ]);
  say.result(`${totals.eventCount} events, ${totals.uniqueUsers} unique users since ${formatInstant(start)}`);
  say.result(
    formatSeries({
      buckets: series.buckets,
      rollupSeconds: 60,
      unit: 'events',
      width: ctx.width - 6,
      table: false,
      end,
    }),
  );
}
