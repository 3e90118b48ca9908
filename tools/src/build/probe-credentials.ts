import { credentials, type ChannelCredentials } from '@grpc/grpc-js';
import { readFileSync } from 'node:fs';

type Environment = Readonly<Record<string, string | undefined>>;

/**
 * How the bundled health probe reaches the service it runs beside, read from
 * the service's own variables: plaintext unless the server serves TLS
 * (GRPC_TLS_CERT_FILE). Over TLS the probe does not verify the server: it
 * dials its own process on 127.0.0.1, where the certificate's names and CA
 * say nothing about health, and a verification failure would restart a
 * healthy container. Under mutual TLS (GRPC_TLS_CA_FILE) it presents
 * GRPC_CLIENT_TLS_CERT_FILE + KEY when set, else the server's own pair: the
 * server accepts either only if GRPC_TLS_CA_FILE signed it for client use.
 */
export function probeCredentials(env: Environment): ChannelCredentials {
  const serverCert = nonEmpty(env['GRPC_TLS_CERT_FILE']);
  if (serverCert === undefined) return credentials.createInsecure();
  const mutual = nonEmpty(env['GRPC_TLS_CA_FILE']) !== undefined;
  const clientCert = nonEmpty(env['GRPC_CLIENT_TLS_CERT_FILE']);
  const clientKey = nonEmpty(env['GRPC_CLIENT_TLS_KEY_FILE']);
  const [certPath, keyPath] =
    clientCert !== undefined && clientKey !== undefined
      ? [clientCert, clientKey]
      : [serverCert, nonEmpty(env['GRPC_TLS_KEY_FILE'])];
  const identity =
    mutual && keyPath !== undefined ? { cert: readFileSync(certPath), key: readFileSync(keyPath) } : undefined;
  return credentials.createSsl(null, identity?.key ?? null, identity?.cert ?? null, { rejectUnauthorized: false });
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value.trim();
}
