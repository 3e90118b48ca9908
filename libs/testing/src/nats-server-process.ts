import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';

const READY_TIMEOUT_MS = 30_000;
// Logged once the client listener is up and JetStream (with any recovered
// streams) is ready. Waiting for this line rather than for the port to answer
// matters: when the port is taken, another server would answer.
const READY_LINE = 'Server is ready';
const OUTPUT_TAIL_CHARS = 4_000;
// vitest ends its workers without running 'exit' handlers, which would leave
// servers running after the test run. util-linux's setpriv makes the kernel
// kill the server when the process that started it goes, however it goes.
const SETPRIV = '/usr/bin/setpriv';

export interface NatsServerArguments {
  readonly binary: string;
  readonly port: number;
  readonly storeDir: string;
}

/** A nats-server child process that said it is ready; `exited` settles once it is gone. */
export interface NatsServerProcess {
  readonly child: ChildProcess;
  readonly exited: Promise<void>;
}

/**
 * Spawns nats-server with JetStream on 127.0.0.1 and resolves once it is
 * ready for clients. Rejects with the server's own output if it exits or
 * errs first (e.g. the port is taken) or stays silent too long.
 */
export function spawnNatsServer(args: NatsServerArguments): Promise<NatsServerProcess> {
  const serverCommand = [args.binary, '-js', '-sd', args.storeDir, '-a', '127.0.0.1', '-p', String(args.port)];
  const [command, ...commandArgs] = existsSync(SETPRIV)
    ? [SETPRIV, '--pdeathsig', 'SIGKILL', '--', ...serverCommand]
    : serverCommand;
  const child = spawn(command ?? args.binary, commandArgs, { stdio: ['ignore', 'ignore', 'pipe'] });
  const exited = new Promise<void>((resolve) => {
    child.once('exit', () => resolve());
    child.once('error', () => resolve());
  });
  return new Promise((resolve, reject) => {
    let output = '';
    const fail = (reason: string) => {
      clearTimeout(timer);
      child.kill('SIGKILL');
      reject(new Error(`${args.binary} on port ${args.port} did not start: ${reason}\n${output}`));
    };
    const timer = setTimeout(() => fail(`not ready within ${READY_TIMEOUT_MS} ms`), READY_TIMEOUT_MS);
    child.stderr?.on('data', (chunk: Buffer) => {
      output = (output + chunk.toString()).slice(-OUTPUT_TAIL_CHARS);
      if (output.includes(READY_LINE)) {
        clearTimeout(timer);
        resolve({ child, exited });
      }
    });
    child.once('exit', (code, signal) => fail(`exited with ${signal ?? `code ${code}`}`));
    child.once('error', (error) => fail(error.message));
  });
}
