import { status, type ServiceError } from '@grpc/grpc-js';
import { pino } from 'pino';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  buildGreeterDescriptorSet,
  Greeter,
  GREETER_SERVICE_NAME,
  greeterClient,
  healthClient,
  reflectionClient,
  type ServingStatus,
} from '../../test/grpc-test-clients.js';
import { callUnary } from './call-unary.js';
import { InvalidArgumentError, NotFoundError } from './domain-errors.js';
import { startGrpcServer, type RunningGrpcServer } from './start-grpc-server.js';
import { unaryHandler } from './unary-handler.js';

const logger = pino({ level: 'silent' });
const TIMEOUT = { timeoutMs: 30_000 };

let descriptorSetPath: string;
let removeDescriptorSet: () => Promise<void>;
beforeAll(async () => {
  ({ path: descriptorSetPath, remove: removeDescriptorSet } = await buildGreeterDescriptorSet());
});
afterAll(() => removeDescriptorSet());

/** Wait calls stay open until the test releases them. */
function waitingRoom() {
  const waiting: { tag: string; release: () => void }[] = [];
  const arrivals: ((tag: string) => void)[] = [];
  return {
    handler: unaryHandler<{ tag: string }, { tag: string }>(
      logger,
      ({ tag }) =>
        new Promise((resolve) => {
          waiting.push({ tag, release: () => resolve({ tag }) });
          arrivals.shift()?.(tag);
        }),
    ),
    nextArrival: () => new Promise<string>((resolve) => arrivals.push(resolve)),
    releaseAll: () => waiting.splice(0).forEach(({ release }) => release()),
  };
}

let room: ReturnType<typeof waitingRoom>;
let server: RunningGrpcServer | undefined;

async function startGreeter(): Promise<RunningGrpcServer> {
  room = waitingRoom();
  server = await startGrpcServer({
    host: '127.0.0.1',
    port: 0,
    descriptorSetPath,
    logger,
    services: [
      {
        definition: Greeter.service,
        implementation: {
          sayHello: unaryHandler<{ name: string }, { greeting: string }>(logger, async ({ name }) => {
            if (name === '') throw new InvalidArgumentError('name', 'must not be empty');
            if (name === 'ghost') throw new NotFoundError('no such person: ghost');
            if (name === 'boom') throw new Error('connection to db-7 lost');
            return { greeting: `hello, ${name}` };
          }),
          wait: room.handler,
        },
      },
    ],
  });
  return server;
}

afterEach(async () => {
  room.releaseAll();
  await server?.shutdown(1000);
  server = undefined;
});

function rejection(promise: Promise<unknown>): Promise<ServiceError> {
  return promise.then(
    () => {
      throw new Error('expected the call to fail');
    },
    (error: unknown) => error as ServiceError,
  );
}

async function checkHealth(port: number, service: string): Promise<ServingStatus> {
  return (await callUnary(healthClient(port), 'check', { service }, TIMEOUT)).status;
}

describe('startGrpcServer', () => {
  it('binds an OS-chosen port and reports SERVING overall and for each service', async () => {
    const { port } = await startGreeter();
    expect(port).toBeGreaterThan(0);
    expect(await checkHealth(port, '')).toBe('SERVING');
    expect(await checkHealth(port, GREETER_SERVICE_NAME)).toBe('SERVING');
    const unknown = await rejection(callUnary(healthClient(port), 'check', { service: 'nope.v1.Nope' }, TIMEOUT));
    expect(unknown.code).toBe(status.NOT_FOUND);
  });

  it('reports NOT_SERVING after setServing(false)', async () => {
    const running = await startGreeter();
    running.setServing(false);
    expect(await checkHealth(running.port, '')).toBe('NOT_SERVING');
    expect(await checkHealth(running.port, GREETER_SERVICE_NAME)).toBe('NOT_SERVING');
  });

  it('lists its services, health and reflection included, through server reflection', async () => {
    const { port } = await startGreeter();
    const stream = reflectionClient(port).serverReflectionInfo();
    const names = new Promise<string[]>((resolve, reject) => {
      stream.on('data', (response) => resolve(response.listServicesResponse?.service.map((s) => s.name) ?? []));
      stream.on('error', reject);
    });
    stream.write({ listServices: '*' });
    expect((await names).sort()).toEqual([
      'grpc.health.v1.Health',
      'grpc.reflection.v1.ServerReflection',
      'grpc.reflection.v1alpha.ServerReflection',
      GREETER_SERVICE_NAME,
    ]);
    stream.end();
  });

  it('answers calls and maps domain errors to status codes, hiding unexpected ones', async () => {
    const { port } = await startGreeter();
    const client = greeterClient(port);
    expect(await callUnary(client, 'sayHello', { name: 'Ada' }, TIMEOUT)).toEqual({ greeting: 'hello, Ada' });

    const invalid = await rejection(callUnary(client, 'sayHello', { name: '' }, TIMEOUT));
    expect([invalid.code, invalid.details]).toEqual([status.INVALID_ARGUMENT, 'name: must not be empty']);
    const missing = await rejection(callUnary(client, 'sayHello', { name: 'ghost' }, TIMEOUT));
    expect([missing.code, missing.details]).toEqual([status.NOT_FOUND, 'no such person: ghost']);
    const internal = await rejection(callUnary(client, 'sayHello', { name: 'boom' }, TIMEOUT));
    expect([internal.code, internal.details]).toEqual([status.INTERNAL, 'internal error']);
  });

  it('fails a call that outlives its deadline with DEADLINE_EXCEEDED', async () => {
    const { port } = await startGreeter();
    const late = await rejection(callUnary(greeterClient(port), 'wait', { tag: 'late' }, { timeoutMs: 50 }));
    expect(late.code).toBe(status.DEADLINE_EXCEEDED);
  });

  it('on shutdown: watchers see NOT_SERVING, new calls are refused, in-flight calls finish', async () => {
    const running = await startGreeter();
    const client = greeterClient(running.port);
    const watched: ServingStatus[] = [];
    const watch = healthClient(running.port).watch({ service: '' });
    const watchEnded = new Promise<void>((resolve) => {
      watch.on('data', ({ status: s }: { status: ServingStatus }) => watched.push(s));
      watch.on('end', resolve);
      watch.on('error', () => resolve());
    });
    const arrived = room.nextArrival();
    const inFlight = callUnary(client, 'wait', { tag: 'in-flight' }, TIMEOUT);
    await arrived;

    const shutdown = running.shutdown(30_000);
    server = undefined;
    const refused = await rejection(callUnary(client, 'sayHello', { name: 'late' }, TIMEOUT));
    expect(refused.code).toBe(status.UNAVAILABLE);
    await watchEnded;
    expect(watched).toEqual(['SERVING', 'NOT_SERVING']);

    room.releaseAll();
    expect(await inFlight).toEqual({ tag: 'in-flight' });
    expect(await shutdown).toBe('drained');
  });

  it('cancels calls still running when the grace period ends', async () => {
    const running = await startGreeter();
    const arrived = room.nextArrival();
    const stuck = rejection(callUnary(greeterClient(running.port), 'wait', { tag: 'stuck' }, TIMEOUT));
    await arrived;
    server = undefined;
    expect(await running.shutdown(100)).toBe('forced');
    expect((await stuck).code).not.toBe(status.OK);
  });
});
