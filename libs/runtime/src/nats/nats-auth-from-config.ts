import { readFileSync } from 'node:fs';
import { credsAuthenticator, type NodeConnectionOptions } from '@nats-io/transport-node';
import { assertVariablesAgree } from '../config/variable-rules.js';
import { readConfigFile, readPemFile } from '../tls/pem-files.js';

/** How connectNats authenticates and secures its connection; empty means neither. */
export type NatsAuth = Pick<NodeConnectionOptions, 'user' | 'pass' | 'token' | 'authenticator' | 'tls'>;

interface NatsAuthConfig {
  NATS_USER?: string | undefined;
  NATS_PASSWORD?: string | undefined;
  NATS_TOKEN?: string | undefined;
  NATS_CREDS_FILE?: string | undefined;
  NATS_TLS_CA_FILE?: string | undefined;
}

/**
 * NATS credentials from config, for `connectNats({ …, auth })`: user and
 * password, a token, or a `.creds` file (JWT + NKey seed), at most one of
 * them; NATS_TLS_CA_FILE requires TLS, verified against that CA. Throws
 * ConfigError for a user without a password, two ways at once, or an
 * unreadable creds or CA file.
 */
export function natsAuthFromConfig(config: NatsAuthConfig): NatsAuth {
  const { NATS_USER: user, NATS_PASSWORD: pass, NATS_TOKEN: token, NATS_CREDS_FILE: credsFile } = config;
  assertVariablesAgree({ NATS_USER: user, NATS_PASSWORD: pass, NATS_TOKEN: token, NATS_CREDS_FILE: credsFile });
  // Read once now so a bad path fails at start, naming the variable.
  if (credsFile !== undefined) readConfigFile('NATS_CREDS_FILE', credsFile, 'NATS credentials (.creds)');
  const caFile = config.NATS_TLS_CA_FILE;
  if (caFile !== undefined) readPemFile('NATS_TLS_CA_FILE', caFile, 'certificate');
  return {
    ...(user !== undefined && pass !== undefined && { user, pass }),
    ...(token !== undefined && { token }),
    // Read on every connection attempt, so a rotated file is picked up on reconnect.
    ...(credsFile !== undefined && { authenticator: credsAuthenticator(() => readFileSync(credsFile)) }),
    ...(caFile !== undefined && { tls: { caFile } }),
  };
}
