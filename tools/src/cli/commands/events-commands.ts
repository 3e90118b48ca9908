// `vigil events send`: one event from flags, or events from a JSON file.
import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { Command } from 'commander';
import { StoredEvent, StoreEventsResult, StoreOutcome, type Event } from '@vigil/contracts/ingest';
import { callUnary } from '@vigil/runtime';
import type { CliContext } from '../cli-context.js';
import { CliInputError } from '../cli-input-error.js';
import { eventFromFlags, type EventFlags } from '../event-flags.js';
import { parseEventsFile } from '../events-file.js';
import { parseInstant } from '../instant.js';
import { id, repeatable } from '../options.js';
import { protoJson } from '../proto-json.js';
import { formatStoredEvent } from '../views/event-view.js';
import { printJson, runInContext } from '../run-in-context.js';
import { formatStoreResults } from '../store-results.js';

interface SendOptions extends EventFlags {
  readonly file?: string;
  readonly json?: boolean;
}

const EXAMPLES = `
Examples:
  $ vigil events send --project 1 --message "boom"
  $ vigil events send --project 1 --message "slow checkout" --level warning --tag env=prod --user-id u42
  $ vigil events send --file events.json      (an array goes as one StoreEvents batch)

A file holds one event or an array of events in the Event JSON shape, e.g.
  [{"event_id": "…", "project_id": 1, "timestamp": "2026-11-22T10:00:00Z", "level": "error",
    "message": "boom", "tags": {"env": "prod"}, "user": {"id": "u42"}}]
Sending an event id again on the same UTC day replaces the stored event (REPLACED),
or is ignored under the first-write-wins policy (DUPLICATE).
Exit code 1 when any event is rejected.`;

export function eventsCommands(): Command {
  const events = new Command('events').description('send error events to ingest');
  events
    .command('send')
    .description('store one event given by flags, or the events of a JSON file, and print what happened to each')
    .option(
      '--file <path>',
      'JSON file with one event or an array of events ("-" reads stdin); excludes the flags below',
    )
    .option('--project <id>', 'project of the event (required without --file)')
    .option('--message <text>', 'the message; events without fingerprint or exception are grouped by it')
    .option('--level <level>', 'fatal, error, warning, info or debug', 'error')
    .option('--id <uuid>', 'event id, 32 hex digits or a dashed UUID (default: a random one)')
    .option(
      '--timestamp <time>',
      'when it happened: ISO 8601 with a zone, or -5m, -2h… (default: when ingest receives it)',
    )
    .option('--tag <key=value>', 'a tag; repeat for more', repeatable)
    .option('--user-id <id>', 'the affected user (counts toward unique users)')
    .option('--fingerprint <part>', 'grouping override; repeat for a multi-part fingerprint', repeatable)
    .option('--environment <name>', 'deployment environment, e.g. production')
    .option('--release <version>', 'release of the sending application')
    .option('--platform <name>', 'platform of the sender, e.g. node')
    .option('--culprit <where>', 'where it happened, e.g. a route or function')
    .option('--exception-type <type>', 'exception type, e.g. TypeError (groups by type and value)')
    .option('--exception-value <text>', 'exception message')
    .option('--json', 'print the results as JSON (protobuf JSON mapping)')
    .addHelpText('after', EXAMPLES)
    .action((options: SendOptions, command: Command) =>
      runInContext(command, (ctx) => sendEvents(ctx, options, command)),
    );
  events
    .command('get')
    .argument('<event-id>', 'event id, 32 hex digits or a dashed UUID')
    .description('show one stored event: every field, its group, and when ingest received it')
    .requiredOption('--project <id>', 'project of the event', id('--project'))
    .option('--day <time>', 'any instant in the UTC day of the event (default: the most recently received)')
    .option(
      '--json',
      'print the stored event as JSON (protobuf JSON mapping; its "event" can be sent again with --file)',
    )
    .action((eventId: string, options: GetOptions, command: Command) =>
      runInContext(command, (ctx) => getEvent(ctx, eventId, options)),
    );
  return events;
}

interface GetOptions {
  readonly project: string;
  readonly day?: string;
  readonly json?: boolean;
}

async function getEvent(ctx: CliContext, eventId: string, options: GetOptions): Promise<void> {
  const timestamp = options.day === undefined ? undefined : parseInstant(options.day, '--day', ctx.now());
  const { event } = await ctx.call('ingest', (client, callOptions) =>
    callUnary(client, 'getEvent', { projectId: options.project, eventId, timestamp }, callOptions),
  );
  if (event === undefined) throw new Error('ingest answered without the event');
  if (options.json) printJson(ctx, protoJson('vigil.ingest.v1.StoredEvent', StoredEvent, event));
  else ctx.print(formatStoredEvent(event));
}

async function sendEvents(ctx: CliContext, options: SendOptions, command: Command): Promise<number> {
  const results =
    options.file === undefined
      ? [await storeOne(ctx, eventFromFlags(options, { newEventId: randomUUID, now: ctx.now() }))]
      : await sendFile(ctx, options.file, command);
  if (options.json)
    printJson(
      ctx,
      results.map((result) => protoJson('vigil.ingest.v1.StoreEventsResult', StoreEventsResult, result)),
    );
  else ctx.print(formatStoreResults(results));
  return results.some((result) => result.outcome === StoreOutcome.REJECTED) ? 1 : 0;
}

async function sendFile(ctx: CliContext, path: string, command: Command): Promise<StoreEventsResult[]> {
  // --level has a default, so only flags the person typed count as mixing.
  const typed = command.options
    .map((option) => option.attributeName())
    .filter((name) => !['file', 'json'].includes(name) && command.getOptionValueSource(name) === 'cli');
  if (typed.length > 0)
    throw new CliInputError(`--file describes the events by itself; drop ${typed.map(flagName).join(', ')}`);
  const file = parseEventsFile(await readEventsFile(path), randomUUID);
  if (!file.isArray) return [await storeOne(ctx, file.events[0] as Event)];
  const response = await ctx.call('ingest', (client, callOptions) =>
    callUnary(client, 'storeEvents', { events: file.events }, callOptions),
  );
  return response.results;
}

async function storeOne(ctx: CliContext, event: Event): Promise<StoreEventsResult> {
  const response = await ctx.call('ingest', (client, callOptions) =>
    callUnary(client, 'storeEvent', { event }, callOptions),
  );
  return {
    index: 0,
    outcome: response.outcome,
    eventId: response.eventId,
    groupId: response.groupId,
    policy: response.policy,
    normalizations: response.normalizations,
  };
}

async function readEventsFile(path: string): Promise<string> {
  try {
    return path === '-' ? await readStdin() : await readFile(path, 'utf8');
  } catch (error) {
    throw new CliInputError(`--file: cannot read ${path}: ${(error as Error).message}`);
  }
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

function flagName(attribute: string): string {
  return `--${attribute.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`)}`;
}
