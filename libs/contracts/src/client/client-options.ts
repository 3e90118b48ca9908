import { credentials, type ChannelCredentials, type ChannelOptions } from '@grpc/grpc-js';
import type { ChannelTuning } from './channel-options.js';

/** PEM text or bytes. */
type Pem = string | Uint8Array;

/** How a Vigil client connects; everything is optional. */
export interface VigilClientOptions extends ChannelTuning {
  /** Deadline of every call that does not give its own, in ms. Default 10 s. */
  readonly deadlineMs?: number;
  /**
   * TLS. `true`: verify the server against the system's roots. An object:
   * trust `ca` instead, and present `cert` + `key` to a mutual-TLS server.
   * Default: plaintext.
   */
  readonly tls?: boolean | { readonly ca?: Pem; readonly cert?: Pem; readonly key?: Pem };
  /** Any grpc-js credentials instead of `tls` (e.g. combined with call credentials). */
  readonly credentials?: ChannelCredentials;
  /** Metadata sent with every call, e.g. `{ authorization: 'Bearer …' }`. */
  readonly metadata?: Readonly<Record<string, string>>;
  /** Extra grpc-js channel options, applied over the defaults. */
  readonly channelOptions?: ChannelOptions;
}

export const DEFAULT_DEADLINE_MS = 10_000;

/** The channel credentials `options` ask for: plaintext, TLS or mutual TLS. */
export function channelCredentials(options: VigilClientOptions): ChannelCredentials {
  if (options.credentials) return options.credentials;
  const { tls } = options;
  if (!tls) return credentials.createInsecure();
  if (tls === true) return credentials.createSsl();
  if ((tls.cert === undefined) !== (tls.key === undefined))
    throw new TypeError('tls.cert and tls.key go together: give both for mutual TLS, or neither');
  const bytes = (pem: Pem | undefined) => (pem === undefined ? null : Buffer.from(pem));
  return credentials.createSsl(bytes(tls.ca), bytes(tls.key), bytes(tls.cert));
}
