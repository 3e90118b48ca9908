import type { ServerUnaryCall } from '@grpc/grpc-js';
import { EventEmitter } from 'node:events';

/**
 * A stand-in for the call grpc-js hands a unary handler: the request, the
 * method's path, no deadline, and the events a handler listens to
 * ('cancelled'), for calling a handler without a server.
 */
export function standInUnaryCall<Request, Response>(
  request: Request,
  path: string,
): ServerUnaryCall<Request, Response> {
  const call = Object.assign(new EventEmitter(), { request, getPath: () => path, getDeadline: () => Infinity });
  return call as unknown as ServerUnaryCall<Request, Response>;
}
