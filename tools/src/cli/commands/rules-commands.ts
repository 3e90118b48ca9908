// `vigil rules create`: an alert rule, whose time window its incidents use.
import { Command } from 'commander';
import { AlertRule } from '@vigil/contracts/incidents';
import { Aggregation } from '@vigil/contracts/ingest';
import { callUnary } from '@vigil/runtime';
import type { CliContext } from '../cli-context.js';
import { id, idList, positiveInteger } from '../options.js';
import { printJson, runInContext } from '../run-in-context.js';
import { aggregationName } from '../names.js';

interface CreateOptions {
  readonly org: string;
  readonly project: string[];
  readonly name: string;
  readonly query: string;
  readonly window: number;
  readonly uniqueUsers?: boolean;
  readonly json?: boolean;
}

export function rulesCommands(): Command {
  const rules = new Command('rules').description('alert rules');
  rules
    .command('create')
    .description("create an alert rule; its incidents' snapshots use its time window (due 10 windows after close)")
    .requiredOption('--org <id>', 'organization that owns the rule', id('--org'))
    .requiredOption('--project <id>', 'project(s) to watch; repeat or separate with commas', idList('--project'))
    .requiredOption('--name <name>', 'name of the rule')
    .option('--query <filter>', 'filter in the query language, checked now (e.g. "level:error")', '')
    .requiredOption('--window <minutes>', 'time window in whole minutes', positiveInteger('--window'))
    .option('--unique-users', 'count distinct users instead of events')
    .option('--json', 'print the rule as JSON')
    .addHelpText(
      'after',
      '\nExample:\n  $ vigil rules create --org 1 --project 1 --name "Checkout errors" --query "level:error" --window 5',
    )
    .action((options: CreateOptions, command: Command) => runInContext(command, (ctx) => createRule(ctx, options)));
  return rules;
}

async function createRule(ctx: CliContext, options: CreateOptions): Promise<void> {
  const { alertRule } = await ctx.call('incidents', (client, callOptions) =>
    callUnary(
      client,
      'createAlertRule',
      {
        organizationId: options.org,
        projectIds: options.project,
        name: options.name,
        query: options.query,
        aggregation: options.uniqueUsers ? Aggregation.UNIQUE_USERS : Aggregation.TOTAL,
        timeWindowMinutes: options.window,
      },
      callOptions,
    ),
  );
  if (alertRule === undefined) throw new Error('incidents answered without the rule');
  if (options.json) printJson(ctx, AlertRule.toJSON(alertRule));
  else ctx.print(formatRule(alertRule));
}

function formatRule(rule: AlertRule): string {
  return [
    `alert rule ${rule.id} created: ${rule.name}`,
    `  organization  ${rule.organizationId}`,
    `  projects      ${rule.projectIds.join(', ')}`,
    `  query         ${rule.query === '' ? '(all events)' : rule.query}`,
    `  counts        ${aggregationName(rule.aggregation)}`,
    `  time window   ${rule.timeWindowMinutes} min`,
  ].join('\n');
}
