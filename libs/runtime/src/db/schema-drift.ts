import type { MikroORM } from '@mikro-orm/postgresql';

/** A difference between entities and migrations that the migrations make on purpose. */
export interface DeliberateDrift {
  /** Matches whole statements of the diff. */
  readonly statements: RegExp;
  /** Why the migrations, not the entities, are right here. */
  readonly reason: string;
}

/** What a drift test reports: statements nothing explains, and explanations nothing needs any more. */
export interface SchemaDriftReport {
  readonly unexplained: string[];
  readonly stale: string[];
}

/**
 * Compares the connected (migrated) database with the entities through
 * MikroORM's schema diff. Every statement of the diff must be explained by one
 * of `deliberate`, and every explanation must still be needed, so the list
 * cannot silently outlive the difference it documents.
 */
export async function schemaDrift(orm: MikroORM, deliberate: readonly DeliberateDrift[]): Promise<SchemaDriftReport> {
  const sql = await orm.schema.getUpdateSchemaSQL({ wrap: false, safe: false, dropTables: true });
  const statements = sql
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('--'));
  const explains = (entry: DeliberateDrift, statement: string) => entry.statements.test(statement);
  return {
    unexplained: statements.filter((statement) => !deliberate.some((entry) => explains(entry, statement))),
    stale: deliberate
      .filter((entry) => !statements.some((statement) => explains(entry, statement)))
      .map((entry) => entry.reason),
  };
}
