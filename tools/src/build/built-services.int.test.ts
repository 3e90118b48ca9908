// Each app's built output (dist layout, built here into a temporary folder)
// starts from its own folder with plain Node, outside the workspace, against
// a fresh database; answers grpc.health.v1 SERVING, also through the bundled
// health probe a container healthcheck runs; and exits 0 on SIGTERM.
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { createTestDatabase, deleteTestStream, getTestInfrastructure, testNatsNames } from '@vigil/testing';
import { buildServiceOutput } from './build-service-output.js';
import { grpcServingStatus } from './grpc-serving-status.js';
import { linkDependencies, NODE_24, startBuiltService, type RunningBuiltService } from './run-built-service.js';
import { appsServingGrpc } from './workspace-apps.js';

const apps = appsServingGrpc();
// Shared by every app here: a stream and subjects no other test file uses.
const nats = testNatsNames('built-services');
let outRoot: string;

beforeAll(async () => {
  outRoot = await mkdtemp(join(tmpdir(), 'vigil-built-'));
});
afterAll(async () => {
  await rm(outRoot, { recursive: true, force: true });
  await deleteTestStream((await getTestInfrastructure()).natsUrl, nats.stream);
});

test('every app with a src/main.ts is built and run here, ingest among them', () => {
  console.info(`built-output checks cover: ${apps.join(', ')}`);
  expect(apps).toContain('ingest');
});

test.each(apps)('%s runs from its built folder with plain node, SERVING until SIGTERM, then exits 0', async (app) => {
  const { outDir, dependencies } = await buildServiceOutput({ app, outDir: join(outRoot, app) });
  const manifest = JSON.parse(await readFile(join(outDir, 'package.json'), 'utf8')) as { dependencies: object };
  // The workspace libs are bundled in: npm could not install them.
  expect(Object.keys(manifest.dependencies).filter((name) => name.startsWith('@vigil/'))).toEqual([]);
  await linkDependencies(outDir, Object.keys(dependencies));

  const database = await createTestDatabase();
  let service: RunningBuiltService | undefined;
  try {
    service = await startBuiltService(outDir, await serviceEnvironment(database.url));
    const address = `127.0.0.1:${service.port}`;
    expect(await grpcServingStatus(address, 5_000)).toBe('SERVING');
    await expect(probe(outDir, address)).resolves.toMatchObject({ exitCode: 0 });

    const exit = await service.terminate();
    expect(exit, service.output()).toEqual({ code: 0, signal: null });
    // The same probe fails once nobody answers: it can tell the difference.
    await expect(probe(outDir, address)).resolves.toMatchObject({ exitCode: 1 });
  } finally {
    service?.kill();
    await database.drop();
  }
});

// Every variable any app might read; each app reads only its own schema's keys.
async function serviceEnvironment(databaseUrl: string): Promise<Record<string, string>> {
  return {
    GRPC_HOST: '127.0.0.1',
    GRPC_PORT: '0',
    METRICS_PORT: '0',
    DATABASE_URL: databaseUrl,
    NATS_URL: (await getTestInfrastructure()).natsUrl,
    NATS_STREAM: nats.stream,
    NATS_SUBJECT_PREFIX: nats.subjectPrefix,
    NATS_STATUS_SUBJECT_PREFIX: nats.subjectPrefix,
    NATS_DURABLE: nats.durable,
    // Nothing listens there: services start with their gRPC dependencies down.
    INGEST_GRPC_ADDRESS: '127.0.0.1:9',
    INCIDENTS_GRPC_ADDRESS: '127.0.0.1:9',
    SHUTDOWN_GRACE_MS: '5000',
  };
}

async function probe(outDir: string, address: string): Promise<{ exitCode: number }> {
  try {
    await promisify(execFile)(NODE_24, ['health-probe.js', address], { cwd: outDir, env: {} });
    return { exitCode: 0 };
  } catch (error) {
    return { exitCode: (error as { code?: number }).code ?? -1 };
  }
}
