import type { ServiceLaunch, ServiceName } from './services.js';

type Environment = Readonly<Record<string, string | undefined>>;

/** One service's environment, and notes worth printing about how it was made. */
interface ServiceEnvironment {
  readonly env: Record<string, string>;
  readonly notes: readonly string[];
}

/** The variables that place a port: one value for several services would be one port for all. */
const PORT_VARIABLES = ['GRPC_PORT', 'HTTP_PORT', 'METRICS_PORT'] as const;

/**
 * Problems with the shared environment that would make the services collide:
 * one GRPC_PORT or METRICS_PORT for several (0, "any free port", is fine).
 * One sentence each; none means go ahead.
 */
export function sharedEnvironmentProblems(shared: Environment, services: readonly ServiceLaunch[]): string[] {
  return PORT_VARIABLES.flatMap((variable) => {
    const value = shared[variable];
    if (value === undefined || value === '' || value.trim() === '0') return [];
    const users = services.filter((service) => variable === 'METRICS_PORT' || service.api.portVariable === variable);
    if (users.length < 2) return [];
    const own = users.map((service) => `${service.prefix}${variable}`).join(', ');
    return [
      `${variable} would give ${users.length} services one port: set ${own} instead (or ${variable}=0 for any free ports)`,
    ];
  });
}

/**
 * The environment `npm start` gives one service: the shared one (the
 * launcher's own), then the service's defaults where the shared one says
 * nothing, then its own `<PREFIX>NAME` variables as `NAME`, which win.
 * DATABASE_URL shared by all names a server, not a database: each service
 * with a database gets its own on it (three services in one database would
 * mix their tables and migrations). A service's address of the one it dials is
 * the port that one actually listens on, unless set explicitly.
 */
export function serviceEnvironment(
  service: ServiceLaunch,
  shared: Environment,
  listening: ReadonlyMap<ServiceName, number>,
): ServiceEnvironment {
  const notes: string[] = [];
  const own = ownVariables(service.prefix, shared);
  const env: Record<string, string> = { ...definedOnly(shared) };
  const { portVariable, defaultPort } = service.api;
  env[portVariable] = nonEmpty(shared[portVariable]) ?? String(defaultPort);
  env['METRICS_PORT'] = nonEmpty(shared['METRICS_PORT']) ?? String(service.metricsPort);
  const sharedDatabaseUrl = nonEmpty(shared['DATABASE_URL']);
  if (
    service.database !== undefined &&
    sharedDatabaseUrl !== undefined &&
    own['DATABASE_URL'] === undefined &&
    own['DATABASE_URL_FILE'] === undefined
  ) {
    const url = withDatabase(sharedDatabaseUrl, service.database);
    if (url !== undefined) {
      env['DATABASE_URL'] = url;
      notes.push(`DATABASE_URL names the server; ${service.name} uses its own database ${service.database} there`);
    }
  }
  if (service.dials !== undefined && own[service.dials.variable] === undefined) {
    const port = listening.get(service.dials.service);
    if (nonEmpty(shared[service.dials.variable]) === undefined && port !== undefined) {
      env[service.dials.variable] = `127.0.0.1:${port}`;
    }
  }
  for (const [name, value] of Object.entries(service.localDefaults ?? {})) {
    const given = [name, `${name}_FILE`].some((v) => nonEmpty(shared[v]) !== undefined || own[v] !== undefined);
    if (given) continue;
    env[name] = value;
    notes.push(`${service.name} gets ${name}=${value}, a local default (set ${name} or ${service.prefix}${name})`);
  }
  Object.assign(env, own);
  return { env, notes };
}

function ownVariables(prefix: string, shared: Environment): Record<string, string> {
  const own: Record<string, string> = {};
  for (const [name, value] of Object.entries(shared)) {
    if (name.startsWith(prefix) && name.length > prefix.length && value !== undefined && value !== '') {
      own[name.slice(prefix.length)] = value;
    }
  }
  return own;
}

function withDatabase(serverUrl: string, database: string): string | undefined {
  const url = URL.parse(serverUrl);
  if (url === null) return undefined;
  url.pathname = `/${database}`;
  return url.toString();
}

function definedOnly(env: Environment): Record<string, string> {
  return Object.fromEntries(Object.entries(env).filter((entry): entry is [string, string] => entry[1] !== undefined));
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value;
}
