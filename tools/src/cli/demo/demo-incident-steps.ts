// Demo steps 5–11: a rule and an incident, closing it in the past so its
// snapshot is already due, the scheduler's pending row, processing, the
// snapshot, and a reopen that removes it.
import { status as GrpcStatus } from '@grpc/grpc-js';
import { IncidentStatus, IncidentType, StatusMethod, type Incident } from '@vigil/contracts/incidents';
import { Aggregation } from '@vigil/contracts/ingest';
import { callUnary } from '@vigil/runtime';
import { pendingSnapshotRunDate } from '@vigil/time-range';
import type { CliContext } from '../cli-context.js';
import { formatInstant } from '../instant.js';
import { grpcCodeOf } from '../service-call-error.js';
import { formatIncident, formatSnapshot } from '../views/incident-view.js';
import { formatProcessOutcome } from '../views/scheduler-view.js';
import { DEMO_INCIDENT } from './demo-events.js';
import type { Narrator } from './narrator.js';
import { pollUntil } from './poll-until.js';

const QUERY = 'level:error';
// Status events reach the scheduler through the outbox relay and NATS: usually well under a second.
const ARRIVAL = { timeoutMs: 10_000, intervalMs: 100 };

interface DemoIds {
  readonly organizationId: string;
  readonly projectId: string;
}

export async function openDemoIncident(ctx: CliContext, say: Narrator, ids: DemoIds): Promise<Incident> {
  say.step(
    'Create an alert rule',
    `It watches "${QUERY}" in the project with a 1-minute time window; its incidents use that window.`,
  );
  say.command(
    `vigil rules create --org ${ids.organizationId} --project ${ids.projectId} --name "Checkout errors" --query "${QUERY}" --window 1`,
  );
  const rule = {
    organizationId: ids.organizationId,
    projectIds: [ids.projectId],
    name: 'Checkout errors',
    query: QUERY,
    aggregation: Aggregation.TOTAL,
    timeWindowMinutes: 1,
  };
  const { alertRule } = await ctx.call('incidents', (client, options) =>
    callUnary(client, 'createAlertRule', rule, options),
  );
  say.result(`alert rule ${alertRule?.id} created`);

  const started = new Date(ctx.now().getTime() - DEMO_INCIDENT.startedAgoMs);
  say.step(
    'Open an incident that started 30 minutes ago',
    'The incident gets the next per-organization number and status open.',
  );
  say.command(
    `vigil incidents create --org ${ids.organizationId} --project ${ids.projectId} --title "Checkout is failing" ` +
      `--rule ${alertRule?.id} --started -30m`,
  );
  const { incident } = await ctx.call('incidents', (client, options) =>
    callUnary(
      client,
      'createIncident',
      {
        organizationId: ids.organizationId,
        type: IncidentType.ALERT_TRIGGERED,
        title: 'Checkout is failing',
        query: QUERY,
        aggregation: Aggregation.TOTAL,
        dateStarted: started,
        dateDetected: started,
        projectIds: [ids.projectId],
        groupIds: [],
        alertRuleId: alertRule?.id,
      },
      options,
    ),
  );
  if (incident === undefined) throw new Error('incidents answered without the incident');
  say.result(formatIncident(incident));
  return incident;
}

export async function closeDemoIncident(ctx: CliContext, say: Narrator, incident: Incident): Promise<void> {
  const closedAt = new Date(ctx.now().getTime() - DEMO_INCIDENT.closedAgoMs);
  const due = pendingSnapshotRunDate(
    {
      dateStarted: incident.dateStarted ?? closedAt,
      dateClosed: closedAt,
      timeWindowMinutes: incident.timeWindowMinutes,
    },
    closedAt,
  );
  say.step(
    'Close it as of 20 minutes ago',
    `A snapshot is due at close + min(10 × window, 10 days) = ${formatInstant(due)}, which has already passed: ` +
      'waiting that long lets late events arrive before the numbers are frozen. The status change and its event ' +
      'are one commit (an outbox); the event then goes over NATS to the snapshot scheduler.',
  );
  say.command(`vigil incidents status ${incident.id} closed --closed-at -20m --comment "fixed in shop@1.4.1"`);
  const close = {
    incidentId: incident.id,
    status: IncidentStatus.CLOSED,
    method: StatusMethod.MANUAL,
    comment: 'fixed in shop@1.4.1',
    actor: 'vigil demo',
    dateClosed: closedAt,
  };
  const response = await ctx.call('incidents', (client, options) =>
    callUnary(client, 'updateIncidentStatus', close, options),
  );
  say.result(`closed at ${formatInstant(response.incident?.dateClosed)}, version ${response.incident?.version}`);
}

