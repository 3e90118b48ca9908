// A private nats-server that wants a user and password, for a test that
// needs NATS to refuse credentials. Killed with the test worker (setpriv).
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '@vigil/testing';

const BINARY = '/usr/sbin/nats-server';
const SETPRIV = '/usr/bin/setpriv';

export async function startAuthNatsServer(
  user: string,
  password: string,
): Promise<{ url: string; stop(): Promise<void> }> {
  const port = await freePort();
  const storeDir = await mkdtemp(join(tmpdir(), 'vigil-secrets-nats-'));
  const command = [
    BINARY,
    '-js',
    '-sd',
    storeDir,
    '-a',
    '127.0.0.1',
    '-p',
    String(port),
    '--user',
    user,
    '--pass',
    password,
  ];
  const [file = BINARY, ...args] = existsSync(SETPRIV)
    ? [SETPRIV, '--pdeathsig', 'SIGKILL', '--', ...command]
    : command;
  const child = spawn(file, args, { stdio: ['ignore', 'ignore', 'pipe'] });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  await new Promise<void>((resolve, reject) => {
    let output = '';
    child.stderr.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('Server is ready')) resolve();
    });
    void exited.then(() => reject(new Error(`nats-server exited:\n${output}`)));
  });
  return {
    url: `nats://127.0.0.1:${port}`,
    async stop() {
      child.kill('SIGTERM');
      await exited;
      await rm(storeDir, { recursive: true, force: true });
    },
  };
}
