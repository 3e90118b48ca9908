import { ServerCredentials } from '@grpc/grpc-js';
import { assertVariablesAgree } from '../config/variable-rules.js';
import { assertKeyPair, readPemFile } from './pem-files.js';

interface ServerTlsConfig {
  GRPC_TLS_CERT_FILE?: string | undefined;
  GRPC_TLS_KEY_FILE?: string | undefined;
  GRPC_TLS_CA_FILE?: string | undefined;
}

/**
 * The gRPC server's credentials from config: plaintext when no certificate
 * is set; TLS with GRPC_TLS_CERT_FILE + GRPC_TLS_KEY_FILE; mutual TLS when
 * GRPC_TLS_CA_FILE is set too, where a client must present a certificate
 * signed by that CA or the handshake fails. Throws ConfigError naming the
 * variable for a half-set pair or an unreadable, unparsable or mismatched file.
 */
export function serverCredentialsFromConfig(config: ServerTlsConfig): ServerCredentials {
  const { GRPC_TLS_CERT_FILE: certPath, GRPC_TLS_KEY_FILE: keyPath, GRPC_TLS_CA_FILE: caPath } = config;
  assertVariablesAgree({ GRPC_TLS_CERT_FILE: certPath, GRPC_TLS_KEY_FILE: keyPath, GRPC_TLS_CA_FILE: caPath });
  if (certPath === undefined || keyPath === undefined) return ServerCredentials.createInsecure();

  const cert = readPemFile('GRPC_TLS_CERT_FILE', certPath, 'certificate');
  const key = readPemFile('GRPC_TLS_KEY_FILE', keyPath, 'private key');
  assertKeyPair(cert, key);
  const ca = caPath === undefined ? undefined : readPemFile('GRPC_TLS_CA_FILE', caPath, 'certificate');
  return ServerCredentials.createSsl(
    ca?.pem ?? null,
    [{ cert_chain: cert.pem, private_key: key.pem }],
    ca !== undefined,
  );
}
