// Issue 14's "done when": `vigil demo` against the three real services, each
// exporting to a local OTLP/HTTP receiver (OTEL_EXPORTER_OTLP_ENDPOINT, as an
// operator would set it), sends spans from all three services, and the
// demo's close → pending → snapshot crosses the NATS hop in one trace.
import { afterAll, beforeAll, expect, test } from 'vitest';
import { OTLP_KIND, startOtlpReceiver, type OtlpReceiver, type ReceivedSpan } from '../contract-suite/otlp-receiver.js';
import { runCli } from './testing/run-cli.js';
import { startDemoServices, type DemoServices } from './testing/start-demo-services.js';
import { pollUntil } from './demo/poll-until.js';

let receiver: OtlpReceiver;
let demo: DemoServices | undefined;

beforeAll(async () => {
  receiver = await startOtlpReceiver();
  demo = await startDemoServices('cli-demo-trace', { OTEL_EXPORTER_OTLP_ENDPOINT: receiver.endpoint });
}, 180_000);

afterAll(async () => {
  await demo?.close();
  await receiver?.close();
});

const SNAPSHOT_CALL = 'vigil.incidents.v1.IncidentsService/CreateIncidentSnapshot';

test('a demo run sends spans from all three services; its status change and snapshot share one trace across NATS', async () => {
  const run = await runCli(['demo'], demo?.cliEnv ?? {});
  expect(run.stderr, `${run.stdout}\n${demo?.logs()}`).toBe('');
  expect(run.code).toBe(0);

  // Spans leave each service in batches (every 5 s by default): wait until the
  // snapshot's trace has its spans from each service and no span's parent is missing.
  const snapshotTrace = (): ReceivedSpan[] | undefined => {
    const served = receiver.spans.find(
      (s) => s.service === 'incidents' && s.kind === OTLP_KIND.SERVER && s.name === SNAPSHOT_CALL,
    );
    const trace = served ? receiver.spans.filter((s) => s.traceId === served.traceId) : [];
    const ids = new Set(trace.map((s) => s.spanId));
    const has = (service: string, kind: number) => trace.some((s) => s.service === service && s.kind === kind);
    const complete =
      has('ingest', OTLP_KIND.SERVER) &&
      has('incidents', OTLP_KIND.PRODUCER) &&
      has('snapshot-scheduler', OTLP_KIND.CONSUMER) &&
      has('snapshot-scheduler', OTLP_KIND.CLIENT) &&
      trace.filter((s) => s.parentSpanId !== '' && !ids.has(s.parentSpanId)).length === 0;
    return complete ? trace : undefined;
  };
  const trace = await pollUntil(async () => snapshotTrace(), { timeoutMs: 60_000, intervalMs: 250 });
  if (trace === undefined) {
    const received = receiver.spans.map((s) => `${s.service} ${s.kind} ${s.name} ${s.traceId} ${s.parentSpanId}`);
    throw new Error(
      `no complete trace joins the snapshot to ingest; ${received.length} spans:\n${received.join('\n')}`,
    );
  }

  expect(new Set(receiver.spans.map((s) => s.service))).toEqual(new Set(['ingest', 'incidents', 'snapshot-scheduler']));
  expect(new Set(trace.map((s) => s.service))).toEqual(new Set(['ingest', 'incidents', 'snapshot-scheduler']));
  const kinded = (service: string, kind: number) => trace.filter((s) => s.service === service && s.kind === kind);
  // The demo's close started the trace (the CLI sends no traceparent): its server span is the one root.
  const roots = trace.filter((s) => s.parentSpanId === '');
  expect(roots.map((s) => `${s.service} ${s.name}`)).toEqual([
    'incidents vigil.incidents.v1.IncidentsService/UpdateIncidentStatus',
  ]);
  // Across the NATS hop by ids: the scheduler's consumer span hangs from incidents' publish span.
  const publishes = kinded('incidents', OTLP_KIND.PRODUCER);
  expect(publishes).toHaveLength(1);
  const consumes = kinded('snapshot-scheduler', OTLP_KIND.CONSUMER);
  expect(consumes.length).toBeGreaterThan(0);
  expect(consumes.every((s) => s.parentSpanId === publishes[0]?.spanId)).toBe(true);
  // The snapshot call the scheduler made, the server span that answered it, and ingest's statistics under it.
  const snapshotCall = kinded('snapshot-scheduler', OTLP_KIND.CLIENT).find((s) => s.name === SNAPSHOT_CALL);
  const snapshotServed = kinded('incidents', OTLP_KIND.SERVER).find((s) => s.name === SNAPSHOT_CALL);
  expect(snapshotServed?.parentSpanId).toBe(snapshotCall?.spanId);
  const statsCalls = kinded('incidents', OTLP_KIND.CLIENT);
  expect(statsCalls.length).toBeGreaterThan(0);
  expect(statsCalls.every((s) => s.parentSpanId === snapshotServed?.spanId)).toBe(true);
  const statsServed = kinded('ingest', OTLP_KIND.SERVER);
  expect(statsServed.map((s) => s.parentSpanId).sort()).toEqual(statsCalls.map((s) => s.spanId).sort());
}, 300_000);
