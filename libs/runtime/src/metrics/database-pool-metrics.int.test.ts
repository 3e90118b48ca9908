// The pool gauges on /metrics while real PostgreSQL connections are held:
// two transactions fill a pool of two, a third query queues behind them.
import { Migration } from '@mikro-orm/migrations';
import { defineEntity, p, type MikroORM } from '@mikro-orm/postgresql';
import { createTestDatabase, type TestDatabase } from '@vigil/testing';
import { pino } from 'pino';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { openDatabase } from '../db/open-database.js';
import { createServiceMetrics } from './create-service-metrics.js';
import { registerDatabasePoolMetrics } from './register-database-pool-metrics.js';
import { startMetricsServer, type RunningMetricsServer } from './start-metrics-server.js';

const logger = pino({ level: 'silent' });

class Migration0001Notes extends Migration {
  override up(): void {
    this.addSql('CREATE TABLE note (id bigserial PRIMARY KEY)');
  }
}
const Note = defineEntity({ name: 'Note', tableName: 'note', properties: { id: p.bigint().primary() } });

let database: TestDatabase;
let orm: MikroORM;
let server: RunningMetricsServer;

beforeAll(async () => {
  database = await createTestDatabase();
  orm = await openDatabase({
    databaseUrl: database.url,
    entities: [Note],
    migrations: [{ name: '0001_notes', class: Migration0001Notes }],
    logger,
    poolSize: 2,
  });
  const metrics = createServiceMetrics();
  await registerDatabasePoolMetrics(metrics, [{ pool: 'main', orm }]);
  server = await startMetricsServer({
    host: '127.0.0.1',
    port: 0,
    registry: metrics.registry,
    readiness: () => true,
    logger,
  });
});

afterAll(async () => {
  await server?.close();
  await orm?.close();
  await database?.drop();
});

type PoolState = { inUse?: number; idle?: number; waiting?: number; max?: number };

async function scrapePool(): Promise<PoolState> {
  const text = await (await fetch(`http://127.0.0.1:${server.port}/metrics`)).text();
  const value = (series: string) => {
    const line = text.split('\n').find((l) => l.startsWith(`${series} `));
    return line === undefined ? undefined : Number(line.slice(series.length + 1));
  };
  return {
    inUse: value('vigil_database_pool_connections{pool="main",state="in_use"}'),
    idle: value('vigil_database_pool_connections{pool="main",state="idle"}'),
    waiting: value('vigil_database_pool_waiting{pool="main"}'),
    max: value('vigil_database_pool_max_connections{pool="main"}'),
  };
}

async function until(expected: PoolState): Promise<PoolState> {
  let seen: PoolState = {};
  for (let attempt = 0; attempt < 200; attempt++) {
    seen = await scrapePool();
    if (Object.entries(expected).every(([key, value]) => seen[key as keyof PoolState] === value)) return seen;
    await sleep(50);
  }
  return seen;
}

test('in use, idle, waiting and the pool size follow the connections held', async () => {
  let release!: () => void;
  const held = new Promise<void>((resolve) => (release = resolve));
  const holdOne = () =>
    orm.em.fork().transactional(async (em) => {
      await em.execute('SELECT 1');
      await held;
    });
  const holders = [holdOne(), holdOne()];
  expect(await until({ inUse: 2, idle: 0, waiting: 0 })).toEqual({ inUse: 2, idle: 0, waiting: 0, max: 2 });

  // A third caller finds the pool full and queues.
  const queued = orm.em.fork().execute('SELECT 1');
  expect(await until({ inUse: 2, waiting: 1 })).toEqual({ inUse: 2, idle: 0, waiting: 1, max: 2 });

  release();
  await Promise.all([...holders, queued]);
  expect(await until({ inUse: 0, waiting: 0 })).toEqual({ inUse: 0, idle: 2, waiting: 0, max: 2 });
});
