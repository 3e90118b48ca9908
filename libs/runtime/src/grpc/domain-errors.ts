// The errors a handler or a domain module throws to say what went wrong in
// the caller's terms. `toServiceError` is the one place that turns them into
// gRPC status codes and the google.rpc details callers can act on; anything
// else a handler throws is a bug (INTERNAL).
//
// Each carries a `reason`: UPPER_SNAKE_CASE, stable, sent as
// google.rpc.ErrorInfo. Callers decide by it, never by the message
// (libs/contracts/README.md lists them).

interface ReasonOptions {
  /** The ErrorInfo reason; each class has a general default. */
  readonly reason?: string;
  readonly cause?: unknown;
}

abstract class ReasonedError extends Error {
  readonly reason: string;

  protected constructor(message: string, defaultReason: string, options: ReasonOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.reason = options.reason ?? defaultReason;
  }
}

/** The request is malformed; `field` is the request path, e.g. `event.event_id` (a BadRequest field violation). */
export class InvalidArgumentError extends Error {
  override readonly name = 'InvalidArgumentError';

  constructor(
    readonly field: string,
    readonly reason: string,
  ) {
    super(`${field}: ${reason}`);
  }
}

/** The thing the caller named does not exist. */
export class NotFoundError extends ReasonedError {
  override readonly name = 'NotFoundError';
  constructor(message: string, options?: ReasonOptions) {
    super(message, 'NOT_FOUND', options);
  }
}

/** The caller tried to create something that already exists. */
export class AlreadyExistsError extends ReasonedError {
  override readonly name = 'AlreadyExistsError';
  constructor(message: string, options?: ReasonOptions) {
    super(message, 'ALREADY_EXISTS', options);
  }
}

/** The request is valid but the thing is in the wrong state for it. */
export class FailedPreconditionError extends ReasonedError {
  override readonly name = 'FailedPreconditionError';
  constructor(message: string, options?: ReasonOptions) {
    super(message, 'FAILED_PRECONDITION', options);
  }
}

/** A concurrent change won (version mismatch, lost race): the caller may re-read and retry. */
export class AbortedError extends ReasonedError {
  override readonly name = 'AbortedError';
  constructor(message: string, options?: ReasonOptions) {
    super(message, 'CONCURRENT_CHANGE', options);
  }
}

/**
 * A limit the caller can wait out was reached (e.g. every statistics slot is
 * taken): RESOURCE_EXHAUSTED; retrying later may work.
 */
export class ResourceExhaustedError extends ReasonedError {
  override readonly name = 'ResourceExhaustedError';
  constructor(message: string, options?: ReasonOptions) {
    super(message, 'RESOURCE_EXHAUSTED', options);
  }
}

/**
 * The caller cancelled the call or its deadline passed, and the work was
 * stopped: CANCELLED. The caller has its answer already (grpc-js sent it);
 * this one only labels the call's log line and metrics.
 */
export class CallEndedError extends ReasonedError {
  override readonly name = 'CallEndedError';
  constructor(message: string, options?: ReasonOptions) {
    super(message, 'CALL_ENDED', options);
  }
}

/** A dependency (database, another service, NATS) is down: retry later. */
export class UnavailableError extends ReasonedError {
  override readonly name = 'UnavailableError';
  constructor(message: string, options?: ReasonOptions) {
    super(message, 'DEPENDENCY_UNAVAILABLE', options);
  }
}

/**
 * Something failed that the caller neither caused nor can wait out (e.g.
 * another service answered INTERNAL): INTERNAL, with this message and reason
 * instead of the generic ones, so it is not retried as an outage.
 */
export class InternalError extends ReasonedError {
  override readonly name = 'InternalError';
  constructor(message: string, options?: ReasonOptions) {
    super(message, 'INTERNAL_ERROR', options);
  }
}
