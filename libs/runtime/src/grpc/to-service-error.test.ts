import { status } from '@grpc/grpc-js';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import {
  AbortedError,
  AlreadyExistsError,
  FailedPreconditionError,
  InvalidArgumentError,
  NotFoundError,
  UnavailableError,
} from './domain-errors.js';
import { toServiceError } from './to-service-error.js';
import { logCapture } from '../../test/log-capture.js';

function capturingLogger() {
  const { destination, lines } = logCapture();
  return { logger: pino({ level: 'debug' }, destination), lines };
}

describe('toServiceError', () => {
  it.each([
    [
      new InvalidArgumentError('event.event_id', 'not a UUID or 32 hex digits'),
      status.INVALID_ARGUMENT,
      'event.event_id: not a UUID or 32 hex digits',
    ],
    [new NotFoundError('incident 42 not found'), status.NOT_FOUND, 'incident 42 not found'],
    [new AlreadyExistsError('alert rule "cpu" exists'), status.ALREADY_EXISTS, 'alert rule "cpu" exists'],
    [new FailedPreconditionError('incident 42 is closed'), status.FAILED_PRECONDITION, 'incident 42 is closed'],
    [
      new AbortedError('incident 42 changed (version 3, expected 2)'),
      status.ABORTED,
      'incident 42 changed (version 3, expected 2)',
    ],
    [new UnavailableError('ingest did not answer'), status.UNAVAILABLE, 'ingest did not answer'],
  ])('maps %s to its status code with its message', (error, code, details) => {
    const { logger } = capturingLogger();
    expect(toServiceError(error, logger)).toMatchObject({ code, details });
  });

  it('turns anything else into INTERNAL with a generic message, logging the stack', () => {
    const { logger, lines } = capturingLogger();
    const bug = new TypeError("Cannot read properties of undefined (reading 'id')");
    expect(toServiceError(bug, logger)).toMatchObject({ code: status.INTERNAL, details: 'internal error' });
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ level: 50, err: { type: 'TypeError', message: bug.message } });
    expect((lines[0]?.['err'] as { stack: string }).stack).toContain('to-service-error.test.ts');
  });

  it('treats a thrown non-Error as INTERNAL too', () => {
    const { logger, lines } = capturingLogger();
    expect(toServiceError('just a string', logger)).toMatchObject({ code: status.INTERNAL });
    expect(lines).toHaveLength(1);
  });

  it('keeps the field apart on InvalidArgumentError', () => {
    const error = new InvalidArgumentError('rule.window', 'must be at least 1 minute');
    expect([error.field, error.reason]).toEqual(['rule.window', 'must be at least 1 minute']);
  });
});
