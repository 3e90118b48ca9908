// A nats-server started with options of the test's choosing (credentials,
// TLS), which @vigil/testing's private server does not take.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '@vigil/testing';

const BINARY = '/usr/sbin/nats-server';
// As in @vigil/testing: the kernel kills the server when the test worker goes.
const SETPRIV = '/usr/bin/setpriv';
const READY_LINE = 'Server is ready';

export interface NatsServerWithOptions {
  port: number;
  stop(): Promise<void>;
}

/** Starts nats-server with JetStream on 127.0.0.1 plus `options`; resolves once it accepts clients. */
export async function startNatsServerWithOptions(options: readonly string[]): Promise<NatsServerWithOptions> {
  const port = await freePort();
  const storeDir = await mkdtemp(join(tmpdir(), 'vigil-runtime-nats-'));
  const command = [BINARY, '-js', '-sd', storeDir, '-a', '127.0.0.1', '-p', String(port), ...options];
  const [file = BINARY, ...args] = existsSync(SETPRIV)
    ? [SETPRIV, '--pdeathsig', 'SIGKILL', '--', ...command]
    : command;
  const child = spawn(file, args, { stdio: ['ignore', 'ignore', 'pipe'] });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async (): Promise<void> => {
    child.kill('SIGTERM');
    await exited;
    await rm(storeDir, { recursive: true, force: true });
  };
  await new Promise<void>((resolve, reject) => {
    let output = '';
    child.stderr.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes(READY_LINE)) resolve();
    });
    void exited.then(() => reject(new Error(`nats-server ${options.join(' ')} exited:\n${output}`)));
  });
  return { port, stop };
}
