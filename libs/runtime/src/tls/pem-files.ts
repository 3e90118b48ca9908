import { createPrivateKey, X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { ConfigError } from '../config/config-error.js';

/** A PEM file named by a config variable, read and parsed. */
interface PemFile {
  variable: string;
  path: string;
  pem: Buffer;
}

type PemKind = 'certificate' | 'private key';

/**
 * Reads and parses a certificate or private key named by `variable`, so a
 * wrong or damaged file fails at start as a ConfigError naming the variable
 * and its path (node would otherwise accept a garbled CA file silently and
 * every handshake would fail later).
 */
export function readPemFile(variable: string, path: string, kind: PemKind): PemFile {
  const pem = readConfigFile(variable, path, `PEM ${kind}`);
  try {
    if (kind === 'certificate') new X509Certificate(pem);
    else createPrivateKey(pem);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new ConfigError([{ variable, value: path, expected: `a readable PEM ${kind} file (${reason})` }]);
  }
  return { variable, path, pem };
}

/** Fails unless `key` is the private key of the (first) certificate in `cert`. */
export function assertKeyPair(cert: PemFile, key: PemFile): void {
  if (new X509Certificate(cert.pem).checkPrivateKey(createPrivateKey(key.pem))) return;
  throw new ConfigError([
    {
      variable: key.variable,
      value: key.path,
      expected: `the private key of the certificate in ${cert.variable} (${cert.path})`,
    },
  ]);
}

/** Reads the file named by `variable`; a ConfigError names both when it cannot be read. */
export function readConfigFile(variable: string, path: string, kind: string): Buffer {
  try {
    return readFileSync(path);
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code ?? String(error);
    throw new ConfigError([{ variable, value: path, expected: `a readable ${kind} file (${reason})` }]);
  }
}
