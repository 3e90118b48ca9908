import type { CallOptions, ClientUnaryCall, Metadata, ServiceError } from '@grpc/grpc-js';
import { Metadata as GrpcMetadata } from '@grpc/grpc-js';

// The last overload of a generated grpc-js client method is the full one,
// `(request, metadata, options, callback)`; TypeScript infers from it.
type FullUnaryMethod<Request, Response> = (
  request: Request,
  metadata: Metadata,
  options: Partial<CallOptions>,
  callback: (error: ServiceError | null, response: Response) => void,
) => ClientUnaryCall;

type RequestOf<M> = M extends FullUnaryMethod<infer Request, unknown> ? Request : never;
type ResponseOf<M> = M extends FullUnaryMethod<never, infer Response> ? Response : never;

type UnaryMethodName<Client> = {
  [K in keyof Client]: Client[K] extends FullUnaryMethod<never, unknown> ? K : never;
}[keyof Client];

interface CallUnaryOptions {
  /** Every outbound call has a deadline: the call fails with DEADLINE_EXCEEDED after this. */
  timeoutMs: number;
  metadata?: Metadata;
}

/**
 * Calls one unary method of a generated grpc-js client with a deadline and
 * returns the response; rejects with the grpc-js ServiceError (`code`,
 * `details`). Example: `await callUnary(ingest, 'getEventStats', request, { timeoutMs: 2000 })`.
 */
export function callUnary<Client, Method extends UnaryMethodName<Client>>(
  client: Client,
  method: Method,
  request: RequestOf<Client[Method]>,
  { timeoutMs, metadata = new GrpcMetadata() }: CallUnaryOptions,
): Promise<ResponseOf<Client[Method]>> {
  const invoke = client[method] as FullUnaryMethod<RequestOf<Client[Method]>, ResponseOf<Client[Method]>>;
  return new Promise((resolve, reject) => {
    invoke.call(client, request, metadata, { deadline: Date.now() + timeoutMs }, (error, response) => {
      if (error) reject(error);
      else resolve(response);
    });
  });
}
