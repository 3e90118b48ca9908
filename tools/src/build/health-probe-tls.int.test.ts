// The bundled health probe (a container's HEALTHCHECK) against a built service
// that serves TLS, then mutual TLS: with the service's own variables it
// reports SERVING; a probe that does not speak the service's TLS reports
// failure, so the probe can tell.
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { createTestCertificates, createTestDatabase, type TestCertificates, type TestDatabase } from '@vigil/testing';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { buildServiceOutput } from './build-service-output.js';
import { linkDependencies, NODE_24, startBuiltService, type RunningBuiltService } from './run-built-service.js';

let outDir: string;
let certificates: TestCertificates;
let database: TestDatabase;

beforeAll(async () => {
  outDir = await mkdtemp(join(tmpdir(), 'vigil-probe-tls-'));
  const built = await buildServiceOutput({ app: 'ingest', outDir });
  await linkDependencies(outDir, Object.keys(built.dependencies));
  certificates = await createTestCertificates();
  database = await createTestDatabase();
});
afterAll(async () => {
  await database?.drop();
  await certificates?.remove();
  await rm(outDir, { recursive: true, force: true });
});

async function probe(port: number, env: Record<string, string>): Promise<number> {
  try {
    await promisify(execFile)(NODE_24, ['health-probe.js', `127.0.0.1:${port}`], { cwd: outDir, env });
    return 0;
  } catch (error) {
    return (error as { code?: number }).code ?? -1;
  }
}

async function withIngest(tls: Record<string, string>, check: (port: number) => Promise<void>): Promise<void> {
  let service: RunningBuiltService | undefined;
  try {
    service = await startBuiltService(outDir, {
      GRPC_HOST: '127.0.0.1',
      GRPC_PORT: '0',
      METRICS_PORT: '0',
      DATABASE_URL: database.url,
      ...tls,
    });
    await check(service.port);
  } finally {
    await service?.terminate();
  }
}

describe('the health probe reads the service’s TLS variables', () => {
  test('TLS: SERVING with them; a plaintext probe fails', async () => {
    const tls = { GRPC_TLS_CERT_FILE: certificates.server.cert, GRPC_TLS_KEY_FILE: certificates.server.key };
    await withIngest(tls, async (port) => {
      expect(await probe(port, tls)).toBe(0);
      expect(await probe(port, {})).toBe(1);
    });
  });

  test('mutual TLS: SERVING presenting the client certificate; refused presenting a server-only one', async () => {
    const tls = {
      GRPC_TLS_CERT_FILE: certificates.server.cert,
      GRPC_TLS_KEY_FILE: certificates.server.key,
      GRPC_TLS_CA_FILE: certificates.ca.cert,
    };
    const client = {
      GRPC_CLIENT_TLS_CERT_FILE: certificates.client.cert,
      GRPC_CLIENT_TLS_KEY_FILE: certificates.client.key,
    };
    await withIngest(tls, async (port) => {
      expect(await probe(port, { ...tls, ...client })).toBe(0);
      // The server's own certificate is for server authentication only: the server refuses it as a client's.
      expect(await probe(port, tls)).toBe(1);
      expect(await probe(port, { GRPC_TLS_CERT_FILE: certificates.server.cert })).toBe(1);
    });
  });
});
