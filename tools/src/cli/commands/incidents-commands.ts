// `vigil incidents create | list | show | status | activity`.
import { Command } from 'commander';
import {
  Incident,
  IncidentActivity,
  IncidentType,
  StatusMethod,
  UpdateIncidentStatusResponse,
} from '@vigil/contracts/incidents';
import { Aggregation } from '@vigil/contracts/ingest';
import { callUnary } from '@vigil/runtime';
import type { CliContext } from '../cli-context.js';
import { parseInstant } from '../instant.js';
import { incidentStatusName, parseIncidentStatus } from '../names.js';
import { id, idList, positiveInteger, repeatable } from '../options.js';
import { protoJson } from '../proto-json.js';
import { collectPages } from '../paging.js';
import { printJson, runInContext } from '../run-in-context.js';
import { formatActivity, formatIncident } from '../views/incident-view.js';
import { formatTable } from '../table.js';

interface CreateOptions {
  readonly org: string;
  readonly project: string[];
  readonly title: string;
  readonly rule?: string;
  readonly started?: string;
  readonly query: string;
  readonly group?: string[];
  readonly uniqueUsers?: boolean;
  readonly json?: boolean;
}

interface StatusOptions {
  readonly closedAt?: string;
  readonly comment?: string;
  readonly actor?: string;
  readonly json?: boolean;
}

interface JsonOption {
  readonly json?: boolean;
}

interface ListOptions extends JsonOption {
  readonly org: string;
  readonly limit: number;
}

export function incidentsCommands(): Command {
  return new Command('incidents')
    .description('incidents and their status')
    .addCommand(createCommand())
    .addCommand(listCommand())
    .addCommand(showCommand())
    .addCommand(statusCommand())
    .addCommand(activityCommand());
}

function createCommand(): Command {
  return new Command('create')
    .description('open an incident (status open, version 1)')
    .requiredOption('--org <id>', 'organization that owns it', id('--org'))
    .requiredOption('--project <id>', 'project(s) it covers; repeat or separate with commas', idList('--project'))
    .requiredOption('--title <title>', 'title')
    .option('--rule <id>', 'the alert rule behind it (its time window applies; without one: 1 minute)', id('--rule'))
    .option('--started <time>', 'when the problem started: ISO 8601 with a zone, or -30m… (default: now)')
    .option('--query <filter>', 'filter for its statistics, in the query language', '')
    .option('--group <id>', 'limit its statistics to these groups; repeat for more', repeatable)
    .option('--unique-users', 'its statistics count distinct users instead of events')
    .option('--json', 'print the incident as JSON (protobuf JSON mapping)')
    .action((options: CreateOptions, command: Command) => runInContext(command, (ctx) => createIncident(ctx, options)));
}

function listCommand(): Command {
  return new Command('list')
    .description("list an organization's incidents, newest first")
    .requiredOption('--org <id>', 'organization', id('--org'))
    .option('--limit <n>', 'show at most this many', positiveInteger('--limit'), 50)
    .option('--json', 'print the incidents as JSON (protobuf JSON mapping)')
    .action((options: ListOptions, command: Command) => runInContext(command, (ctx) => listIncidents(ctx, options)));
}

function showCommand(): Command {
  return new Command('show')
    .argument('<id>', 'incident id')
    .description('show an incident; a closed one also shows when its snapshot is due')
    .option('--json', 'print the incident as JSON (protobuf JSON mapping)')
    .action((incidentId: string, options: JsonOption, command: Command) =>
      runInContext(command, (ctx) => showIncident(ctx, id('incident id')(incidentId), options)),
    );
}

function statusCommand(): Command {
  return new Command('status')
    .argument('<id>', 'incident id')
    .argument('<status>', 'open, warning, critical or closed (also "resolved")')
    .description('change the status; closing schedules a snapshot, leaving closed removes it and its pending snapshot')
    .option(
      '--closed-at <time>',
      'close time: ISO 8601 with a zone, or -20m… (not in the future, not before the start)',
    )
    .option('--comment <text>', 'comment recorded in the activity')
    .option('--actor <name>', 'who makes the change, recorded in the activity')
    .option('--json', 'print the answer as JSON (protobuf JSON mapping)')
    .addHelpText(
      'after',
      '\nExample:\n  $ vigil incidents status 12 closed --closed-at -20m --comment "fixed in 1.2.4"',
    )
    .action((incidentId: string, status: string, options: StatusOptions, command: Command) =>
      runInContext(command, (ctx) => changeStatus(ctx, id('incident id')(incidentId), status, options)),
    );
}

