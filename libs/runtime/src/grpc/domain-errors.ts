// The errors a handler or a domain module throws to say what went wrong in
// the caller's terms. `toServiceError` is the one place that turns them into
// gRPC status codes; anything else a handler throws is a bug (INTERNAL).

/** The request is malformed; `field` is the request path, e.g. `event.event_id`. */
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
export class NotFoundError extends Error {
  override readonly name = 'NotFoundError';
}

/** The caller tried to create something that already exists. */
export class AlreadyExistsError extends Error {
  override readonly name = 'AlreadyExistsError';
}

/** The request is valid but the thing is in the wrong state for it. */
export class FailedPreconditionError extends Error {
  override readonly name = 'FailedPreconditionError';
}

/** A concurrent change won (version mismatch, lost race): the caller may re-read and retry. */
export class AbortedError extends Error {
  override readonly name = 'AbortedError';
}

/** A dependency (database, another service, NATS) is down: retry later. */
export class UnavailableError extends Error {
  override readonly name = 'UnavailableError';
}
