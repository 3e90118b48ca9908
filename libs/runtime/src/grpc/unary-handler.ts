import { status, type handleUnaryCall, type ServerUnaryCall } from '@grpc/grpc-js';
import type { Logger } from 'pino';
import { toServiceError } from './to-service-error.js';

type UnaryImplementation<Request, Response> = (
  request: Request,
  call: ServerUnaryCall<Request, Response>,
) => Promise<Response>;

/**
 * Adapts an async function to grpc-js's callback style. A thrown error goes
 * through `toServiceError`; every call is logged at debug with its method,
 * status code and duration. Use it for each method of a generated
 * `…Server` interface: `storeEvent: unaryHandler(logger, async (request) => …)`.
 */
export function unaryHandler<Request, Response>(
  logger: Logger,
  implementation: UnaryImplementation<Request, Response>,
): handleUnaryCall<Request, Response> {
  return (call, callback) => {
    const startedAt = performance.now();
    const finish = (code: status): void => {
      const durationMs = Math.round((performance.now() - startedAt) * 10) / 10;
      logger.debug({ method: call.getPath(), code: status[code], durationMs }, 'grpc call');
    };
    implementation(call.request, call).then(
      (response) => {
        finish(status.OK);
        callback(null, response);
      },
      (error: unknown) => {
        const serviceError = toServiceError(error, logger);
        finish(serviceError.code ?? status.UNKNOWN);
        callback(serviceError);
      },
    );
  };
}
