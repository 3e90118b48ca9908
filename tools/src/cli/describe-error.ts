// What the CLI prints when a command fails: the gRPC status name and the
// server's message (people search for "NOT_FOUND", not for "5"), which
// service answered, a hint when nothing answered, and the plain message for
// the CLI's own checks.
import { status as GrpcStatus } from '@grpc/grpc-js';
import { CliInputError } from './cli-input-error.js';
import { ServiceCallError } from './service-call-error.js';

interface GrpcFailure {
  readonly code: GrpcStatus;
  readonly details: string;
}

function isGrpcFailure(error: unknown): error is GrpcFailure {
  return (
    error instanceof Error &&
    typeof (error as { code?: unknown }).code === 'number' &&
    typeof (error as Partial<GrpcFailure>).details === 'string'
  );
}

export function describeError(error: unknown): string {
  if (error instanceof CliInputError) return error.message;
  const failure = error instanceof ServiceCallError ? error.cause : error;
  if (isGrpcFailure(failure)) {
    const name = GrpcStatus[failure.code] ?? `status ${failure.code}`;
    const where = error instanceof ServiceCallError ? ` from ${error.service} at ${error.address}` : '';
    const hint =
      failure.code === GrpcStatus.UNAVAILABLE || failure.code === GrpcStatus.DEADLINE_EXCEEDED
        ? '\nIs the service running? Start everything with `npm start` in another terminal.'
        : '';
    return `${name}${where}: ${failure.details}${hint}`;
  }
  return error instanceof Error ? error.message : String(error);
}
