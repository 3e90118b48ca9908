import { status, type handleUnaryCall, type ServerUnaryCall } from '@grpc/grpc-js';
import type { Logger } from 'pino';
import type { GrpcCallObserver } from '../metrics/create-service-metrics.js';
import { callSignal } from './call-signal.js';
import { InvalidArgumentError } from './domain-errors.js';
import { invalidNanosFields, invalidTextFields } from './strict-decode.js';
import { toServiceError } from './to-service-error.js';

type UnaryImplementation<Request, Response> = (
  request: Request,
  call: ServerUnaryCall<Request, Response>,
  /** Aborts when the caller cancels or the call's deadline passes: hand it to the call's database work. */
  signal: AbortSignal,
) => Promise<Response>;

interface UnaryHandlerOptions {
  /**
   * Counts each call and its duration by method and status code, e.g. the
   * service's `createServiceMetrics()`. Default: logs only.
   */
  metrics?: GrpcCallObserver;
}

/**
 * Adapts an async function to grpc-js's callback style. A thrown error goes
 * through `toServiceError`; every call is logged at debug with its method,
 * status code and duration, and recorded in `metrics` when given. Use it for
 * each method of a generated `…Server` interface:
 * `storeEvent: unaryHandler(logger, async (request) => …, { metrics })`.
 */
export function unaryHandler<Request, Response>(
  logger: Logger,
  implementation: UnaryImplementation<Request, Response>,
  { metrics }: UnaryHandlerOptions = {},
): handleUnaryCall<Request, Response> {
  return (call, callback) => {
    const startedAt = performance.now();
    const ended = callSignal(call);
    const finish = (code: status): void => {
      ended.dispose();
      const elapsedMs = performance.now() - startedAt;
      const method = call.getPath();
      const codeName = status[code];
      logger.debug({ method, code: codeName, durationMs: Math.round(elapsedMs * 10) / 10 }, 'grpc call');
      metrics?.recordGrpcCall({ method, code: codeName, durationSeconds: elapsedMs / 1000 });
    };
    withValidText(call.request, () => implementation(call.request, call, ended.signal)).then(
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

// A request with a string that is not UTF-8 never reaches the implementation: the
// strict decoder marked it, and the caller learns which field (identity fields
// included: nothing is stored with replacement characters).
async function withValidText<Response>(request: unknown, run: () => Promise<Response>): Promise<Response> {
  const [field] = invalidTextFields(request);
  if (field !== undefined) throw new InvalidArgumentError(field, 'is not valid UTF-8');
  const [timestamp] = invalidNanosFields(request);
  if (timestamp !== undefined) throw new InvalidArgumentError(timestamp, 'nanos must be in [0, 999999999]');
  return run();
}

/** `unaryHandler` with the logger and options bound: what handler factories receive. */
export type HandlerMaker = <Request, Response>(
  implementation: UnaryImplementation<Request, Response>,
) => handleUnaryCall<Request, Response>;

/**
 * Binds a service's logger and metrics once, so handler modules take one
 * `handle` function instead of threading both through every factory:
 * `getEvent: handle(async (request) => …)`.
 */
export function handlerMaker(logger: Logger, options: UnaryHandlerOptions = {}): HandlerMaker {
  return (implementation) => unaryHandler(logger, implementation, options);
}
