import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { join } from 'node:path';
import { freePort } from '@vigil/testing';
import { describe, expect, it, onTestFinished } from 'vitest';
import { buildGreeterDescriptorSet, greeterClient, healthClient } from '../../test/grpc-test-clients.js';
import { callUnary } from '../grpc/call-unary.js';

const root = join(import.meta.dirname, '../..');
const tsx = join(root, '../../node_modules/.bin/tsx');

type LogLine = Record<string, unknown>;

/** Runs the fixture main.ts as its own process, collecting its JSON log lines. */
async function startGreeterProcess(env: Record<string, string>) {
  const child = spawn(tsx, [join(root, 'test/fixtures/greeter-main.ts')], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const lines: LogLine[] = [];
  const listeners: ((line: LogLine) => void)[] = [];
  createInterface({ input: child.stdout }).on('line', (text) => {
    const line = JSON.parse(text) as LogLine;
    lines.push(line);
    listeners.forEach((listener) => listener(line));
  });
  // 'close', not 'exit': it waits until stdout is drained, so every log line has been read.
  const exitCode = new Promise<number | null>((resolve) => child.once('close', (code) => resolve(code)));
  const logged = (msg: string) =>
    new Promise<LogLine>((resolve) => {
      const seen = lines.find((line) => line['msg'] === msg);
      if (seen) resolve(seen);
      else listeners.push((line) => line['msg'] === msg && resolve(line));
    });
  return { child, lines, exitCode, logged };
}

describe('a service run by runService', () => {
  it('serves, then on SIGTERM stops in order and exits 0, though NATS was never reached', async () => {
    const descriptorSet = await buildGreeterDescriptorSet();
    onTestFinished(() => descriptorSet.remove());
    const service = await startGreeterProcess({
      GRPC_PORT: '0',
      LOG_LEVEL: 'info',
      NATS_URL: `nats://127.0.0.1:${await freePort()}`,
      DESCRIPTOR_SET_PATH: descriptorSet.path,
    });
    const { port } = (await service.logged('gRPC server listening')) as { port: number };
    expect(await callUnary(greeterClient(port), 'sayHello', { name: 'Ada' }, { timeoutMs: 5000 })).toEqual({
      greeting: 'hello, Ada',
    });
    expect(await callUnary(healthClient(port), 'check', { service: '' }, { timeoutMs: 5000 })).toEqual({
      status: 'SERVING',
    });
    const metrics = (await service.logged('metrics server listening')) as { port: number };
    const get = (path: string) => fetch(`http://127.0.0.1:${metrics.port}${path}`);
    expect(await (await get('/metrics')).text()).toContain('vigil_grpc_requests_total{method="SayHello",code="OK"} 1');
    expect((await get('/healthz')).status).toBe(200);
    expect((await get('/readyz')).status).toBe(503); // its readiness needs NATS, which is down

    service.child.kill('SIGTERM');
    expect(await service.exitCode).toBe(0);
    const milestones = [
      'greeter started',
      'greeter stopping',
      'gRPC server stopped',
      'NATS closed',
      'metrics server stopped',
      'greeter stopped',
    ];
    expect(service.lines.map((line) => line['msg']).filter((msg) => milestones.includes(String(msg)))).toEqual(
      milestones,
    );
    expect(service.lines.every((line) => line['service'] === 'greeter')).toBe(true);
  });

  it('exits 1 naming the bad variable', async () => {
    const service = await startGreeterProcess({ GRPC_PORT: 'http', DESCRIPTOR_SET_PATH: '/nowhere' });
    expect(await service.exitCode).toBe(1);
    expect(service.lines[0]).toMatchObject({ level: 'fatal', service: 'greeter' });
    expect(service.lines[0]?.['msg']).toContain('GRPC_PORT="http" (expected a port number 0-65535)');
  });

  it('exits 1 naming both TLS variables when the certificate comes without its key', async () => {
    const readableFile = join(root, 'test/fixtures/greeter.proto');
    const service = await startGreeterProcess({ GRPC_TLS_CERT_FILE: readableFile, DESCRIPTOR_SET_PATH: '/nowhere' });
    expect(await service.exitCode).toBe(1);
    expect(service.lines[0]?.['msg']).toContain(
      'GRPC_TLS_KEY_FILE=unset (expected to be set together with GRPC_TLS_CERT_FILE (set both or neither))',
    );
  });
});
