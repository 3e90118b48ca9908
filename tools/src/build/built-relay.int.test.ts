// sentry-relay's built output (it serves HTTP, not gRPC, so built-services
// does not cover it) starts from its own folder with plain Node, outside the
// workspace; is ready and healthy by the image's healthcheck; refuses a
// request without a key; and exits 0 on SIGTERM.
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { freePort } from '@vigil/testing';
import { afterAll, expect, test } from 'vitest';
import { buildServiceOutput } from './build-service-output.js';
import { linkDependencies, NODE_24, startBuiltService } from './run-built-service.js';

const outRoot = await mkdtemp(join(tmpdir(), 'vigil-built-relay-'));
afterAll(() => rm(outRoot, { recursive: true, force: true }));

function httpPort(line: string): number | null {
  try {
    const entry = JSON.parse(line) as { msg?: string; port?: number };
    return entry.msg === 'sentry-relay HTTP server listening' && typeof entry.port === 'number' ? entry.port : null;
  } catch {
    return null;
  }
}

// The image's HEALTHCHECK command, as the Dockerfile runs it.
const HEALTHCHECK =
  "fetch('http://127.0.0.1:' + process.env.METRICS_PORT + '/readyz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))";

async function healthcheck(metricsPort: number): Promise<number> {
  try {
    await promisify(execFile)(NODE_24, ['-e', HEALTHCHECK], { env: { METRICS_PORT: String(metricsPort) } });
    return 0;
  } catch (error) {
    return (error as { code?: number }).code ?? -1;
  }
}

test('sentry-relay runs from its built folder with plain node, healthy until SIGTERM, then exits 0', async () => {
  const { outDir, dependencies } = await buildServiceOutput({ app: 'sentry-relay', outDir: join(outRoot, 'relay') });
  await linkDependencies(outDir, Object.keys(dependencies));
  const metricsPort = await freePort();
  const service = await startBuiltService(
    outDir,
    {
      HTTP_PORT: '0',
      METRICS_PORT: String(metricsPort),
      // Nothing listens there: the relay starts with ingest down.
      INGEST_GRPC_ADDRESS: '127.0.0.1:9',
      SENTRY_PROJECT_KEYS: '1=0123456789abcdef0123456789abcdef',
      SHUTDOWN_GRACE_MS: '5000',
    },
    30_000,
    httpPort,
  );
  try {
    expect(await healthcheck(metricsPort)).toBe(0);
    const refused = await fetch(`http://127.0.0.1:${service.port}/api/1/envelope/`, { method: 'POST', body: '{}' });
    expect(refused.status).toBe(401);
    const exit = await service.terminate();
    expect(exit, service.output()).toEqual({ code: 0, signal: null });
    // The same check fails once nobody answers: it can tell the difference.
    expect(await healthcheck(metricsPort)).toBe(1);
  } finally {
    service.kill();
  }
});
