import { credentials, Metadata, status, type ServiceError } from '@grpc/grpc-js';
import { SpanKind, SpanStatusCode } from '@opentelemetry/api';
import { InMemorySpanExporter, type ReadableSpan } from '@opentelemetry/sdk-trace';
import { pino } from 'pino';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { buildGreeterDescriptorSet, Greeter, type GreeterClient } from '../../test/grpc-test-clients.js';
import { logCapture } from '../../test/log-capture.js';
import { createLogger } from '../logging/create-logger.js';

// The fixture's client type names two constructor arguments; grpc-js takes options third.
const TracedGreeter = Greeter as unknown as new (address: string, creds: unknown, options: object) => GreeterClient;
import { callUnary } from '../grpc/call-unary.js';
import { InvalidArgumentError } from '../grpc/domain-errors.js';
import { startGrpcServer, type RunningGrpcServer } from '../grpc/start-grpc-server.js';
import { unaryHandler } from '../grpc/unary-handler.js';
import { grpcClientTracing } from './client-tracing.js';
import { startTracing, type RunningTracing } from './start-tracing.js';
import { vigilTracer } from './tracing-state.js';

const logger = pino({ level: 'silent' });
// The handler logs through a service logger, as the apps do.
const captured = logCapture();
const serviceLogger = createLogger({ service: 'greeter', level: 'info', destination: captured.destination });
const SAY_HELLO = 'vigil.runtimetest.v1.GreeterService/SayHello';
const exporter = new InMemorySpanExporter();

let descriptorSet: Awaited<ReturnType<typeof buildGreeterDescriptorSet>>;
let tracing: RunningTracing;
let server: RunningGrpcServer;
let client: GreeterClient;
/** The `traceparent` each call arrived with, as the handler saw it. */
const received: string[] = [];

beforeAll(async () => {
  descriptorSet = await buildGreeterDescriptorSet();
  tracing = await startTracing(
    { serviceName: 'greeter', sampler: 'parentbased_always_on', samplerRatio: 1 },
    { exporter, logger },
  );
  server = await startGrpcServer({
    host: '127.0.0.1',
    port: 0,
    descriptorSetPath: descriptorSet.path,
    logger,
    services: [
      {
        definition: Greeter.service,
        implementation: {
          sayHello: unaryHandler<{ name: string }, { greeting: string }>(logger, async ({ name }, call) => {
            received.push(String(call.metadata.get('traceparent')[0]));
            serviceLogger.child({ component: 'greeter' }).info({ name }, 'greeting');
            // Work inside the handler joins the call's trace.
            await vigilTracer().startActiveSpan('greet', async (span) => span.end());
            if (name === '') throw new InvalidArgumentError('name', 'must not be empty');
            return { greeting: `hello, ${name}` };
          }),
          wait: unaryHandler(logger, async (request) => request),
        },
      },
    ],
  });
  client = new TracedGreeter(`127.0.0.1:${server.port}`, credentials.createInsecure(), grpcClientTracing());
});

afterAll(async () => {
  client.close();
  await server.shutdown(1000);
  await tracing.shutdown();
  await descriptorSet.remove();
});

afterEach(() => {
  exporter.reset();
  received.length = 0;
});

const hex = (span: ReadableSpan) => span.spanContext();
function only(spans: ReadableSpan[], name: string, kind?: SpanKind): ReadableSpan {
  const found = spans.filter((span) => span.name === name && (kind === undefined || span.kind === kind));
  expect(found).toHaveLength(1);
  return found[0] as ReadableSpan;
}

