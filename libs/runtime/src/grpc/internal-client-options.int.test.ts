import { credentials, type ClientOptions } from '@grpc/grpc-js';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildGreeterDescriptorSet, Greeter, type GreeterClient } from '../../test/grpc-test-clients.js';
import { callUnary } from './call-unary.js';
import { internalClientOptions } from './internal-client-options.js';
import { startGrpcServer, type RunningGrpcServer } from './start-grpc-server.js';
import { unaryHandler } from './unary-handler.js';

const logger = pino({ level: 'silent' });
const CALLS = 20;

// Two replicas of one service behind one name, as a headless Service's DNS
// answer gives them; the `ipv4:` target stands in for that answer.
let replicas: RunningGrpcServer[];
let removeDescriptorSet: () => Promise<void>;
beforeAll(async () => {
  const { path: descriptorSetPath, remove } = await buildGreeterDescriptorSet();
  removeDescriptorSet = remove;
  replicas = await Promise.all(
    ['a', 'b'].map((replica) =>
      startGrpcServer({
        host: '127.0.0.1',
        port: 0,
        descriptorSetPath,
        logger,
        services: [
          {
            definition: Greeter.service,
            implementation: {
              sayHello: unaryHandler<{ name: string }, { greeting: string }>(logger, async () => ({
                greeting: replica,
              })),
              wait: unaryHandler(logger, async () => ({ tag: '' })),
            },
          },
        ],
      }),
    ),
  );
});
afterAll(async () => {
  await Promise.all(replicas.map((server) => server.shutdown(1_000)));
  await removeDescriptorSet();
});

async function greetingsFrom(options: ClientOptions): Promise<Set<string>> {
  const target = `ipv4:${replicas.map((server) => `127.0.0.1:${server.port}`).join(',')}`;
  const Constructor = Greeter as unknown as new (
    address: string,
    creds: ReturnType<typeof credentials.createInsecure>,
    options: ClientOptions,
  ) => GreeterClient;
  const client = new Constructor(target, credentials.createInsecure(), options);
  try {
    const answeredBy = new Set<string>();
    for (let i = 0; i < CALLS; i++) {
      const { greeting } = await callUnary(client, 'sayHello', { name: `call-${i}` }, { timeoutMs: 60_000 });
      answeredBy.add(greeting);
    }
    return answeredBy;
  } finally {
    client.close();
  }
}

describe('internal client options', () => {
  it('spread calls over every address the target resolves to (round_robin)', async () => {
    expect(await greetingsFrom(internalClientOptions())).toEqual(new Set(['a', 'b']));
  });

  it('are what makes the difference: grpc-js’s default sends every call to one address', async () => {
    expect((await greetingsFrom({})).size).toBe(1);
  });
});
