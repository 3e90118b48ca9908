import { readFileSync } from 'node:fs';
import { posix } from 'node:path';
import { parse } from 'yaml';
import { z } from 'zod';

/** One service of a compose file, in the few terms the checks need. */
export interface ComposeService {
  readonly name: string;
  /** The Dockerfile it is built from, relative to the compose file's folder (`apps/ingest/Dockerfile`). */
  readonly dockerfile?: string;
  /** Its environment; `null` for a name passed through from the host unset. */
  readonly environment: Readonly<Record<string, string | null>>;
  readonly ports: readonly { readonly published: string; readonly target: number }[];
  readonly dependsOn: readonly { readonly service: string; readonly condition: string }[];
  readonly hasHealthcheck: boolean;
}

const scalar = z.union([z.string(), z.number(), z.boolean()]);

// The subset of the compose specification that the checks read; anything else passes through.
const serviceSchema = z.object({
  build: z
    .union([z.string(), z.object({ context: z.string().optional(), dockerfile: z.string().optional() })])
    .optional(),
  environment: z.union([z.record(z.string(), scalar.nullable()), z.array(z.string())]).optional(),
  ports: z.array(z.union([scalar, z.object({ target: z.coerce.number(), published: scalar.optional() })])).optional(),
  depends_on: z
    .union([z.array(z.string()), z.record(z.string(), z.object({ condition: z.string().optional() }).nullable())])
    .optional(),
  healthcheck: z
    .object({ test: z.union([z.string(), z.array(z.string())]).optional(), disable: z.boolean().optional() })
    .optional(),
});
const composeSchema = z.object({ services: z.record(z.string(), serviceSchema) });

/** Parses compose YAML (aliases resolved) into its services; throws on a shape the checks cannot read. */
export function parseComposeFile(text: string): ComposeService[] {
  const compose = composeSchema.parse(parse(text));
  return Object.entries(compose.services).map(([name, service]) => ({
    name,
    ...dockerfileOf(service.build),
    environment: environmentOf(service.environment),
    ports: (service.ports ?? []).map(portOf),
    dependsOn: dependsOnOf(service.depends_on),
    hasHealthcheck: service.healthcheck?.test !== undefined && service.healthcheck.disable !== true,
  }));
}

export function readComposeFile(path: string): ComposeService[] {
  return parseComposeFile(readFileSync(path, 'utf8'));
}

type Service = z.infer<typeof serviceSchema>;

function dockerfileOf(build: Service['build']): { dockerfile?: string } {
  // Neither context nor dockerfile: an override adding only build args, say.
  if (
    build === undefined ||
    (typeof build === 'object' && build.context === undefined && build.dockerfile === undefined)
  )
    return {};
  const { context = '.', dockerfile = 'Dockerfile' } = typeof build === 'string' ? { context: build } : build;
  return { dockerfile: posix.normalize(posix.join(context, dockerfile)) };
}

function environmentOf(environment: Service['environment']): Record<string, string | null> {
  if (environment === undefined) return {};
  if (Array.isArray(environment)) {
    // List form: `NAME=value`, or a bare `NAME` passed through from the host.
    return Object.fromEntries(
      environment.map((entry) => {
        const at = entry.indexOf('=');
        return at === -1 ? [entry, null] : [entry.slice(0, at), entry.slice(at + 1)];
      }),
    );
  }
  return Object.fromEntries(
    Object.entries(environment).map(([name, value]) => [name, value === null ? null : String(value)]),
  );
}

// Short form `[ip:]published:target[/protocol]`; ranges are not used here and are refused.
// `${VAR:-default}` reads as its default: what the file publishes unless told otherwise.
function portOf(port: NonNullable<Service['ports']>[number]): ComposeService['ports'][number] {
  if (typeof port === 'object') return { published: String(port.published ?? ''), target: port.target };
  const parts = String(port)
    .replace(/\$\{[A-Za-z0-9_]+:-([^}]*)\}/g, '$1')
    .replace(/\/(tcp|udp)$/, '')
    .split(':');
  const target = Number(parts.at(-1));
  if (!Number.isInteger(target)) throw new Error(`port "${port}": only single ports are supported, not ranges`);
  return { published: parts.length > 1 ? parts.slice(0, -1).join(':') : '', target };
}

function dependsOnOf(dependsOn: Service['depends_on']): ComposeService['dependsOn'] {
  if (dependsOn === undefined) return [];
  // The list form means "started", compose's weakest condition.
  if (Array.isArray(dependsOn)) return dependsOn.map((service) => ({ service, condition: 'service_started' }));
  return Object.entries(dependsOn).map(([service, options]) => ({
    service,
    condition: options?.condition ?? 'service_started',
  }));
}

/**
 * A compose file with an override file on top, as `docker compose -f base -f
 * override` merges them: environment by variable (the override wins),
 * dependencies and ports added, the rest the override's where it says.
 */
export function mergeComposeServices(
  base: readonly ComposeService[],
  override: readonly ComposeService[],
): ComposeService[] {
  const merged = new Map(base.map((service) => [service.name, service]));
  for (const service of override) {
    const under = merged.get(service.name);
    if (under === undefined) {
      merged.set(service.name, service);
      continue;
    }
    merged.set(service.name, {
      name: service.name,
      ...(service.dockerfile !== undefined || under.dockerfile !== undefined
        ? { dockerfile: service.dockerfile ?? under.dockerfile }
        : {}),
      environment: { ...under.environment, ...service.environment },
      ports: [...under.ports, ...service.ports],
      dependsOn: [
        ...under.dependsOn.filter((d) => !service.dependsOn.some((o) => o.service === d.service)),
        ...service.dependsOn,
      ],
      hasHealthcheck: under.hasHealthcheck || service.hasHealthcheck,
    });
  }
  return [...merged.values()];
}
