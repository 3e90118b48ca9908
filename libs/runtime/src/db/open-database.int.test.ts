import { defineEntity, p } from '@mikro-orm/postgresql';
import { Migration } from '@mikro-orm/migrations';
import { createTestDatabase, type TestDatabase } from '@vigil/testing';
import { Client } from 'pg';
import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from './open-database.js';

const logger = pino({ level: 'silent' });

// Each migration records that it ran, so a double run would show as two rows
// (or as a failed start: the second CREATE TABLE would collide).
class Migration0001Runs extends Migration {
  override up(): void {
    this.addSql('CREATE TABLE migration_runs (name text NOT NULL)');
    this.addSql("INSERT INTO migration_runs VALUES ('0001_runs')");
  }
}

class Migration0002Notes extends Migration {
  override up(): void {
    this.addSql('CREATE TABLE note (id bigserial PRIMARY KEY, body text NOT NULL)');
    this.addSql("INSERT INTO migration_runs VALUES ('0002_notes')");
  }
}

const migrations = [
  { name: '0001_runs', class: Migration0001Runs },
  { name: '0002_notes', class: Migration0002Notes },
];

const Note = defineEntity({
  name: 'Note',
  tableName: 'note',
  properties: { id: p.bigint().primary().autoincrement(), body: p.text() },
});

/** A database name that does not exist yet: created by the harness, then dropped. */
async function missingDatabase(): Promise<TestDatabase> {
  const database = await createTestDatabase();
  await database.drop();
  return database;
}

async function query<Row extends object>(url: string, sql: string): Promise<Row[]> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<Row>(sql)).rows;
  } finally {
    await client.end();
  }
}

let cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const step of cleanup.reverse()) await step();
  cleanup = [];
});

describe('openDatabase', () => {
  it('creates the missing database, applies the migrations and maps entities', async () => {
    const database = await missingDatabase();
    cleanup.push(() => database.drop());
    const orm = await openDatabase({ databaseUrl: database.url, entities: [Note], migrations, logger, poolSize: 2 });
    cleanup.push(() => orm.close());

    const em = orm.em.fork();
    em.create(Note, { body: 'first' });
    await em.flush();
    const notes = await orm.em.fork().find(Note, {});
    expect(notes.map((note) => note.body)).toEqual(['first']);
    expect(await query(database.url, 'SELECT name FROM migration_runs ORDER BY name')).toEqual([
      { name: '0001_runs' },
      { name: '0002_notes' },
    ]);
  });

  it('lets two replicas start together on a fresh database: both succeed, each migration runs once', async () => {
    const database = await missingDatabase();
    cleanup.push(() => database.drop());
    const open = () => openDatabase({ databaseUrl: database.url, entities: [Note], migrations, logger, poolSize: 2 });
    const orms = await Promise.all([open(), open()]);
    cleanup.push(async () => void (await Promise.all(orms.map((orm) => orm.close()))));

    expect(await query(database.url, 'SELECT name FROM migration_runs ORDER BY name')).toEqual([
      { name: '0001_runs' },
      { name: '0002_notes' },
    ]);
  });

  it('applies only the new migration on a later start', async () => {
    const database = await missingDatabase();
    cleanup.push(() => database.drop());
    const first = await openDatabase({
      databaseUrl: database.url,
      entities: [Note],
      migrations: migrations.slice(0, 1),
      logger,
    });
    await first.close();
    const second = await openDatabase({ databaseUrl: database.url, entities: [Note], migrations, logger });
    cleanup.push(() => second.close());
    expect(await query(database.url, 'SELECT name FROM migration_runs ORDER BY name')).toEqual([
      { name: '0001_runs' },
      { name: '0002_notes' },
    ]);
  });

  it('keeps working after PostgreSQL drops its connections (a restart, a failover)', async () => {
    const database = await createTestDatabase();
    cleanup.push(() => database.drop());
    const orm = await openDatabase({ databaseUrl: database.url, entities: [Note], migrations, logger, poolSize: 2 });
    cleanup.push(() => orm.close());
    await orm.em.fork().find(Note, {});

    await query(
      database.url,
      `SELECT pg_terminate_backend(pid) FROM pg_stat_activity
      WHERE datname = current_database() AND pid <> pg_backend_pid()`,
    );
    const em = orm.em.fork();
    em.create(Note, { body: 'after the restart' });
    await em.flush();
    expect(await orm.em.fork().count(Note, {})).toBe(1);
  });

  it('sends every value as a bound parameter: PostgreSQL receives placeholders, the value arrives unchanged', async () => {
    const database = await createTestDatabase();
    cleanup.push(() => database.drop());
    const orm = await openDatabase({ databaseUrl: database.url, entities: [Note], migrations, logger, poolSize: 2 });
    cleanup.push(() => orm.close());

    const hostile = "it's \\ a ? $1 '); DROP TABLE note; --";
    const [row] = await orm.em
      .fork()
      .execute<{ value: string; sent: string }[]>('SELECT ?::text AS value, current_query() AS sent', [hostile]);
    expect(row).toEqual({ value: hostile, sent: 'SELECT $1::text AS value, current_query() AS sent' });

    const em = orm.em.fork();
    em.create(Note, { body: hostile });
    await em.flush();
    expect((await orm.em.fork().findOneOrFail(Note, { body: hostile })).body).toBe(hostile);
    // A NUL inside the SQL text cut the protocol message short (08P01, counted as an outage);
    // as a parameter it is a plain data error of the value.
    await expect(orm.em.fork().execute('SELECT ?::text AS value', ['a\u0000b'])).rejects.toMatchObject({
      code: '22021',
    });
  });

  it('sets statement_timeout on every connection: PostgreSQL cancels a statement running longer', async () => {
    const database = await createTestDatabase();
    cleanup.push(() => database.drop());
    const orm = await openDatabase({
      databaseUrl: database.url,
      entities: [Note],
      migrations,
      logger,
      poolSize: 2,
      statementTimeoutMs: 300,
    });
    cleanup.push(() => orm.close());

    const [setting] = await orm.em.fork().execute<{ statement_timeout: string }[]>('SHOW statement_timeout');
    expect(setting).toEqual({ statement_timeout: '300ms' });
    await expect(orm.em.fork().execute('SELECT pg_sleep(30)')).rejects.toMatchObject({ code: '57014' });
  });

  it('applies sessionSettings on every connection, a value with a space included', async () => {
    const database = await createTestDatabase();
    cleanup.push(() => database.drop());
    const orm = await openDatabase({
      databaseUrl: database.url,
      entities: [Note],
      migrations,
      logger,
      poolSize: 2,
      sessionSettings: { max_parallel_workers_per_gather: '0', application_name: 'vigil notes' },
    });
    cleanup.push(() => orm.close());

    const settings = await orm.em
      .fork()
      .execute<{ workers: string; name: string }[]>(
        "SELECT current_setting('max_parallel_workers_per_gather') AS workers, current_setting('application_name') AS name",
      );
    expect(settings).toEqual([{ workers: '0', name: 'vigil notes' }]);
  });

  it('fails with the server address when PostgreSQL is unreachable', async () => {
    await expect(
      openDatabase({
        databaseUrl: 'postgres://postgres:pw@127.0.0.1:1/vigil_nowhere',
        entities: [Note],
        migrations,
        logger,
      }),
    ).rejects.toThrow('Cannot reach PostgreSQL at postgres://postgres:***@127.0.0.1:1/vigil_nowhere');
  });
});
