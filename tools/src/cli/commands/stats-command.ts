// `vigil stats`: a project's events over time, as totals and a sparkline.
import { Command } from 'commander';
import { Aggregation, GetEventAggregatesResponse, GetEventStatsResponse } from '@vigil/contracts/ingest';
import { callUnary } from '@vigil/runtime';
import type { CliContext } from '../cli-context.js';
import { formatInstant, parseInstant } from '../instant.js';
import { duration } from '../duration.js';
import { idList, repeatable } from '../options.js';
import { protoJson } from '../proto-json.js';
import { printJson, runInContext } from '../run-in-context.js';
import { formatSeries } from '../series-view.js';

interface StatsOptions {
  readonly project: string[];
  readonly group?: string[];
  readonly query: string;
  readonly start: string;
  readonly end: string;
  readonly rollup: number;
  readonly uniqueUsers?: boolean;
  readonly table?: boolean;
  readonly json?: boolean;
}

const EXAMPLES = `
Examples:
  $ vigil stats --project 1                                  (the last hour, per minute)
  $ vigil stats --project 1 --start -1d --rollup 1h --query "level:error !environment:dev"
  $ vigil stats --project 1 --start 2026-11-22T10:00:00Z --end 2026-11-22T11:00:00Z --unique-users`;

export function statsCommand(): Command {
  return new Command('stats')
    .description('count events (or unique users) per bucket over [start, end), with totals and a sparkline')
    .requiredOption('--project <id>', 'project(s) to count; repeat or separate with commas', idList('--project'))
    .option('--group <id>', 'only these groups; repeat for more', repeatable)
    .option('--query <filter>', 'filter in the query language, e.g. "level:error env:prod"', '')
    .option('--start <time>', 'inclusive start: ISO 8601 with a zone, or -1h, -30m…', '-1h')
    .option('--end <time>', 'exclusive end', 'now')
    .option(
      '--rollup <duration>',
      'bucket width, whole seconds: 1m, 1h, 90s (a bare number is seconds); buckets align to multiples of it',
      duration('--rollup', 's', 's'),
      60_000,
    )
    .option('--unique-users', 'count distinct users per bucket instead of events')
    .option('--table', 'also list the non-empty buckets')
    .option('--json', 'print buckets and totals as JSON (protobuf JSON mapping)')
    .addHelpText('after', EXAMPLES)
    .action((options: StatsOptions, command: Command) => runInContext(command, (ctx) => showStats(ctx, options)));
}

async function showStats(ctx: CliContext, options: StatsOptions): Promise<void> {
  const now = ctx.now();
  const start = parseInstant(options.start, '--start', now);
  const end = parseInstant(options.end, '--end', now);
  const filter = { projectIds: options.project, groupIds: options.group ?? [], query: options.query, start, end };
  const aggregation = options.uniqueUsers ? Aggregation.UNIQUE_USERS : Aggregation.TOTAL;
  const [series, totals] = await Promise.all([
    ctx.call('ingest', (client, callOptions) =>
      callUnary(client, 'getEventStats', { ...filter, aggregation, rollupSeconds: options.rollup / 1000 }, callOptions),
    ),
    ctx.call('ingest', (client, callOptions) => callUnary(client, 'getEventAggregates', filter, callOptions)),
  ]);
  if (options.json) {
    // One object: the aggregates' fields and the series' buckets, each in the JSON mapping.
    printJson(ctx, {
      ...(protoJson('vigil.ingest.v1.GetEventAggregatesResponse', GetEventAggregatesResponse, totals) as object),
      ...(protoJson('vigil.ingest.v1.GetEventStatsResponse', GetEventStatsResponse, series) as object),
    });
    return;
  }
  ctx.print(
    `${totals.eventCount} events, ${totals.uniqueUsers} unique users in ${formatInstant(start)} → ${formatInstant(end)}`,
  );
  ctx.print(
    formatSeries({
      buckets: series.buckets,
      rollupSeconds: options.rollup / 1000,
      unit: options.uniqueUsers ? 'users' : 'events',
      width: ctx.width,
      table: options.table ?? false,
      end,
    }),
  );
}
