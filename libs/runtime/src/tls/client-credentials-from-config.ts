import { credentials, type ChannelCredentials } from '@grpc/grpc-js';
import { assertVariablesAgree } from '../config/variable-rules.js';
import { assertKeyPair, readPemFile } from './pem-files.js';

interface ClientTlsConfig {
  GRPC_CLIENT_TLS_CA_FILE?: string | undefined;
  GRPC_CLIENT_TLS_CERT_FILE?: string | undefined;
  GRPC_CLIENT_TLS_KEY_FILE?: string | undefined;
}

/**
 * Credentials for this service's outbound gRPC channels: plaintext when
 * none of the GRPC_CLIENT_TLS_* variables is set; otherwise TLS, trusting
 * GRPC_CLIENT_TLS_CA_FILE (or the system's roots without it), and presenting
 * GRPC_CLIENT_TLS_CERT_FILE + GRPC_CLIENT_TLS_KEY_FILE when the server asks
 * for a client certificate (mutual TLS). Throws ConfigError like
 * `serverCredentialsFromConfig`. Pass the result to the generated client's
 * constructor: `new IngestServiceClient(address, clientCredentialsFromConfig(config))`.
 */
export function clientCredentialsFromConfig(config: ClientTlsConfig): ChannelCredentials {
  const {
    GRPC_CLIENT_TLS_CA_FILE: caPath,
    GRPC_CLIENT_TLS_CERT_FILE: certPath,
    GRPC_CLIENT_TLS_KEY_FILE: keyPath,
  } = config;
  assertVariablesAgree({
    GRPC_CLIENT_TLS_CA_FILE: caPath,
    GRPC_CLIENT_TLS_CERT_FILE: certPath,
    GRPC_CLIENT_TLS_KEY_FILE: keyPath,
  });
  const ca = caPath === undefined ? undefined : readPemFile('GRPC_CLIENT_TLS_CA_FILE', caPath, 'certificate');
  const cert = certPath === undefined ? undefined : readPemFile('GRPC_CLIENT_TLS_CERT_FILE', certPath, 'certificate');
  const key = keyPath === undefined ? undefined : readPemFile('GRPC_CLIENT_TLS_KEY_FILE', keyPath, 'private key');
  if (cert && key) assertKeyPair(cert, key);
  if (!ca && !cert) return credentials.createInsecure();
  return credentials.createSsl(ca?.pem ?? null, key?.pem ?? null, cert?.pem ?? null);
}