describe('gRPC calls traced with W3C trace context', () => {
  it('sends traceparent; the server span is the child of the client span, which is the child of the caller', async () => {
    await vigilTracer().startActiveSpan('caller', async (caller) => {
      await callUnary(client, 'sayHello', { name: 'Ada' }, { timeoutMs: 5000 });
      caller.end();
    });
    const spans = exporter.getFinishedSpans();
    const caller = only(spans, 'caller');
    const clientSpan = only(spans, SAY_HELLO, SpanKind.CLIENT);
    const serverSpan = only(spans, SAY_HELLO, SpanKind.SERVER);
    const greet = only(spans, 'greet');
    const traceId = hex(caller).traceId;
    expect([clientSpan, serverSpan, greet].map((span) => hex(span).traceId)).toEqual([traceId, traceId, traceId]);
    expect(clientSpan.parentSpanContext?.spanId).toBe(hex(caller).spanId);
    expect(serverSpan.parentSpanContext?.spanId).toBe(hex(clientSpan).spanId);
    expect(serverSpan.parentSpanContext?.isRemote).toBe(true);
    expect(greet.parentSpanContext?.spanId).toBe(hex(serverSpan).spanId);
    expect(received).toEqual([`00-${traceId}-${hex(clientSpan).spanId}-01`]);
    expect(serverSpan.attributes).toMatchObject({
      'rpc.system': 'grpc',
      'rpc.service': 'vigil.runtimetest.v1.GreeterService',
      'rpc.method': 'SayHello',
      'rpc.grpc.status_code': status.OK,
    });
    expect(serverSpan.status.code).not.toBe(SpanStatusCode.ERROR);
  });

  it('puts trace_id and span_id of the active span on each log line written inside it, none outside', async () => {
    captured.lines.length = 0;
    await callUnary(client, 'sayHello', { name: 'Linus' }, { timeoutMs: 5000 });
    serviceLogger.info('outside any span');
    const serverSpan = only(exporter.getFinishedSpans(), SAY_HELLO, SpanKind.SERVER);
    expect(captured.lines).toMatchObject([
      { msg: 'greeting', trace_id: serverSpan.spanContext().traceId, span_id: serverSpan.spanContext().spanId },
      { msg: 'outside any span' },
    ]);
    expect(captured.lines[1]).not.toHaveProperty('trace_id');
  });

  it('marks both spans of a failed call as errors with its status code', async () => {
    const error = await callUnary(client, 'sayHello', { name: '' }, { timeoutMs: 5000 }).catch(
      (thrown: unknown) => thrown as ServiceError,
    );
    expect((error as ServiceError).code).toBe(status.INVALID_ARGUMENT);
    const spans = exporter.getFinishedSpans();
    for (const kind of [SpanKind.CLIENT, SpanKind.SERVER]) {
      const span = only(spans, SAY_HELLO, kind);
      expect(span.attributes['rpc.grpc.status_code']).toBe(status.INVALID_ARGUMENT);
      expect(span.status.code).toBe(SpanStatusCode.ERROR);
    }
    // No active span at the caller: the client span starts a new trace, which the server continues.
    const clientSpan = only(spans, SAY_HELLO, SpanKind.CLIENT);
    expect(clientSpan.parentSpanContext).toBeUndefined();
    expect(only(spans, SAY_HELLO, SpanKind.SERVER).spanContext().traceId).toBe(clientSpan.spanContext().traceId);
  });

  it('continues a trace that a caller outside Vigil started', async () => {
    const traceId = '4bf92f3577b34da6a3ce929d0e0e4736';
    const metadata = new Metadata();
    metadata.set('traceparent', `00-${traceId}-00f067aa0ba902b7-01`);
    const plain = new Greeter(`127.0.0.1:${server.port}`, credentials.createInsecure());
    await callUnary(plain, 'sayHello', { name: 'Grace' }, { timeoutMs: 5000, metadata });
    plain.close();
    const serverSpan = only(exporter.getFinishedSpans(), SAY_HELLO, SpanKind.SERVER);
    expect(serverSpan.spanContext().traceId).toBe(traceId);
    expect(serverSpan.parentSpanContext?.spanId).toBe('00f067aa0ba902b7');
  });
});
