import { Metadata, status, type ServiceError } from '@grpc/grpc-js';
import { readStatusDetails, type ErrorReason, type StatusDetails } from './status-details.js';

/** gRPC status codes by name: `VigilCallError.codeName` is one of these. */
export type StatusCodeName = keyof typeof status;

/**
 * A failed call to a Vigil service: the gRPC status code (number and name),
 * the server's message, and the structured details of the richer error
 * model when the server sent them.
 */
export class VigilCallError extends Error {
  override readonly name = 'VigilCallError';
  readonly code: status;
  readonly codeName: StatusCodeName | 'UNKNOWN';
  /** The server's message, without the `<code> <NAME>:` prefix grpc-js adds to `message`. */
  readonly details: string;
  /** `/package.Service/Method` of the failed call. */
  readonly method: string;
  /** The trailers the server sent with the failure. */
  readonly metadata: Metadata;
  /** The decoded `grpc-status-details-bin` trailer; undefined when the server sent none. */
  readonly statusDetails: StatusDetails | undefined;

  constructor(method: string, failure: Pick<ServiceError, 'code' | 'details' | 'metadata'>, options?: ErrorOptions) {
    const codeName = (status[failure.code] as StatusCodeName | undefined) ?? 'UNKNOWN';
    super(`${method}: ${codeName}: ${failure.details}`, options);
    this.code = failure.code;
    this.codeName = codeName;
    this.details = failure.details;
    this.method = method;
    this.metadata = failure.metadata ?? new Metadata();
    this.statusDetails = readStatusDetails(failure.metadata);
  }

  /** The bad fields the server named (google.rpc.BadRequest); empty when it named none. */
  get fieldViolations(): StatusDetails['fieldViolations'] {
    return this.statusDetails?.fieldViolations ?? [];
  }

  /** The machine-readable reason (google.rpc.ErrorInfo), when the server gave one. */
  get errorInfo(): ErrorReason | undefined {
    return this.statusDetails?.errorInfo;
  }

  /**
   * UNAVAILABLE: Vigil's promise that the same call may work later (a
   * dependency is down). Whether retrying is *safe* depends on the RPC: see
   * `RETRIED_METHODS`, which the clients already retry by themselves.
   */
  get retryable(): boolean {
    return this.code === status.UNAVAILABLE;
  }
}

/** Type guard that also works across two copies of this package. */
export function isVigilCallError(error: unknown): error is VigilCallError {
  return error instanceof VigilCallError || (error instanceof Error && error.name === 'VigilCallError');
}