function activityCommand(): Command {
  return new Command('activity')
    .argument('<id>', 'incident id')
    .description("list an incident's status changes, oldest first")
    .option('--json', 'print the activity as JSON (protobuf JSON mapping)')
    .action((incidentId: string, options: JsonOption, command: Command) =>
      runInContext(command, (ctx) => showActivity(ctx, id('incident id')(incidentId), options)),
    );
}

async function createIncident(ctx: CliContext, options: CreateOptions): Promise<void> {
  const started = options.started === undefined ? undefined : parseInstant(options.started, '--started', ctx.now());
  const { incident } = await ctx.call('incidents', (client, callOptions) =>
    callUnary(
      client,
      'createIncident',
      {
        organizationId: options.org,
        type: options.rule === undefined ? IncidentType.DETECTED : IncidentType.ALERT_TRIGGERED,
        title: options.title,
        query: options.query,
        aggregation: options.uniqueUsers ? Aggregation.UNIQUE_USERS : Aggregation.TOTAL,
        dateStarted: started,
        dateDetected: undefined,
        projectIds: options.project,
        groupIds: options.group ?? [],
        alertRuleId: options.rule,
      },
      callOptions,
    ),
  );
  printIncident(ctx, incident, options);
}

async function listIncidents(ctx: CliContext, options: ListOptions): Promise<void> {
  const incidents = await collectPages(async (pageToken, pageSize) => {
    const page = await ctx.call('incidents', (client, callOptions) =>
      callUnary(client, 'listIncidents', { organizationId: options.org, pageSize, pageToken }, callOptions),
    );
    return { items: page.incidents, nextPageToken: page.nextPageToken };
  }, options.limit);
  if (options.json) {
    printJson(
      ctx,
      incidents.map((incident) => protoJson('vigil.incidents.v1.Incident', Incident, incident)),
    );
    return;
  }
  ctx.print(
    formatTable(
      [
        { header: 'id', align: 'right' },
        { header: '#', align: 'right' },
        { header: 'status' },
        { header: 'title', maxWidth: 60 },
      ],
      incidents.map((incident) => [
        incident.id,
        incident.identifier,
        incidentStatusName(incident.status),
        incident.title,
      ]),
    ),
  );
}

async function showIncident(ctx: CliContext, incidentId: string, options: JsonOption): Promise<void> {
  const { incident } = await ctx.call('incidents', (client, callOptions) =>
    callUnary(client, 'getIncident', { incidentId }, callOptions),
  );
  printIncident(ctx, incident, options);
}

async function changeStatus(
  ctx: CliContext,
  incidentId: string,
  statusText: string,
  options: StatusOptions,
): Promise<void> {
  const status = parseIncidentStatus(statusText);
  const dateClosed =
    options.closedAt === undefined ? undefined : parseInstant(options.closedAt, '--closed-at', ctx.now());
  const response = await ctx.call('incidents', (client, callOptions) =>
    callUnary(
      client,
      'updateIncidentStatus',
      { incidentId, status, method: StatusMethod.MANUAL, comment: options.comment, actor: options.actor, dateClosed },
      callOptions,
    ),
  );
  if (options.json) {
    printJson(
      ctx,
      protoJson('vigil.incidents.v1.UpdateIncidentStatusResponse', UpdateIncidentStatusResponse, response),
    );
    return;
  }
  ctx.print(
    response.changed
      ? `status changed to ${incidentStatusName(status)}`
      : `the incident already was ${incidentStatusName(status)}: nothing changed (no activity, no event)`,
  );
  if (response.incident) ctx.print(formatIncident(response.incident));
}

async function showActivity(ctx: CliContext, incidentId: string, options: JsonOption): Promise<void> {
  const activities = await collectPages(async (pageToken, pageSize) => {
    const page = await ctx.call('incidents', (client, callOptions) =>
      callUnary(client, 'listIncidentActivity', { incidentId, pageSize, pageToken }, callOptions),
    );
    return { items: page.activities, nextPageToken: page.nextPageToken };
  }, Number.MAX_SAFE_INTEGER);
  if (options.json)
    printJson(
      ctx,
      activities.map((activity) => protoJson('vigil.incidents.v1.IncidentActivity', IncidentActivity, activity)),
    );
  else ctx.print(activities.length === 0 ? 'no status changes yet' : formatActivity(activities));
}

function printIncident(ctx: CliContext, incident: Incident | undefined, options: JsonOption): void {
  if (incident === undefined) throw new Error('incidents answered without the incident');
  if (options.json) printJson(ctx, protoJson('vigil.incidents.v1.Incident', Incident, incident));
  else ctx.print(formatIncident(incident));
}
