// `vigil rules create | list | show | update | delete`: alert rules, whose time
// window their incidents use.
import { Command } from 'commander';
import { AlertRule } from '@vigil/contracts/incidents';
import { Aggregation } from '@vigil/contracts/ingest';
import { callUnary } from '@vigil/runtime';
import type { CliContext } from '../cli-context.js';
import { CliInputError } from '../cli-input-error.js';
import { duration } from '../duration.js';
import { aggregationName } from '../names.js';
import { id, idList, positiveInteger } from '../options.js';
import { collectPages } from '../paging.js';
import { formatTable } from '../table.js';
import { protoJson } from '../proto-json.js';
import { describeThresholds, thresholdsFromFlags, thresholdValue, type ThresholdFlags } from '../rule-thresholds.js';
import { printJson, runInContext } from '../run-in-context.js';

interface JsonOption {
  readonly json?: boolean;
}

interface CreateOptions extends JsonOption, ThresholdFlags {
  readonly org: string;
  readonly project: string[];
  readonly name: string;
  readonly query: string;
  readonly window: number;
  readonly uniqueUsers?: boolean;
  readonly disabled?: boolean;
}

interface UpdateOptions extends JsonOption, ThresholdFlags {
  readonly name?: string;
  readonly query?: string;
  readonly window?: number;
  readonly uniqueUsers?: boolean;
  readonly totalEvents?: boolean;
  readonly enable?: boolean;
  readonly disable?: boolean;
}

/** The threshold flags of create and update (update replaces all thresholds at once). */
function withThresholdOptions(command: Command): Command {
  return command
    .option(
      '--critical <n>',
      'fire CRITICAL when the count is above this (below with --below)',
      thresholdValue('--critical'),
    )
    .option(
      '--warning <n>',
      'fire WARNING when the count is above this (needs --critical)',
      thresholdValue('--warning'),
    )
    .option(
      '--resolve <n>',
      'close at or under this (default: the lowest trigger threshold)',
      thresholdValue('--resolve'),
    )
    .option('--below', 'a count below the thresholds is the problem (e.g. traffic stopped)');
}

const MINUTE_MS = 60_000;
const windowOption = (): [string, string, (text: string) => number] => [
  '--window <duration>',
  'time window, whole minutes: 5m, 1h (a bare number is minutes)',
  duration('--window', 'm', 'm'),
];

export function rulesCommands(): Command {
  return new Command('rules')
    .description('alert rules')
    .addCommand(createCommand())
    .addCommand(listCommand())
    .addCommand(showCommand())
    .addCommand(updateCommand())
    .addCommand(deleteCommand());
}

function createCommand(): Command {
  return withThresholdOptions(new Command('create'))
    .description(
      "create an alert rule; its incidents' snapshots use its time window (due 10 windows after close); with " +
        '--critical it is evaluated every interval and opens, escalates and closes its own incident',
    )
    .requiredOption('--org <id>', 'organization that owns the rule', id('--org'))
    .requiredOption('--project <id>', 'project(s) to watch; repeat or separate with commas', idList('--project'))
    .requiredOption('--name <name>', 'name of the rule')
    .option('--query <filter>', 'filter in the query language, checked now (e.g. "level:error")', '')
    .requiredOption(...windowOption())
    .option('--unique-users', 'count distinct users instead of events')
    .option('--disabled', 'store the rule without evaluating it (for now)')
    .option('--json', 'print the rule as JSON (protobuf JSON mapping)')
    .addHelpText(
      'after',
      '\nExample:\n  $ vigil rules create --org 1 --project 1 --name "Checkout errors" --query "level:error" --window 5m' +
        ' --critical 50 --warning 20',
    )
    .action((options: CreateOptions, command: Command) => runInContext(command, (ctx) => createRule(ctx, options)));
}

function listCommand(): Command {
  return new Command('list')
    .description("list an organization's alert rules, oldest first")
    .requiredOption('--org <id>', 'organization', id('--org'))
    .option('--limit <n>', 'show at most this many', positiveInteger('--limit'), 100)
    .option('--json', 'print the rules as JSON (protobuf JSON mapping)')
    .action((options: { org: string; limit: number; json?: boolean }, command: Command) =>
      runInContext(command, async (ctx) => {
        const rules = await collectPages(async (pageToken, pageSize) => {
          const page = await ctx.call('incidents', (client, callOptions) =>
            callUnary(client, 'listAlertRules', { organizationId: options.org, pageSize, pageToken }, callOptions),
          );
          return { items: page.alertRules, nextPageToken: page.nextPageToken };
        }, options.limit);
        if (options.json)
          printJson(
            ctx,
            rules.map((rule) => protoJson('vigil.incidents.v1.AlertRule', AlertRule, rule)),
          );
        else ctx.print(rules.length === 0 ? 'no alert rules in this organization' : formatRules(rules));
      }),
    );
}

