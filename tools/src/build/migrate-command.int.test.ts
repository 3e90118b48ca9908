// `node main.js migrate` as an administrative process (a Kubernetes init
// container or Job), and a service that then starts with no DDL rights at
// all (DATABASE_MIGRATIONS=verify, a role that may only read and write rows),
// for each app's built output.
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Event, IngestServiceClient, Level } from '@vigil/contracts/ingest';
import { credentials } from '@grpc/grpc-js';
import { callUnary } from '@vigil/runtime';
import { createTestDatabase, deleteTestStream, getTestInfrastructure, testNatsNames } from '@vigil/testing';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { buildServiceOutput } from './build-service-output.js';
import { grpcServingStatus } from './grpc-serving-status.js';
import { linkDependencies, NODE_24, startBuiltService } from './run-built-service.js';
import { appsServingGrpc } from './workspace-apps.js';

const nats = testNatsNames('migrate-command');
let outRoot: string;

beforeAll(async () => {
  outRoot = await mkdtemp(join(tmpdir(), 'vigil-migrate-'));
});
afterAll(async () => {
  await rm(outRoot, { recursive: true, force: true });
  await deleteTestStream((await getTestInfrastructure()).natsUrl, nats.stream);
});

interface CommandResult {
  readonly code: number;
  readonly output: string;
}

async function runMain(outDir: string, args: string[], env: Record<string, string>): Promise<CommandResult> {
  try {
    const { stdout, stderr } = await promisify(execFile)(NODE_24, ['main.js', ...args], { cwd: outDir, env });
    return { code: 0, output: stdout + stderr };
  } catch (error) {
    const { code, stdout = '', stderr = '' } = error as { code?: number; stdout?: string; stderr?: string };
    return { code: code ?? -1, output: stdout + stderr };
  }
}

async function sql(url: string, statements: string[]): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    for (const statement of statements) await client.query(statement);
  } finally {
    await client.end();
  }
}

/** A login role that may read and write the rows of `databaseUrl`'s tables (as they are now), and nothing else. */
async function rowsOnlyRole(databaseUrl: string): Promise<{ url: string; drop(): Promise<void> }> {
  const role = `vigil_rows_${randomBytes(6).toString('hex')}`;
  const password = randomBytes(12).toString('hex');
  const admin = new URL(databaseUrl);
  const database = admin.pathname.slice(1);
  await sql(databaseUrl, [
    `CREATE ROLE ${role} LOGIN PASSWORD '${password}'`,
    `GRANT CONNECT ON DATABASE ${pg.escapeIdentifier(database)} TO ${role}`,
    `GRANT USAGE ON SCHEMA public TO ${role}`,
    `GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO ${role}`,
    `GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO ${role}`,
  ]);
  const url = new URL(databaseUrl);
  url.username = role;
  url.password = password;
  return {
    url: url.toString(),
    // After the database is gone: its grants went with it.
    drop: () => sql(databaseUrl.replace(/\/[^/]*$/, '/postgres'), [`DROP ROLE IF EXISTS ${role}`]),
  };
}

async function serviceEnvironment(databaseUrl: string): Promise<Record<string, string>> {
  return {
    GRPC_HOST: '127.0.0.1',
    GRPC_PORT: '0',
    METRICS_PORT: '0',
    DATABASE_URL: databaseUrl,
    DATABASE_MIGRATIONS: 'verify',
    NATS_URL: (await getTestInfrastructure()).natsUrl,
    NATS_STREAM: nats.stream,
    NATS_STATUS_SUBJECT_PREFIX: nats.subjectPrefix,
    NATS_DURABLE: nats.durable,
    INGEST_GRPC_ADDRESS: '127.0.0.1:9',
    INCIDENTS_GRPC_ADDRESS: '127.0.0.1:9',
    SHUTDOWN_GRACE_MS: '5000',
  };
}

describe.each(appsServingGrpc())('%s', (app) => {
  test('migrate applies the migrations and exits 0; the service then runs on a role without DDL rights', async () => {
    const { outDir, dependencies } = await buildServiceOutput({ app, outDir: join(outRoot, app) });
    await linkDependencies(outDir, Object.keys(dependencies));
    const database = await createTestDatabase();
    let role: Awaited<ReturnType<typeof rowsOnlyRole>> | undefined;
    try {
      // Before migrating, verify refuses to start, saying what to run.
      const early = await runMain(outDir, [], await serviceEnvironment(database.url));
      expect(early.code, early.output).toBe(1);
      expect(early.output).toContain('node main.js migrate');

      const first = await runMain(outDir, ['migrate'], { DATABASE_URL: database.url });
      expect(first, first.output).toMatchObject({ code: 0 });
      expect(first.output).toContain('migrations applied');
      const again = await runMain(outDir, ['migrate'], { DATABASE_URL: database.url });
      expect(again, again.output).toMatchObject({ code: 0 });
      expect(again.output).not.toContain('migrations applied');

      role = await rowsOnlyRole(database.url);
      await expect(sql(role.url, ['CREATE TABLE rows_only_may_not (x int)'])).rejects.toThrow(/permission denied/);

      const service = await startBuiltService(outDir, await serviceEnvironment(role.url));
      try {
        expect(await grpcServingStatus(`127.0.0.1:${service.port}`, 5_000)).toBe('SERVING');
        if (app === 'ingest') await storeOneEvent(service.port);
        const exit = await service.terminate();
        expect(exit, service.output()).toEqual({ code: 0, signal: null });
      } finally {
        service.kill();
      }
    } finally {
      await database.drop();
      await role?.drop();
    }
  });
});

test('an unknown command is refused with the usage, exit 2', async () => {
  const app = appsServingGrpc()[0] ?? 'ingest';
  const { outDir, dependencies } = await buildServiceOutput({ app, outDir: join(outRoot, `${app}-usage`) });
  await linkDependencies(outDir, Object.keys(dependencies));
  const result = await runMain(outDir, ['migrat'], {});
  expect(result.code).toBe(2);
  expect(result.output).toContain('usage: node main.js');
});

// Writing an event runs ingest's counter triggers: rows-only rights suffice.
async function storeOneEvent(port: number): Promise<void> {
  const client = new IngestServiceClient(`127.0.0.1:${port}`, credentials.createInsecure());
  try {
    const event = Event.fromPartial({
      eventId: randomBytes(16).toString('hex'),
      projectId: '1',
      timestamp: new Date(),
      level: Level.ERROR,
      message: 'stored by a role without DDL rights',
    });
    const { results } = await callUnary(client, 'storeEvents', { events: [event] }, { timeoutMs: 10_000 });
    expect(results.map((result) => result.rejection)).toEqual([undefined]);
  } finally {
    client.close();
  }
}
