// What the scheduler expects of the IncidentStatusChanged events incidents
// publishes (behaviour.md §5): one per real change, on the incident's own
// subject, the JetStream message id = the event id, the version rising by
// one per change, date_closed set exactly when closed, the rule's window.
import { IncidentStatus } from '@vigil/contracts/incidents';
import { IncidentStatusChanged } from '@vigil/contracts/events';
import { Aggregation } from '@vigil/contracts/ingest';
import { jetstream, type JsMsg } from '@nats-io/jetstream';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { callUnary } from '@vigil/runtime';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { createIncident, eventually, freshId, HOUR, MINUTE, recentDay, setStatus } from './contract-helpers.js';
import { startVigilSystem, type VigilSystem } from './vigil-system.js';

let system: VigilSystem;
let nc: NatsConnection;

beforeAll(async () => {
  system = await startVigilSystem('event-contract');
  nc = await connect({ servers: system.nats.url });
}, 300_000);

afterAll(async () => {
  await nc?.close();
  await system?.close();
});

async function eventsOf(incidentId: string, expected: number): Promise<{ msg: JsMsg; event: IncidentStatusChanged }[]> {
  const consumer = await jetstream(nc).consumers.get(system.nats.stream, {
    filter_subjects: `${system.nats.subjectPrefix}.${incidentId}`,
  });
  const received: { msg: JsMsg; event: IncidentStatusChanged }[] = [];
  await eventually(async () => {
    const msg = await consumer.next({ expires: 1_000 });
    if (msg) received.push({ msg, event: IncidentStatusChanged.decode(msg.data) });
    return received.length >= expected ? true : undefined;
  }, `${expected} status events of incident ${incidentId}`);
  // Nothing more arrives: a no-op change publishes nothing.
  expect(await consumer.next({ expires: 1_000 })).toBeNull();
  return received;
}

test('close, no-op close, reopen: two events the scheduler can order and apply', async () => {
  const organization = freshId();
  const project = freshId();
  const started = recentDay() + 8 * HOUR;
  const { alertRule } = await callUnary(
    system.incidents,
    'createAlertRule',
    {
      organizationId: organization,
      projectIds: [project],
      name: 'contract rule',
      query: '',
      aggregation: Aggregation.TOTAL,
      timeWindowMinutes: 5,
    },
    { timeoutMs: 5_000 },
  );
  const id = await createIncident(system.incidents, { organization, project, started, ruleId: alertRule?.id });
  const closedAt = started + 30 * MINUTE;

  expect(await setStatus(system.incidents, id, IncidentStatus.CLOSED, closedAt)).toBe(true);
  expect(await setStatus(system.incidents, id, IncidentStatus.CLOSED)).toBe(false);
  expect(await setStatus(system.incidents, id, IncidentStatus.WARNING)).toBe(true);

  const [closed, reopened] = await eventsOf(id, 2);
  expect(closed?.msg.subject).toBe(`${system.nats.subjectPrefix}.${id}`);
  expect(closed?.event).toMatchObject({
    incidentId: id,
    organizationId: organization,
    previousStatus: IncidentStatus.OPEN,
    newStatus: IncidentStatus.CLOSED,
    dateStarted: new Date(started),
    dateClosed: new Date(closedAt),
    timeWindowMinutes: 5,
  });
  expect(reopened?.event).toMatchObject({
    previousStatus: IncidentStatus.CLOSED,
    newStatus: IncidentStatus.WARNING,
    timeWindowMinutes: 5,
  });
  expect(reopened?.event.dateClosed).toBeUndefined();
  expect(Number(reopened?.event.version)).toBe(Number(closed?.event.version) + 1);
  for (const { msg, event } of [closed, reopened].filter((x) => x !== undefined)) {
    expect(msg.headers?.get('Nats-Msg-Id')).toBe(event.eventId);
    expect(event.occurredAt).toBeInstanceOf(Date);
  }
  expect(closed?.event.eventId).not.toBe(reopened?.event.eventId);
});

test('an incident without a rule announces the 1-minute default window', async () => {
  const id = await createIncident(system.incidents, {
    organization: freshId(),
    project: freshId(),
    started: recentDay(),
  });
  await setStatus(system.incidents, id, IncidentStatus.CLOSED, recentDay() + HOUR);
  const [closed] = await eventsOf(id, 1);
  expect(closed?.event.timeWindowMinutes).toBe(1);
});
