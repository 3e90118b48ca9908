import type { ChannelCredentials } from '@grpc/grpc-js';
import { clientCredentialsFromConfig } from '@vigil/runtime';

let cached: ChannelCredentials | undefined;

/**
 * The CLI's channel credentials, from the same variables the services'
 * own clients read: plaintext by default; TLS trusting
 * GRPC_CLIENT_TLS_CA_FILE, with GRPC_CLIENT_TLS_CERT_FILE + _KEY_FILE as
 * the client certificate where the services require mutual TLS.
 */
export function cliChannelCredentials(): ChannelCredentials {
  cached ??= clientCredentialsFromConfig(process.env);
  return cached;
}
