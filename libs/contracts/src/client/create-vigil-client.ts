import { Client, Metadata, type ServiceError } from '@grpc/grpc-js';
import { channelOptions } from './channel-options.js';
import { channelCredentials, DEFAULT_DEADLINE_MS, type VigilClientOptions } from './client-options.js';
import type { DeepPartial } from './deep-partial.js';
import { VigilCallError } from './vigil-call-error.js';

/** A unary method as ts-proto's grpc-js output defines it. */
interface UnaryMethodDefinition {
  readonly path: string;
  readonly requestSerialize: (value: never) => Buffer;
  readonly responseDeserialize: (bytes: Buffer) => unknown;
}

type RequestOf<M> = M extends { requestSerialize: (value: infer Request) => Buffer } ? Request : never;
type ResponseOf<M> = M extends { responseDeserialize: (bytes: Buffer) => infer Response } ? Response : never;

/** For each method, the request message's generated `fromPartial`, which fills the defaults. */
export type RequestMessages<Definition> = {
  readonly [Method in keyof Definition]: {
    fromPartial(object: DeepPartial<RequestOf<Definition[Method]>>): RequestOf<Definition[Method]>;
  };
};

/** Per call: overrides of the client's defaults. */
export interface VigilCallOptions {
  /** This call's deadline in ms from now (default: the client's `deadlineMs`). */
  readonly deadlineMs?: number;
  /** Metadata for this call, on top of the client's. */
  readonly metadata?: Readonly<Record<string, string>>;
  /** Aborting cancels the call; it then fails with CANCELLED. */
  readonly signal?: AbortSignal;
}

/** One promise-returning function per RPC, plus `close()`. */
export type VigilClient<Definition> = {
  readonly [Method in keyof Definition]: (
    request: DeepPartial<RequestOf<Definition[Method]>>,
    options?: VigilCallOptions,
  ) => Promise<ResponseOf<Definition[Method]>>;
} & {
  /** The address it was made for. */
  readonly address: string;
  /** Closes the channel; calls in flight fail with CANCELLED or UNAVAILABLE. */
  close(): void;
};

/**
 * A promise-based client for one service over one grpc-js channel. Rejects
 * with VigilCallError. Used by createIngestClient & co.; not exported from
 * the package because the per-service functions say which service you get.
 */
export function createVigilClient<Definition extends Record<string, UnaryMethodDefinition>>(
  service: string,
  definition: Definition,
  requests: RequestMessages<Definition>,
  address: string,
  options: VigilClientOptions = {},
): VigilClient<Definition> {
  const channel = new Client(address, channelCredentials(options), {
    ...channelOptions(service, options),
    ...options.channelOptions,
  });
  const defaultDeadlineMs = options.deadlineMs ?? DEFAULT_DEADLINE_MS;
  const call = (method: keyof Definition & string, request: unknown, callOptions: VigilCallOptions = {}) => {
    const { path, requestSerialize, responseDeserialize } = definition[method] as UnaryMethodDefinition;
    const message = (requests[method].fromPartial as (partial: unknown) => never)(request);
    const metadata = toMetadata({ ...options.metadata, ...callOptions.metadata });
    const deadline = Date.now() + (callOptions.deadlineMs ?? defaultDeadlineMs);
    return new Promise((resolve, reject) => {
      const pending = channel.makeUnaryRequest(
        path,
        requestSerialize,
        responseDeserialize,
        message,
        metadata,
        { deadline },
        (error: ServiceError | null, response?: unknown) => {
          callOptions.signal?.removeEventListener('abort', cancel);
          if (error) reject(new VigilCallError(path, error, { cause: error }));
          else resolve(response);
        },
      );
      const cancel = (): void => pending.cancel();
      if (callOptions.signal?.aborted) cancel();
      else callOptions.signal?.addEventListener('abort', cancel, { once: true });
    });
  };
  const methods = Object.fromEntries(
    Object.keys(definition).map((method) => [
      method,
      (request: unknown, callOptions?: VigilCallOptions) => call(method, request, callOptions),
    ]),
  );
  return { ...methods, address, close: () => channel.close() } as VigilClient<Definition>;
}

function toMetadata(entries: Readonly<Record<string, string>>): Metadata {
  const metadata = new Metadata();
  for (const [key, value] of Object.entries(entries)) metadata.set(key, value);
  return metadata;
}
