import { status, type ServerUnaryCall, type ServiceError } from '@grpc/grpc-js';
import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { logCapture } from '../../test/log-capture.js';
import { createLogger } from '../logging/create-logger.js';
import { NotFoundError } from './domain-errors.js';
import { unaryHandler } from './unary-handler.js';

type Outcome = { error: Partial<ServiceError> | null; response?: { greeting: string } | null };

function invoke(handler: ReturnType<typeof unaryHandler<{ name: string }, { greeting: string }>>, name: string) {
  const call = Object.assign(new EventEmitter(), {
    request: { name },
    getPath: () => '/vigil.test.v1.Greeter/SayHello',
    getDeadline: () => Infinity,
  });
  return new Promise<Outcome>((resolve) => {
    handler(call as unknown as ServerUnaryCall<{ name: string }, { greeting: string }>, (error, response) =>
      resolve({ error: error, response }),
    );
  });
}

describe('unaryHandler', () => {
  const { destination, lines } = logCapture();
  const logger = createLogger({ service: 'test', level: 'debug', destination });
  const sayHello = unaryHandler<{ name: string }, { greeting: string }>(logger, async ({ name }) => {
    if (name === 'ghost') throw new NotFoundError('no such person: ghost');
    return { greeting: `hello, ${name}` };
  });

  it('answers with the resolved value and logs the call at debug', async () => {
    lines.length = 0;
    expect(await invoke(sayHello, 'Ada')).toEqual({ error: null, response: { greeting: 'hello, Ada' } });
    expect(lines).toEqual([
      expect.objectContaining({
        level: 'debug',
        service: 'test',
        method: '/vigil.test.v1.Greeter/SayHello',
        code: 'OK',
        msg: 'grpc call',
        durationMs: expect.any(Number),
      }),
    ]);
  });

  it('answers a rejection with its mapped status and logs that code', async () => {
    lines.length = 0;
    const { error } = await invoke(sayHello, 'ghost');
    expect(error).toMatchObject({ code: status.NOT_FOUND, details: 'no such person: ghost' });
    expect(lines).toEqual([expect.objectContaining({ code: 'NOT_FOUND' })]);
  });
});
