import { status, type ServerErrorResponse } from '@grpc/grpc-js';
import type { Logger } from 'pino';
import {
  AbortedError,
  AlreadyExistsError,
  FailedPreconditionError,
  InvalidArgumentError,
  NotFoundError,
  UnavailableError,
} from './domain-errors.js';

const INTERNAL_MESSAGE = 'internal error';

/**
 * The one mapping from thrown errors to gRPC statuses. Domain errors keep
 * their message (written for the caller); anything else is our bug: the
 * caller gets INTERNAL with a generic message and the stack goes to the log.
 */
export function toServiceError(error: unknown, logger: Logger): ServerErrorResponse {
  const code = statusOf(error);
  if (code === status.INTERNAL || !(error instanceof Error)) {
    logger.error({ err: error }, 'unexpected error in handler');
    return serviceError(status.INTERNAL, INTERNAL_MESSAGE);
  }
  if (code === status.UNAVAILABLE) logger.warn({ err: error }, 'dependency unavailable');
  return serviceError(code, error.message);
}

function statusOf(error: unknown): status {
  if (error instanceof InvalidArgumentError) return status.INVALID_ARGUMENT;
  if (error instanceof NotFoundError) return status.NOT_FOUND;
  if (error instanceof AlreadyExistsError) return status.ALREADY_EXISTS;
  if (error instanceof FailedPreconditionError) return status.FAILED_PRECONDITION;
  if (error instanceof AbortedError) return status.ABORTED;
  if (error instanceof UnavailableError) return status.UNAVAILABLE;
  return status.INTERNAL;
}

function serviceError(code: status, details: string): ServerErrorResponse {
  return Object.assign(new Error(details), { code, details });
}
