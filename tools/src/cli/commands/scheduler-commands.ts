// `vigil pending list | process` and `vigil scheduler status`: the snapshot
// scheduler's pending snapshots, and running the due ones now.
import { Command } from 'commander';
import { GetSchedulerStatusResponse, PendingSnapshot, ProcessDueSnapshotsResponse } from '@vigil/contracts/scheduler';
import { callUnary } from '@vigil/runtime';
import type { CliContext } from '../cli-context.js';
import { id, positiveInteger } from '../options.js';
import { protoJson } from '../proto-json.js';
import { collectPages } from '../paging.js';
import { printJson, runInContext } from '../run-in-context.js';
import { formatPendingSnapshots, formatProcessOutcome, formatSchedulerStatus } from '../views/scheduler-view.js';

interface ListOptions {
  readonly due?: boolean;
  readonly limit: number;
  readonly json?: boolean;
}

interface JsonOption {
  readonly json?: boolean;
}

export function pendingCommands(): Command {
  const pending = new Command('pending').description('pending snapshots: closed incidents waiting for their snapshot');
  pending
    .command('list')
    .description('list pending snapshots, earliest next attempt first')
    .option('--due', 'only the ones whose next attempt has passed')
    .option('--limit <n>', 'show at most this many', positiveInteger('--limit'), 100)
    .option('--json', 'print the rows as JSON (protobuf JSON mapping)')
    .action((options: ListOptions, command: Command) => runInContext(command, (ctx) => listPending(ctx, options)));
  pending
    .command('show')
    .argument('<incident-id>', 'incident id')
    .description("show an incident's pending snapshot: when it is due, attempts and the last error")
    .option('--json', 'print it as JSON (protobuf JSON mapping)')
    .action((incidentId: string, options: JsonOption, command: Command) =>
      runInContext(command, async (ctx) => {
        const { pendingSnapshot } = await ctx.call('scheduler', (client, callOptions) =>
          callUnary(client, 'getPendingSnapshot', { incidentId: id('incident id')(incidentId) }, callOptions),
        );
        if (pendingSnapshot === undefined) throw new Error('the scheduler answered without the pending snapshot');
        if (options.json)
          printJson(ctx, protoJson('vigil.scheduler.v1.PendingSnapshot', PendingSnapshot, pendingSnapshot));
        else ctx.print(formatPendingSnapshots([pendingSnapshot], ctx.now()));
      }),
    );
  pending
    .command('process')
    .description(
      'make the snapshots of every due pending snapshot now (as the scheduler does on its timer) and print the counts',
    )
    .option('--json', 'print the counts as JSON (protobuf JSON mapping)')
    .action((options: JsonOption, command: Command) => runInContext(command, (ctx) => processDue(ctx, options)));
  return pending;
}

export function schedulerCommands(): Command {
  const scheduler = new Command('scheduler').description('the snapshot scheduler');
  scheduler
    .command('status')
    .description('how many snapshots are pending and due, and how late the oldest due one is')
    .option('--json', 'print the status as JSON (protobuf JSON mapping)')
    .action((options: JsonOption, command: Command) => runInContext(command, (ctx) => showStatus(ctx, options)));
  return scheduler;
}

async function listPending(ctx: CliContext, options: ListOptions): Promise<void> {
  const rows = await collectPages(async (pageToken, pageSize) => {
    const page = await ctx.call('scheduler', (client, callOptions) =>
      callUnary(client, 'listPendingSnapshots', { pageSize, pageToken, dueOnly: options.due ?? false }, callOptions),
    );
    return { items: page.pendingSnapshots, nextPageToken: page.nextPageToken };
  }, options.limit);
  if (options.json)
    printJson(
      ctx,
      rows.map((row) => protoJson('vigil.scheduler.v1.PendingSnapshot', PendingSnapshot, row)),
    );
  else ctx.print(formatPendingSnapshots(rows, ctx.now()));
}

async function processDue(ctx: CliContext, options: JsonOption): Promise<void> {
  const outcome = await ctx.call('scheduler', (client, callOptions) =>
    callUnary(client, 'processDueSnapshots', {}, callOptions),
  );
  if (options.json)
    printJson(ctx, protoJson('vigil.scheduler.v1.ProcessDueSnapshotsResponse', ProcessDueSnapshotsResponse, outcome));
  else ctx.print(formatProcessOutcome(outcome));
}

async function showStatus(ctx: CliContext, options: JsonOption): Promise<void> {
  const status = await ctx.call('scheduler', (client, callOptions) =>
    callUnary(client, 'getSchedulerStatus', {}, callOptions),
  );
  if (options.json)
    printJson(ctx, protoJson('vigil.scheduler.v1.GetSchedulerStatusResponse', GetSchedulerStatusResponse, status));
  else ctx.print(formatSchedulerStatus(status));
}
