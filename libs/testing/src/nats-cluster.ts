import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './free-port.js';

/** One node of a private JetStream cluster. */
export interface NatsClusterNode {
  readonly name: string;
  /** `nats://127.0.0.1:<client port>` (a port the server picked). */
  readonly url: string;
  /** `http://127.0.0.1:<port>`: /connz, /jsz and the rest of the monitoring API. */
  readonly monitorUrl: string;
  /** SIGKILL: the node is gone at once, as a crashed machine would be. */
  kill(): Promise<void>;
}

export interface NatsCluster {
  readonly nodes: readonly NatsClusterNode[];
  /** Every node's client URL, comma-separated: a NATS_URL for the services. */
  readonly urls: string;
  /** Kills every node left and deletes their stores; call in afterAll. */
  dispose(): Promise<void>;
}

const READY_TIMEOUT_MS = 30_000;
// As in nats-server-process.ts: the kernel kills the servers if the test process goes.
const SETPRIV = '/usr/bin/setpriv';

/**
 * Starts `size` nats-server processes (2.9 here: /usr/sbin/nats-server) as
 * one JetStream cluster on 127.0.0.1: client and monitoring ports chosen by
 * each server and read from its log; route ports picked free beforehand,
 * since every node must name every other in its routes.
 */
export async function startNatsCluster(size = 3, binary = '/usr/sbin/nats-server'): Promise<NatsCluster> {
  const routePorts = await Promise.all(Array.from({ length: size }, () => freePort()));
  const routes = routePorts.map((port) => `nats://127.0.0.1:${port}`).join(',');
  const storeRoot = await mkdtemp(join(tmpdir(), 'vigil-nats-cluster-'));
  const nodes: (NatsClusterNode & { readonly child: ChildProcess })[] = [];
  try {
    for (const [index, routePort] of routePorts.entries()) {
      const name = `n${index + 1}`;
      nodes.push(await startNode(binary, name, join(storeRoot, name), routePort, routes));
    }
  } catch (error) {
    for (const node of nodes) node.child.kill('SIGKILL');
    await rm(storeRoot, { recursive: true, force: true });
    throw error;
  }
  return {
    nodes,
    urls: nodes.map((node) => node.url).join(','),
    async dispose() {
      await Promise.all(nodes.map((node) => node.kill()));
      await rm(storeRoot, { recursive: true, force: true });
    },
  };
}

async function startNode(
  binary: string,
  name: string,
  storeDir: string,
  routePort: number,
  routes: string,
): Promise<NatsClusterNode & { readonly child: ChildProcess }> {
  const server = [binary, '-js', '-sd', storeDir, '-a', '127.0.0.1', '-p', '-1', '-m', '-1', '--server_name', name];
  const cluster = ['--cluster_name', 'vigil-test', '--cluster', `nats://127.0.0.1:${routePort}`, '--routes', routes];
  const command = existsSync(SETPRIV)
    ? [SETPRIV, '--pdeathsig', 'SIGKILL', '--', ...server, ...cluster]
    : [...server, ...cluster];
  const child = spawn(command[0] ?? binary, command.slice(1), { stdio: ['ignore', 'ignore', 'pipe'] });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const ports = await new Promise<{ client: number; monitor: number }>((resolve, reject) => {
    let log = '';
    const timer = setTimeout(() => fail(`not ready within ${READY_TIMEOUT_MS} ms`), READY_TIMEOUT_MS);
    function fail(why: string): void {
      clearTimeout(timer);
      child.kill('SIGKILL');
      reject(new Error(`nats-server ${name} did not start: ${why}\n${log}`));
    }
    child.stderr?.on('data', (chunk: Buffer) => {
      log += chunk.toString();
      const client = /Listening for client connections on [\d.]+:(\d+)/.exec(log)?.[1];
      const monitor = /Starting http monitor on [\d.]+:(\d+)/.exec(log)?.[1];
      if (client && monitor && log.includes('Server is ready')) {
        clearTimeout(timer);
        resolve({ client: Number(client), monitor: Number(monitor) });
      }
    });
    child.once('exit', (code, signal) => fail(`exited with ${signal ?? `code ${code}`}`));
  });
  return {
    name,
    child,
    url: `nats://127.0.0.1:${ports.client}`,
    monitorUrl: `http://127.0.0.1:${ports.monitor}`,
    async kill() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exited;
    },
  };
}