function formatRules(rules: readonly AlertRule[]): string {
  return formatTable(
    [
      { header: 'id', align: 'right' },
      { header: 'name', maxWidth: 40 },
      { header: 'window', align: 'right' },
      { header: 'counts' },
      { header: 'query', maxWidth: 40 },
    ],
    rules.map((rule) => [
      rule.id,
      rule.name,
      `${rule.timeWindowMinutes}m`,
      aggregationName(rule.aggregation),
      rule.query === '' ? '(all events)' : rule.query,
    ]),
  );
}

function showCommand(): Command {
  return new Command('show')
    .argument('<id>', 'alert rule id')
    .description('show an alert rule')
    .option('--json', 'print the rule as JSON (protobuf JSON mapping)')
    .action((ruleId: string, options: JsonOption, command: Command) =>
      runInContext(command, async (ctx) => {
        const { alertRule } = await ctx.call('incidents', (client, callOptions) =>
          callUnary(client, 'getAlertRule', { alertRuleId: id('alert rule id')(ruleId) }, callOptions),
        );
        printRule(ctx, alertRule, options, '');
      }),
    );
}

function updateCommand(): Command {
  return withThresholdOptions(new Command('update'))
    .argument('<id>', 'alert rule id')
    .description('change the given fields of a rule; open and later incidents of the rule use a new window from now on')
    .option('--name <name>', 'new name')
    .option('--query <filter>', 'new filter in the query language ("" = all events)')
    .option(...windowOption())
    .option('--unique-users', 'count distinct users from now on')
    .option('--total-events', 'count events from now on')
    .option('--enable', 'evaluate the rule on the schedule')
    .option('--disable', 'stop evaluating the rule (its open incident stays as it is)')
    .option('--json', 'print the rule as JSON (protobuf JSON mapping)')
    .addHelpText('after', '\nExample:\n  $ vigil rules update 3 --window 15m --query "level:error !environment:dev"')
    .action((ruleId: string, options: UpdateOptions, command: Command) =>
      runInContext(command, (ctx) => updateRule(ctx, id('alert rule id')(ruleId), options)),
    );
}

function deleteCommand(): Command {
  return new Command('delete')
    .argument('<id>', 'alert rule id')
    .description('delete a rule; its incidents keep going with a 1-minute window')
    .action((ruleId: string, _options: unknown, command: Command) =>
      runInContext(command, async (ctx) => {
        const alertRuleId = id('alert rule id')(ruleId);
        await ctx.call('incidents', (client, callOptions) =>
          callUnary(client, 'deleteAlertRule', { alertRuleId }, callOptions),
        );
        ctx.print(`alert rule ${alertRuleId} deleted`);
      }),
    );
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
        timeWindowMinutes: options.window / MINUTE_MS,
        thresholds: thresholdsFromFlags(options),
        enabled: !options.disabled,
      },
      callOptions,
    ),
  );
  printRule(ctx, alertRule, options, ' created');
}

async function updateRule(ctx: CliContext, alertRuleId: string, options: UpdateOptions): Promise<void> {
  if (options.uniqueUsers && options.totalEvents)
    throw new CliInputError('--unique-users and --total-events exclude each other');
  const aggregation = options.uniqueUsers
    ? Aggregation.UNIQUE_USERS
    : options.totalEvents
      ? Aggregation.TOTAL
      : undefined;
  if (options.enable && options.disable) throw new CliInputError('--enable and --disable exclude each other');
  const changes = {
    name: options.name,
    query: options.query,
    timeWindowMinutes: options.window === undefined ? undefined : options.window / MINUTE_MS,
    aggregation,
    thresholds: thresholdsFromFlags(options),
    enabled: options.enable ? true : options.disable ? false : undefined,
  };
  if (Object.values(changes).every((value) => value === undefined))
    throw new CliInputError(
      'nothing to change: give --name, --query, --window, --unique-users, --total-events, --critical, --enable or --disable',
    );
  const { alertRule } = await ctx.call('incidents', (client, callOptions) =>
    callUnary(client, 'updateAlertRule', { alertRuleId, ...changes }, callOptions),
  );
  printRule(ctx, alertRule, options, ' updated');
}

/** `what`: '' for a rule as it is, ' created' or ' updated' after a change. */
function printRule(ctx: CliContext, rule: AlertRule | undefined, options: JsonOption, what: string): void {
  if (rule === undefined) throw new Error('incidents answered without the rule');
  if (options.json) printJson(ctx, protoJson('vigil.incidents.v1.AlertRule', AlertRule, rule));
  else ctx.print(formatRule(rule, what));
}

function formatRule(rule: AlertRule, what: string): string {
  return [
    `alert rule ${rule.id}${what}: ${rule.name}`,
    `  organization  ${rule.organizationId}`,
    `  projects      ${rule.projectIds.join(', ')}`,
    `  query         ${rule.query === '' ? '(all events)' : rule.query}`,
    `  counts        ${aggregationName(rule.aggregation)}`,
    `  time window   ${rule.timeWindowMinutes} min`,
    `  thresholds    ${describeThresholds(rule)}`,
  ].join('\n');
}
