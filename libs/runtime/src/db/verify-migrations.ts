import type { MikroORM } from '@mikro-orm/postgresql';
import { redactPassword } from './database-url.js';

/**
 * For a service that runs without DDL rights (`DATABASE_MIGRATIONS=verify`):
 * refuses to go on unless every migration this build knows is already
 * applied, so a replica never serves against a schema older than its code.
 * Reads MikroORM's migrations table only; MikroORM would create that table
 * when missing, which the service's role may not do, so a missing table is
 * reported as "nothing applied" instead of a permission error.
 */
export async function verifyMigrations(orm: MikroORM, databaseUrl: string): Promise<void> {
  let pending: string[];
  try {
    if (!(await migrationsTableExists(orm))) throw new Error('no migrations table: none was ever applied');
    pending = (await orm.migrator.getPending()).map((migration) => migration.name);
  } catch (error) {
    throw new Error(
      `cannot read the applied migrations of ${redactPassword(databaseUrl)} (${messageOf(error)}): ` +
        'apply them first with `node main.js migrate` (DATABASE_MIGRATIONS=verify applies none)',
      { cause: error },
    );
  }
  if (pending.length > 0) {
    throw new Error(
      `${pending.length} migration(s) not yet applied to ${redactPassword(databaseUrl)}: ${pending.join(', ')}; ` +
        'apply them with `node main.js migrate` (DATABASE_MIGRATIONS=verify applies none)',
    );
  }
}

// MikroORM's own existence check (information_schema: needs no DDL right, and
// lists a table only to a role with some privilege on it, which the service's has).
async function migrationsTableExists(orm: MikroORM): Promise<boolean> {
  const [schema, table] = splitTableName(orm.config.get('migrations').tableName ?? 'mikro_orm_migrations');
  const helper = orm.em.getPlatform().getSchemaHelper();
  if (helper === undefined) throw new Error('this MikroORM driver has no schema helper');
  return helper.tableExists(orm.em.getConnection(), table, schema);
}

function splitTableName(name: string): [string | undefined, string] {
  const at = name.indexOf('.');
  return at === -1 ? [undefined, name] : [name.slice(0, at), name.slice(at + 1)];
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
