import type { TestInfrastructure } from './infrastructure.js';

/** This machine's services (toolchain.md, "Services on the machine"): trust auth, user postgres. */
const LOCAL_POSTGRES_ADMIN_URL = 'postgres://postgres@127.0.0.1:5432/postgres';
const LOCAL_NATS_URL = 'nats://127.0.0.1:4222';

/**
 * The infrastructure named by DATABASE_URL / NATS_URL, each falling back to the
 * local default. The source is 'environment' as soon as either is given, so an
 * error message can say which variable to look at.
 */
export function infrastructureFromEnvironment(env: NodeJS.ProcessEnv): TestInfrastructure {
  const databaseUrl = nonEmpty(env['DATABASE_URL']);
  const natsUrl = nonEmpty(env['NATS_URL']);
  return {
    postgresAdminUrl: databaseUrl ?? LOCAL_POSTGRES_ADMIN_URL,
    natsUrl: natsUrl ?? LOCAL_NATS_URL,
    source: databaseUrl !== undefined || natsUrl !== undefined ? 'environment' : 'local-default',
  };
}

function nonEmpty(value: string | undefined): string | undefined {
  const trimmed = value?.trim();
  return trimmed === undefined || trimmed === '' ? undefined : trimmed;
}
