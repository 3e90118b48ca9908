// `vigil snapshot show`: an incident's frozen statistics.
import { Command } from 'commander';
import { IncidentSnapshot } from '@vigil/contracts/incidents';
import { callUnary } from '@vigil/runtime';
import type { CliContext } from '../cli-context.js';
import { id } from '../options.js';
import { printJson, runInContext } from '../run-in-context.js';
import { protoJson } from '../proto-json.js';
import { formatSnapshot } from '../views/incident-view.js';

interface ShowOptions {
  readonly json?: boolean;
}

export function snapshotCommands(): Command {
  const snapshot = new Command('snapshot').description(
    "incident snapshots: an incident's statistics frozen after it closed",
  );
  snapshot
    .command('show <incident-id>')
    .description('show the totals, the non-empty buckets of the graph, and a sparkline over all of it')
    .option('--json', 'print the snapshot as JSON (protobuf JSON mapping)')
    .action((incidentId: string, options: ShowOptions, command: Command) =>
      runInContext(command, (ctx) => showSnapshot(ctx, id('incident id')(incidentId), options)),
    );
  return snapshot;
}

async function showSnapshot(ctx: CliContext, incidentId: string, options: ShowOptions): Promise<void> {
  const { snapshot } = await ctx.call('incidents', (client, callOptions) =>
    callUnary(client, 'getIncidentSnapshot', { incidentId }, callOptions),
  );
  if (snapshot === undefined) throw new Error('incidents answered without the snapshot');
  if (options.json) printJson(ctx, protoJson('vigil.incidents.v1.IncidentSnapshot', IncidentSnapshot, snapshot));
  else ctx.print(formatSnapshot(snapshot, ctx.width));
}
