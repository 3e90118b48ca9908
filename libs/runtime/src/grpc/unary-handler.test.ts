import { status, type ServiceError } from '@grpc/grpc-js';
import { describe, expect, it } from 'vitest';
import { logCapture } from '../../test/log-capture.js';
import { standInUnaryCall } from '../../test/stand-in-unary-call.js';
import { createLogger } from '../logging/create-logger.js';
import { NotFoundError } from './domain-errors.js';
import { CreateAlertRuleRequest, IncidentsServiceService } from '@vigil/contracts/incidents';
import { replacedTexts, withStrictDecoding } from './strict-decode.js';
import { unaryHandler } from './unary-handler.js';

type Outcome = { error: Partial<ServiceError> | null; response?: { greeting: string } | null };

function invoke(handler: ReturnType<typeof unaryHandler<{ name: string }, { greeting: string }>>, name: string) {
  const call = standInUnaryCall<{ name: string }, { greeting: string }>({ name }, '/vigil.test.v1.Greeter/SayHello');
  return new Promise<Outcome>((resolve) => {
    handler(call, (error, response) => resolve({ error: error, response }));
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

describe('unaryHandler and text that is not UTF-8', () => {
  const logger = createLogger({ service: 'test', level: 'silent' });
  const { createAlertRule } = withStrictDecoding(IncidentsServiceService) as unknown as typeof IncidentsServiceService;
  // name = "a" then 0xff 0xfe, never UTF-8
  const request = createAlertRule.requestDeserialize(
    Buffer.from([
      ...CreateAlertRuleRequest.encode({ ...CreateAlertRuleRequest.fromPartial({ organizationId: '7' }) }).finish(),
      0x1a,
      0x03,
      0x61,
      0xff,
      0xfe,
    ]),
  );
  const invokeWith = (handler: ReturnType<typeof unaryHandler<CreateAlertRuleRequest, { name: string }>>) =>
    new Promise<{ error: Partial<ServiceError> | null; response?: { name: string } | null }>((resolve) => {
      const call = standInUnaryCall<CreateAlertRuleRequest, { name: string }>(
        request,
        '/vigil.incidents.v1.IncidentsService/CreateAlertRule',
      );
      handler(call, (error, response) => resolve({ error, response }));
    });
  const echo = async (r: CreateAlertRuleRequest) => ({ name: `${r.name} (${replacedTexts(r).size} replaced)` });

  it('is INVALID_ARGUMENT naming the field by default, before the implementation runs', async () => {
    const { error } = await invokeWith(unaryHandler(logger, echo));
    expect(error).toMatchObject({ code: status.INVALID_ARGUMENT, details: 'name: is not valid UTF-8' });
  });

  it('reaches an implementation that handles it itself', async () => {
    const { response } = await invokeWith(unaryHandler(logger, echo, { handlesInvalidText: true }));
    expect(response).toEqual({ name: 'a\uFFFD\uFFFD (1 replaced)' });
  });
});
