import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './free-port.js';
import { type NatsServerProcess, spawnNatsServer } from './nats-server-process.js';

const STOP_GRACE_MS = 10_000;

export interface PrivateNatsServerOptions {
  /** Defaults to this machine's /usr/sbin/nats-server. */
  readonly binary?: string;
  /** Defaults to a free port. */
  readonly port?: number;
}

/**
 * A nats-server of one test's own, to stop and start at will (e.g. to prove
 * the outbox keeps events while NATS is down). Its JetStream store directory
 * outlives stop/start, so streams and messages survive a restart.
 */
export interface PrivateNatsServer {
  readonly url: string;
  readonly port: number;
  readonly storeDir: string;
  /** Starts it again on the same port and store; resolves once it accepts clients. No-op while running. */
  start(): Promise<void>;
  /** SIGTERM, then waits until it has exited. No-op while stopped. */
  stop(): Promise<void>;
  /** SIGKILL, then waits until it has exited: a crash rather than a shutdown. */
  kill(): Promise<void>;
  /** Stops it and deletes the store directory; call in afterAll. */
  dispose(): Promise<void>;
}

/** Starts a private JetStream-enabled nats-server on 127.0.0.1. */
export async function startPrivateNatsServer(options: PrivateNatsServerOptions = {}): Promise<PrivateNatsServer> {
  const binary = options.binary ?? '/usr/sbin/nats-server';
  const port = options.port ?? (await freePort());
  const storeDir = await mkdtemp(join(tmpdir(), 'vigil-nats-'));
  let running: NatsServerProcess | undefined;
  // A test run that ends without dispose() must not leave servers behind.
  const killOnExit = () => running?.child.kill('SIGKILL');
  process.on('exit', killOnExit);

  const end = async (signal: 'SIGTERM' | 'SIGKILL') => {
    const ending = running;
    if (ending === undefined) return;
    running = undefined;
    ending.child.kill(signal);
    const grace = setTimeout(() => ending.child.kill('SIGKILL'), STOP_GRACE_MS);
    await ending.exited;
    clearTimeout(grace);
  };
  const server: PrivateNatsServer = {
    url: `nats://127.0.0.1:${port}`,
    port,
    storeDir,
    start: async () => {
      running ??= await spawnNatsServer({ binary, port, storeDir });
    },
    stop: () => end('SIGTERM'),
    kill: () => end('SIGKILL'),
    dispose: async () => {
      await end('SIGTERM');
      process.off('exit', killOnExit);
      await rm(storeDir, { recursive: true, force: true });
    },
  };
  try {
    await server.start();
  } catch (error) {
    await server.dispose();
    throw error;
  }
  return server;
}
