// Certificates made with openssl for one test run: a CA with a server and a
// client certificate, and a second CA with a client certificate of its own,
// which a server trusting only the first must refuse.
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const OPENSSL = '/usr/bin/openssl';
// EC keys: much faster to generate than RSA, and TLS 1.3 is happy with them.
const NEW_KEY = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];

interface KeyPair {
  cert: string;
  key: string;
}

export interface TestCertificates {
  dir: string;
  ca: KeyPair;
  /** Signed by `ca`, for 127.0.0.1 and localhost. */
  server: KeyPair;
  /** Signed by `ca`. */
  client: KeyPair;
  /** A CA nobody here trusts, and a client certificate it signed. */
  otherCa: KeyPair;
  otherClient: KeyPair;
  remove(): Promise<void>;
}

async function createCa(dir: string, name: string): Promise<KeyPair> {
  const pair = { cert: join(dir, `${name}.crt`), key: join(dir, `${name}.key`) };
  await run(OPENSSL, [
    'req',
    '-x509',
    ...NEW_KEY,
    '-keyout',
    pair.key,
    '-out',
    pair.cert,
    '-days',
    '1',
    '-subj',
    `/CN=${name}`,
    '-addext',
    'basicConstraints=critical,CA:TRUE',
    '-addext',
    'keyUsage=critical,keyCertSign,cRLSign',
  ]);
  return pair;
}

async function createSigned(dir: string, name: string, ca: KeyPair, extensions: string): Promise<KeyPair> {
  const pair = { cert: join(dir, `${name}.crt`), key: join(dir, `${name}.key`) };
  const csr = join(dir, `${name}.csr`);
  const extensionsFile = join(dir, `${name}.ext`);
  await writeFile(extensionsFile, extensions);
  await run(OPENSSL, ['req', ...NEW_KEY, '-keyout', pair.key, '-out', csr, '-subj', `/CN=${name}`]);
  await run(OPENSSL, [
    'x509',
    '-req',
    '-in',
    csr,
    '-CA',
    ca.cert,
    '-CAkey',
    ca.key,
    '-CAcreateserial',
    '-out',
    pair.cert,
    '-days',
    '1',
    '-extfile',
    extensionsFile,
  ]);
  return pair;
}

export async function createTestCertificates(): Promise<TestCertificates> {
  const dir = await mkdtemp(join(tmpdir(), 'vigil-test-tls-'));
  const ca = await createCa(dir, 'vigil-test-ca');
  const otherCa = await createCa(dir, 'other-ca');
  const clientExtensions = 'basicConstraints=CA:FALSE\nextendedKeyUsage=clientAuth\n';
  return {
    dir,
    ca,
    otherCa,
    server: await createSigned(
      dir,
      'server',
      ca,
      'basicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\nsubjectAltName=IP:127.0.0.1,DNS:localhost\n',
    ),
    client: await createSigned(dir, 'client', ca, clientExtensions),
    otherClient: await createSigned(dir, 'other-client', otherCa, clientExtensions),
    remove: () => rm(dir, { recursive: true, force: true }),
  };
}
