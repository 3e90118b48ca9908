import type { ServerUnaryCall, sendUnaryData } from '@grpc/grpc-js';
import { pino } from 'pino';
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import { buildGreeterDescriptorSet, Greeter, greeterClient, type GreeterClient } from '../../test/grpc-test-clients.js';
import { callUnary } from './call-unary.js';
import { startGrpcServer, type RunningGrpcServer } from './start-grpc-server.js';

const TIMEOUT = { timeoutMs: 30_000 };
let descriptorSetPath: string;
let removeDescriptorSet: () => Promise<void>;
let server: RunningGrpcServer | undefined;
let client: GreeterClient | undefined;

beforeAll(async () => {
  ({ path: descriptorSetPath, remove: removeDescriptorSet } = await buildGreeterDescriptorSet());
});
afterAll(() => removeDescriptorSet());
afterEach(async () => {
  client?.close();
  await server?.shutdown(1000);
});

/** A greeter that answers with the caller's address as the server sees it: a new connection, a new port. */
async function startPeerEcho(age: { maxConnectionAgeMs?: number; maxConnectionAgeGraceMs?: number }) {
  server = await startGrpcServer({
    host: '127.0.0.1',
    port: 0,
    descriptorSetPath,
    logger: pino({ level: 'silent' }),
    ...age,
    services: [
      {
        definition: Greeter.service,
        implementation: {
          sayHello: (call: ServerUnaryCall<unknown, unknown>, done: sendUnaryData<{ greeting: string }>) =>
            done(null, { greeting: call.getPeer() }),
        },
      },
    ],
  });
  client = greeterClient(server.port);
  return client;
}

const peerOf = async (greeter: GreeterClient): Promise<string> =>
  (await callUnary(greeter, 'sayHello', { name: 'peer' }, TIMEOUT)).greeting;

it('closes connections older than GRPC_MAX_CONNECTION_AGE_MS; the client reconnects by itself', async () => {
  const greeter = await startPeerEcho({ maxConnectionAgeMs: 200, maxConnectionAgeGraceMs: 1000 });
  const first = await peerOf(greeter);
  const peers = new Set([first]);
  // Every call succeeds throughout; sooner or later one arrives on a new connection.
  for (let attempt = 0; attempt < 200 && peers.size === 1; attempt++) {
    await new Promise((resolve) => setTimeout(resolve, 50));
    peers.add(await peerOf(greeter));
  }
  expect(peers.size).toBeGreaterThan(1);
});

it('keeps a connection as long as the client does when no age is set', async () => {
  const greeter = await startPeerEcho({});
  const first = await peerOf(greeter);
  for (let call = 0; call < 10; call++) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(await peerOf(greeter)).toBe(first);
  }
});
