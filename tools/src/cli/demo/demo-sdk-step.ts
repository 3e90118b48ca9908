// Demo step 4 when a relay's DSN is given: an error captured by the official
// Sentry SDK for Node, sent to sentry-relay, read back from ingest.
import { callUnary } from '@vigil/runtime';
import type { CliContext } from '../cli-context.js';
import { formatStoredEvent } from '../views/event-view.js';
import { formatGroups } from '../views/groups-view.js';
import type { Narrator } from './narrator.js';
import type { RelayDsn } from './relay-dsn.js';

// Thrown from a named function: its in-app frame is what ingest groups the
// error by, so every demo run's error joins one group.
function chargeDemoCard(card: { number?: string }): string {
  if (card.number === undefined) throw new TypeError('card number is undefined');
  return card.number;
}

/** Resolves false (having said why) when the relay did not store the error. */
export async function sendSdkError(ctx: CliContext, say: Narrator, relay: RelayDsn): Promise<boolean> {
  say.step(
    'Send an error through the official Sentry SDK',
    `An application keeps its Sentry SDK (@sentry/node here) and points its DSN at sentry-relay. The relay checks ` +
      `the key, turns the SDK's envelope into a Vigil event of project ${relay.projectId} (the DSN's) and stores ` +
      'it through ingest, where it is grouped like any other: by its in-app stack frames here, so each demo run ' +
      'adds one to the same group.',
  );
  say.command(`Sentry.init({ dsn: '${relay.shown}' }); Sentry.captureException(error); await Sentry.flush()`);
  // Loaded here, not at the top: every other command of the CLI would pay for loading the SDK.
  const Sentry = await import('@sentry/node');
  const client = Sentry.init({
    dsn: relay.dsn,
    environment: 'vigil-demo',
    // The CLI is not the application being watched: no process-wide handlers
    // (uncaught errors, HTTP instrumentation) that would change how it fails.
    defaultIntegrations: false,
    enableRuntimeChannelInjection: false,
  });
  let status: number | undefined;
  client?.on('afterSendEvent', (_event, response) => (status = response.statusCode));
  let eventId = '';
  try {
    chargeDemoCard({});
  } catch (error) {
    eventId = Sentry.captureException(error);
  }
  const flushed = await Sentry.flush(ctx.timeoutMs);
  await Sentry.close(ctx.timeoutMs);
  if (!flushed || status !== 200) {
    const why =
      status !== undefined
        ? `it answered ${status}`
        : flushed
          ? 'the SDK sent nothing'
          : `no answer within ${ctx.timeoutMs} ms`;
    say.result(`the relay did not store event ${eventId}: ${why}`);
    return false;
  }
  say.result(`the relay answered 200 for event ${eventId}`);
  const projectId = relay.projectId;
  say.command(`vigil events get ${eventId} --project ${projectId}`);
  const { event } = await ctx.call('ingest', (ingest, options) =>
    callUnary(ingest, 'getEvent', { projectId, eventId }, options),
  );
  if (event === undefined) throw new Error(`ingest answered GetEvent for ${eventId} without the event`);
  say.result(formatStoredEvent(event));
  const { group } = await ctx.call('ingest', (ingest, options) =>
    callUnary(ingest, 'getGroup', { projectId, groupId: event.groupId }, options),
  );
  say.command(`vigil groups show ${event.groupId} --project ${projectId}`);
  say.result(group ? formatGroups([group]) : 'no group');
  return true;
}