/** True when the pending row showed up (false: the scheduler's own timer was faster and already made the snapshot). */
export async function awaitPendingSnapshot(ctx: CliContext, say: Narrator, incidentId: string): Promise<boolean> {
  say.step(
    'Wait for the pending snapshot',
    'The scheduler consumes the status event from NATS and records a pending row with the run date.',
  );
  say.command('vigil pending list');
  const pending = await pollUntil(
    () =>
      ifFound(
        ctx.call('scheduler', (client, options) => callUnary(client, 'getPendingSnapshot', { incidentId }, options)),
      ),
    ARRIVAL,
  );
  if (pending?.pendingSnapshot !== undefined) {
    const row = pending.pendingSnapshot;
    say.result(
      `pending: incident ${row.incidentId}, version ${row.incidentVersion}, due ${formatInstant(row.targetRunDate)}`,
    );
    return true;
  }
  if ((await findSnapshot(ctx, incidentId)) !== undefined) {
    say.result("no pending row any more: the scheduler's own timer already made the snapshot");
    return false;
  }
  throw new Error(
    `the pending snapshot of incident ${incidentId} did not reach the scheduler within ${ARRIVAL.timeoutMs / 1000} s: ` +
      'are incidents and the scheduler on the same NATS server and stream?',
  );
}

export async function processAndShowSnapshot(ctx: CliContext, say: Narrator, incidentId: string): Promise<void> {
  say.step(
    'Process due snapshots now',
    'The scheduler claims due rows in batches; for each closed incident it asks incidents to make the snapshot from ' +
      "ingest's statistics, then removes the row. It also does this on a timer; here we do not wait for it.",
  );
  say.command('vigil pending process');
  const outcome = await ctx.call('scheduler', (client, options) =>
    callUnary(client, 'processDueSnapshots', {}, options),
  );
  say.result(formatProcessOutcome(outcome));

  say.step(
    'Show the snapshot',
    `Totals over the plain range (start − window to close + window); the graph over the 200-point windowed range, ` +
      `ending at the due time. Only "${QUERY}" events count: the warnings are left out.`,
  );
  say.command(`vigil snapshot show ${incidentId}`);
  const snapshot = await findSnapshot(ctx, incidentId);
  if (snapshot === undefined) throw new Error(`incident ${incidentId} has no snapshot after processing`);
  say.result(formatSnapshot(snapshot, ctx.width - 6));
}

export async function reopenDemoIncident(ctx: CliContext, say: Narrator, incidentId: string): Promise<void> {
  say.step(
    'Reopen the incident',
    'Leaving closed makes it live again: its snapshot and its pending snapshot are removed.',
  );
  say.command(`vigil incidents status ${incidentId} open`);
  const reopen = {
    incidentId,
    status: IncidentStatus.OPEN,
    method: StatusMethod.MANUAL,
    comment: 'reopened by the demo',
  };
  await ctx.call('incidents', (client, options) => callUnary(client, 'updateIncidentStatus', reopen, options));
  const gone = await pollUntil(
    async () => ((await findSnapshot(ctx, incidentId)) === undefined ? true : undefined),
    ARRIVAL,
  );
  if (!gone) throw new Error(`incident ${incidentId} still has its snapshot after the reopen`);
  say.command(`vigil snapshot show ${incidentId}`);
  say.result('NOT_FOUND: the snapshot is gone; closing the incident again would schedule a new one');
}

async function findSnapshot(ctx: CliContext, incidentId: string) {
  const response = await ifFound(
    ctx.call('incidents', (client, options) => callUnary(client, 'getIncidentSnapshot', { incidentId }, options)),
  );
  return response?.snapshot;
}

/** NOT_FOUND → undefined; any other failure stays a failure. */
async function ifFound<T>(call: Promise<T>): Promise<T | undefined> {
  try {
    return await call;
  } catch (error) {
    if (grpcCodeOf(error) === GrpcStatus.NOT_FOUND) return undefined;
    throw error;
  }
}
