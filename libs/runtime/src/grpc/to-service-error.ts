import { status, type ServerErrorResponse } from '@grpc/grpc-js';
import type { Logger } from 'pino';
import {
  AbortedError,
  AlreadyExistsError,
  CallEndedError,
  FailedPreconditionError,
  InternalError,
  InvalidArgumentError,
  NotFoundError,
  ResourceExhaustedError,
  UnavailableError,
} from './domain-errors.js';
import { statusDetailsTrailer } from './status-details.js';

const INTERNAL_MESSAGE = 'internal error';

/**
 * The one mapping from thrown errors to gRPC statuses. Domain errors keep
 * their message (written for the caller) and send their field (BadRequest)
 * or reason (ErrorInfo) in grpc-status-details-bin; anything else is our
 * bug: the caller gets INTERNAL with a generic message and reason
 * INTERNAL_ERROR, and the stack goes to the log.
 */
export function toServiceError(error: unknown, logger: Logger): ServerErrorResponse {
  if (error instanceof InvalidArgumentError) {
    return serviceError(status.INVALID_ARGUMENT, error.message, {
      fieldViolation: { field: error.field, description: error.reason },
    });
  }
  const code = statusOf(error);
  if (code === undefined || !(error instanceof Error) || !('reason' in error)) {
    logger.error({ err: error }, 'unexpected error in handler');
    return serviceError(status.INTERNAL, INTERNAL_MESSAGE, { reason: 'INTERNAL_ERROR' });
  }
  if (code === status.UNAVAILABLE) logger.warn({ err: error }, 'dependency unavailable');
  if (code === status.INTERNAL) logger.error({ err: error }, 'a dependency failed');
  return serviceError(code, error.message, { reason: String(error.reason) });
}

function statusOf(error: unknown): status | undefined {
  if (error instanceof NotFoundError) return status.NOT_FOUND;
  if (error instanceof AlreadyExistsError) return status.ALREADY_EXISTS;
  if (error instanceof FailedPreconditionError) return status.FAILED_PRECONDITION;
  if (error instanceof AbortedError) return status.ABORTED;
  if (error instanceof ResourceExhaustedError) return status.RESOURCE_EXHAUSTED;
  if (error instanceof CallEndedError) return status.CANCELLED;
  if (error instanceof UnavailableError) return status.UNAVAILABLE;
  if (error instanceof InternalError) return status.INTERNAL;
  return undefined;
}

function serviceError(
  code: status,
  details: string,
  detail: Parameters<typeof statusDetailsTrailer>[2],
): ServerErrorResponse {
  return Object.assign(new Error(details), { code, details, metadata: statusDetailsTrailer(code, details, detail) });
}
