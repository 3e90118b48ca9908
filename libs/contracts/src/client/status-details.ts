import type { Metadata } from '@grpc/grpc-js';
import {
  BadRequest,
  ErrorInfo,
  PreconditionFailure,
  ResourceInfo,
  RetryInfo,
  Status,
  type BadRequest_FieldViolation,
  type PreconditionFailure_Violation,
} from '../rpc.js';

/** Why a call failed, in the structured form of `google.rpc.ErrorInfo`. */
export interface ErrorReason {
  /** UPPER_SNAKE_CASE, stable within `domain`: what callers branch on. */
  readonly reason: string;
  readonly domain: string;
  readonly metadata: Readonly<Record<string, string>>;
}

/** What the `grpc-status-details-bin` trailer says, decoded. */
export interface StatusDetails {
  /** The whole `google.rpc.Status`, its `details` still packed as `Any`. */
  readonly status: Status;
  /** From `google.rpc.BadRequest`: each bad field, named as a path (`event.event_id`). */
  readonly fieldViolations: readonly BadRequest_FieldViolation[];
  readonly errorInfo: ErrorReason | undefined;
  /** From `google.rpc.RetryInfo`: how long the server asks the caller to wait, in ms. */
  readonly retryDelayMs: number | undefined;
  readonly preconditionViolations: readonly PreconditionFailure_Violation[];
  readonly resourceInfo: ResourceInfo | undefined;
}

const TRAILER = 'grpc-status-details-bin';
const TYPE_URL_PREFIX = 'type.googleapis.com/';

/**
 * Decodes the gRPC richer error model from a failed call's trailers: a
 * `google.rpc.Status` whose details carry `BadRequest`, `ErrorInfo`,
 * `RetryInfo`, `PreconditionFailure` or `ResourceInfo`. Undefined when the
 * server sent no such trailer or it does not decode. A detail of another
 * type stays in `status.details`; one that does not decode is skipped: the
 * code and message stand either way.
 */
export function readStatusDetails(trailers: Metadata | undefined): StatusDetails | undefined {
  const raw = trailers?.get(TRAILER)[0];
  if (!(raw instanceof Uint8Array)) return undefined;
  let status: Status;
  try {
    status = Status.decode(raw);
  } catch {
    return undefined;
  }
  const unpack = <T>(type: string, decode: (bytes: Uint8Array) => T): T[] =>
    status.details.flatMap(({ typeUrl, value }) => {
      if (typeUrl !== `${TYPE_URL_PREFIX}${type}`) return [];
      try {
        return [decode(value)];
      } catch {
        return [];
      }
    });
  const retryDelay = unpack('google.rpc.RetryInfo', (b) => RetryInfo.decode(b))[0]?.retryDelay;
  return {
    status,
    fieldViolations: unpack('google.rpc.BadRequest', (b) => BadRequest.decode(b)).flatMap((b) => b.fieldViolations),
    errorInfo: unpack('google.rpc.ErrorInfo', (b) => ErrorInfo.decode(b))[0],
    retryDelayMs: retryDelay && Number(retryDelay.seconds) * 1000 + Math.round(retryDelay.nanos / 1e6),
    preconditionViolations: unpack('google.rpc.PreconditionFailure', (b) => PreconditionFailure.decode(b)).flatMap(
      (p) => p.violations,
    ),
    resourceInfo: unpack('google.rpc.ResourceInfo', (b) => ResourceInfo.decode(b))[0],
  };
}
