/** A failed call to one Vigil service, remembering which one: the error message names it. */
export class ServiceCallError extends Error {
  override readonly name = 'ServiceCallError';

  constructor(
    readonly service: string,
    readonly address: string,
    override readonly cause: unknown,
  ) {
    super(`${service} (${address}): ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
  }
}

/** The gRPC status code of a failed call (wrapped or not), if it was a gRPC failure. */
export function grpcCodeOf(error: unknown): number | undefined {
  const failure = error instanceof ServiceCallError ? error.cause : error;
  const code = (failure as { code?: unknown } | null)?.code;
  return typeof code === 'number' ? code : undefined;
}
