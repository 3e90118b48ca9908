// `vigil groups list`: a project's groups ("issues") with their exact counts.
import { Command } from 'commander';
import { Group } from '@vigil/contracts/ingest';
import { callUnary } from '@vigil/runtime';
import type { CliContext } from '../cli-context.js';
import { id, positiveInteger } from '../options.js';
import { protoJson } from '../proto-json.js';
import { collectPages } from '../paging.js';
import { printJson, runInContext } from '../run-in-context.js';
import { formatGroups } from '../views/groups-view.js';

interface ListOptions {
  readonly project: string;
  readonly limit: number;
  readonly json?: boolean;
}

export function groupsCommands(): Command {
  const groups = new Command('groups').description("a project's groups of events (issues)");
  groups
    .command('list')
    .description(
      'list the groups of a project by group id: times seen (exact), first and last seen, latest level and message',
    )
    .requiredOption('--project <id>', 'the project', id('--project'))
    .option('--limit <n>', 'show at most this many groups', positiveInteger('--limit'), 100)
    .option('--json', 'print the groups as JSON (protobuf JSON mapping)')
    .action((options: ListOptions, command: Command) => runInContext(command, (ctx) => listGroups(ctx, options)));
  groups
    .command('show')
    .argument('<group-id>', 'group id (32 hex digits)')
    .description('show one group: times seen (exact), first and last seen, its latest level, culprit and message')
    .requiredOption('--project <id>', 'the project', id('--project'))
    .option('--json', 'print the group as JSON (protobuf JSON mapping)')
    .action((groupId: string, options: { project: string; json?: boolean }, command: Command) =>
      runInContext(command, async (ctx) => {
        const { group } = await ctx.call('ingest', (client, callOptions) =>
          callUnary(client, 'getGroup', { projectId: options.project, groupId }, callOptions),
        );
        if (group === undefined) throw new Error('ingest answered without the group');
        if (options.json) printJson(ctx, protoJson('vigil.ingest.v1.Group', Group, group));
        else ctx.print(formatGroups([group]));
      }),
    );
  return groups;
}

async function listGroups(ctx: CliContext, options: ListOptions): Promise<void> {
  const groups = await collectPages(async (pageToken, pageSize) => {
    const page = await ctx.call('ingest', (client, callOptions) =>
      callUnary(client, 'listGroups', { projectId: options.project, pageSize, pageToken }, callOptions),
    );
    return { items: page.groups, nextPageToken: page.nextPageToken };
  }, options.limit);
  if (options.json)
    printJson(
      ctx,
      groups.map((group) => protoJson('vigil.ingest.v1.Group', Group, group)),
    );
  else ctx.print(formatGroups(groups));
}
