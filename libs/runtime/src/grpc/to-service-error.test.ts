import { status, type ServerErrorResponse } from '@grpc/grpc-js';
import { BadRequest, ErrorInfo, Status } from '@vigil/contracts/rpc';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import {
  AbortedError,
  AlreadyExistsError,
  FailedPreconditionError,
  InternalError,
  InvalidArgumentError,
  NotFoundError,
  UnavailableError,
} from './domain-errors.js';
import { toServiceError } from './to-service-error.js';
import { logCapture } from '../../test/log-capture.js';

/** The google.rpc.Status in the answer's grpc-status-details-bin, its one detail unpacked. */
function detailsOf(answer: ServerErrorResponse) {
  const [raw] = answer.metadata?.get('grpc-status-details-bin') ?? [];
  const rpcStatus = Status.decode(raw as Buffer);
  const [any] = rpcStatus.details;
  const detail =
    any?.typeUrl === 'type.googleapis.com/google.rpc.BadRequest'
      ? BadRequest.decode(any.value)
      : any?.typeUrl === 'type.googleapis.com/google.rpc.ErrorInfo'
        ? ErrorInfo.decode(any.value)
        : undefined;
  return { code: rpcStatus.code, message: rpcStatus.message, count: rpcStatus.details.length, detail };
}

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

  it('sends the richer error model: BadRequest for INVALID_ARGUMENT, ErrorInfo with a stable reason otherwise', () => {
    const { logger } = capturingLogger();
    expect(detailsOf(toServiceError(new InvalidArgumentError('title', 'must not be empty'), logger))).toEqual({
      code: status.INVALID_ARGUMENT,
      message: 'title: must not be empty',
      count: 1,
      detail: { fieldViolations: [{ field: 'title', description: 'must not be empty' }] },
    });
    const notClosed = new FailedPreconditionError('incident 4 is OPEN', { reason: 'INCIDENT_NOT_CLOSED' });
    expect(detailsOf(toServiceError(notClosed, logger))).toMatchObject({
      code: status.FAILED_PRECONDITION,
      detail: { reason: 'INCIDENT_NOT_CLOSED', domain: 'vigil' },
    });
    expect(detailsOf(toServiceError(new UnavailableError('down'), logger)).detail).toMatchObject({
      reason: 'DEPENDENCY_UNAVAILABLE',
    });
    expect(detailsOf(toServiceError(new TypeError('bug'), logger))).toMatchObject({
      code: status.INTERNAL,
      message: 'internal error',
      detail: { reason: 'INTERNAL_ERROR' },
    });
  });

  it('answers an InternalError as INTERNAL with its own message and reason, not as an outage', () => {
    const { logger } = capturingLogger();
    const failed = new InternalError('ingest failed the statistics request', { reason: 'STATISTICS_FAILED' });
    expect(detailsOf(toServiceError(failed, logger))).toMatchObject({
      code: status.INTERNAL,
      message: 'ingest failed the statistics request',
      detail: { reason: 'STATISTICS_FAILED' },
    });
  });

  it('keeps the field apart on InvalidArgumentError', () => {
    const error = new InvalidArgumentError('rule.window', 'must be at least 1 minute');
    expect([error.field, error.reason]).toEqual(['rule.window', 'must be at least 1 minute']);
  });
});
