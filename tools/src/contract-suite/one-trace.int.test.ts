// One trace from a status change to its snapshot, across the three built
// services and both asynchronous hops (the outbox → NATS, the pending row):
// the services export to a local OTLP/HTTP receiver, and every span on the
// path is found by its trace id and checked to hang from the span before it.
import { Metadata } from '@grpc/grpc-js';
import { IncidentStatus, StatusMethod } from '@vigil/contracts/incidents';
import { callUnary } from '@vigil/runtime';
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { createIncident, DAY, eventually, freshId, MINUTE, recentDay } from './contract-helpers.js';
import { OTLP_KIND, startOtlpReceiver, type OtlpReceiver, type ReceivedSpan } from './otlp-receiver.js';
import { startVigilSystem, type VigilSystem } from './vigil-system.js';

let receiver: OtlpReceiver;
let system: VigilSystem;

beforeAll(async () => {
  receiver = await startOtlpReceiver();
  system = await startVigilSystem('one-trace', {}, { env: { OTEL_EXPORTER_OTLP_ENDPOINT: receiver.endpoint } });
}, 180_000);

afterAll(async () => {
  await system?.close();
  await receiver?.close();
});

const INCIDENTS = 'vigil.incidents.v1.IncidentsService';

test('close → pending → processed → snapshot is one trace through incidents, NATS, the scheduler and ingest', async () => {
  const started = recentDay() - 2 * DAY;
  const id = await createIncident(system.incidents, { organization: freshId(), project: freshId(), started });

  // The caller's own trace: everything after it must continue it.
  const traceId = randomBytes(16).toString('hex');
  const callerSpanId = randomBytes(8).toString('hex');
  const metadata = new Metadata();
  metadata.set('traceparent', `00-${traceId}-${callerSpanId}-01`);
  const request = {
    incidentId: id,
    status: IncidentStatus.CLOSED,
    method: StatusMethod.MANUAL,
    dateClosed: new Date(started + 5 * MINUTE),
  };
  await callUnary(system.incidents, 'updateIncidentStatus', request, { timeoutMs: 5_000, metadata });
  await eventually(async () => {
    const { pendingSnapshot } = await callUnary(
      system.scheduler,
      'getPendingSnapshot',
      { incidentId: id },
      { timeoutMs: 5_000 },
    );
    return pendingSnapshot;
  }, 'the pending snapshot to arrive over NATS');
  // A call of its own, outside the trace: the row carries the trace to the snapshot call.
  const processed = await callUnary(system.scheduler, 'processDueSnapshots', {}, { timeoutMs: 30_000 });
  expect(processed).toMatchObject({ claimed: '1', created: '1' });

  // Spans leave each service in batches (every 5 s by default).
  const inTrace = (): ReceivedSpan[] => receiver.spans.filter((span) => span.traceId === traceId);
  await eventually(
    async () => inTrace().find((span) => span.service === 'ingest') && inTrace().find(isSnapshotServerSpan),
    'the snapshot spans to be exported',
    60_000,
  ).catch((error: unknown) => {
    const received = receiver.spans.map((span) => `${span.service} ${span.name} ${span.traceId}`);
    throw new Error(`${String(error)} (trace ${traceId}); received ${received.length} spans:\n${received.join('\n')}`);
  });
  const spans = inTrace();
  const one = (service: string, kind: number, name: string): ReceivedSpan => {
    const found = spans.filter((span) => span.service === service && span.kind === kind && span.name === name);
    expect(found, `${service} ${name}`).toHaveLength(1);
    return found[0] as ReceivedSpan;
  };
  const subject = `${system.nats.subjectPrefix}.${id}`;

  const update = one('incidents', OTLP_KIND.SERVER, `${INCIDENTS}/UpdateIncidentStatus`);
  const change = one('incidents', OTLP_KIND.INTERNAL, 'incident status change transaction');
  const publish = one('incidents', OTLP_KIND.PRODUCER, `${subject} publish`);
  const consume = one('snapshot-scheduler', OTLP_KIND.CONSUMER, `${subject} process`);
  const apply = one('snapshot-scheduler', OTLP_KIND.INTERNAL, 'pending snapshot apply');
  const processing = one('snapshot-scheduler', OTLP_KIND.INTERNAL, 'snapshot process');
  const snapshotCall = one('snapshot-scheduler', OTLP_KIND.CLIENT, `${INCIDENTS}/CreateIncidentSnapshot`);
  const snapshotServed = one('incidents', OTLP_KIND.SERVER, `${INCIDENTS}/CreateIncidentSnapshot`);
  const store = one('incidents', OTLP_KIND.INTERNAL, 'incident snapshot store');
  const parentOf = (span: ReceivedSpan) => span.parentSpanId;
  expect(parentOf(update)).toBe(callerSpanId);
  expect(parentOf(change)).toBe(update.spanId);
  // First hop: the outbox row kept the transaction's context; the relay's publish continues it.
  expect(parentOf(publish)).toBe(change.spanId);
  expect(parentOf(consume)).toBe(publish.spanId);
  expect(parentOf(apply)).toBe(consume.spanId);
  // Second hop: the pending row kept the consumer's context; processing continues it.
  expect(parentOf(processing)).toBe(consume.spanId);
  expect(parentOf(snapshotCall)).toBe(processing.spanId);
  expect(parentOf(snapshotServed)).toBe(snapshotCall.spanId);
  expect(parentOf(store)).toBe(snapshotServed.spanId);

  // Incidents asks ingest for the statistics from within the snapshot call.
  const statsCalls = spans.filter((span) => span.service === 'incidents' && span.kind === OTLP_KIND.CLIENT);
  const statsServed = spans.filter((span) => span.service === 'ingest' && span.kind === OTLP_KIND.SERVER);
  expect(statsCalls.length).toBeGreaterThan(0);
  expect(statsCalls.map(parentOf)).toEqual(statsCalls.map(() => snapshotServed.spanId));
  expect(statsCalls.every((span) => span.name.startsWith('vigil.ingest.v1.IngestService/'))).toBe(true);
  expect(statsServed.map(parentOf).sort()).toEqual(statsCalls.map((span) => span.spanId).sort());
}, 180_000);

function isSnapshotServerSpan(span: ReceivedSpan): boolean {
  return (
    span.service === 'incidents' && span.kind === OTLP_KIND.SERVER && span.name.endsWith('/CreateIncidentSnapshot')
  );
}
