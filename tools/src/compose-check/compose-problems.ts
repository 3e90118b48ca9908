import { isTracingVariable, loadConfig, tracingConfigFromEnv } from '@vigil/runtime';
import type { z } from 'zod';
import type { ComposeService } from './compose-file.js';

/** An app under apps/ that has a Dockerfile, with the schema its config is read by. */
export interface ContainerApp {
  /** Its folder under apps/, e.g. `ingest`. */
  readonly name: string;
  /** `apps/<name>/Dockerfile`, relative to the compose file's folder. */
  readonly dockerfile: string;
  readonly configSchema: z.ZodObject;
}

/**
 * Everything wrong between a compose file's services and the apps, one
 * readable sentence each (none: the file is consistent): every app built by
 * exactly one service and no service built from a missing app; a healthcheck
 * everywhere and `service_healthy` on every dependency; no host port published
 * twice; each app service given only variables its config schema reads, with
 * values it accepts, its gRPC port published, and the services its addresses
 * name among its dependencies, at their gRPC ports.
 */
export function composeProblems(services: readonly ComposeService[], apps: readonly ContainerApp[]): string[] {
  return [
    ...buildProblems(services, apps),
    ...healthProblems(services),
    ...portProblems(services),
    ...configProblems(services, apps),
  ];
}

function buildProblems(services: readonly ComposeService[], apps: readonly ContainerApp[]): string[] {
  const problems: string[] = [];
  for (const app of apps) {
    const builders = services.filter((s) => s.dockerfile === app.dockerfile).map((s) => s.name);
    if (builders.length === 0) problems.push(`no service is built from ${app.dockerfile}`);
    if (builders.length > 1) problems.push(`${app.dockerfile} is built by several services: ${builders.join(', ')}`);
  }
  for (const service of services) {
    if (service.dockerfile !== undefined && !apps.some((app) => app.dockerfile === service.dockerfile)) {
      problems.push(`${service.name} is built from ${service.dockerfile}, which is not an app's Dockerfile`);
    }
  }
  return problems;
}

function healthProblems(services: readonly ComposeService[]): string[] {
  const byName = new Map(services.map((s) => [s.name, s]));
  const problems: string[] = [];
  for (const service of services) {
    if (!service.hasHealthcheck) problems.push(`${service.name} has no healthcheck`);
    for (const { service: target, condition } of service.dependsOn) {
      const dependency = byName.get(target);
      if (dependency === undefined) problems.push(`${service.name} depends on ${target}, which is not a service`);
      else if (!dependency.hasHealthcheck)
        problems.push(`${service.name} depends on ${target}, which has no healthcheck`);
      if (condition !== 'service_healthy') {
        problems.push(`${service.name} waits for ${target} to be ${condition}, not service_healthy`);
      }
    }
  }
  return problems;
}

function portProblems(services: readonly ComposeService[]): string[] {
  const publishers = new Map<string, string[]>();
  for (const service of services) {
    for (const { published } of service.ports) {
      if (published !== '') publishers.set(published, [...(publishers.get(published) ?? []), service.name]);
    }
  }
  return [...publishers]
    .filter(([, names]) => names.length > 1)
    .map(([port, names]) => `host port ${port} is published by ${names.join(' and ')}`);
}

function configProblems(services: readonly ComposeService[], apps: readonly ContainerApp[]): string[] {
  const problems: string[] = [];
  const grpcPorts = new Map<string, number>();
  const appServices: [ComposeService, ContainerApp][] = [];
  for (const service of services) {
    const app = apps.find((a) => a.dockerfile === service.dockerfile);
    if (app === undefined) continue;
    appServices.push([service, app]);
    const known = Object.keys(app.configSchema.shape);
    // NAME_FILE reads NAME from a file inside the container (see @vigil/runtime loadConfig).
    const readsFromFile = (name: string) => name.endsWith('_FILE') && known.includes(name.slice(0, -'_FILE'.length));
    const unread = (n: string) => !known.includes(n) && !readsFromFile(n) && !isTracingVariable(n);
    for (const name of Object.keys(service.environment).filter(unread)) {
      problems.push(`${service.name} sets ${name}, which apps/${app.name}/src/config.ts does not read`);
    }
    try {
      // The OTEL_* variables are read beside the config schema, by the tracing setup.
      tracingConfigFromEnv(withoutUnset(service.environment), app.name);
      const config: Record<string, unknown> = loadConfig(app.configSchema, withoutUnset(service.environment));
      if (typeof config['GRPC_PORT'] === 'number') grpcPorts.set(service.name, config['GRPC_PORT']);
    } catch (error) {
      problems.push(`${service.name}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  for (const [service] of appServices) problems.push(...addressProblems(service, services, grpcPorts));
  return problems;
}

function addressProblems(
  service: ComposeService,
  services: readonly ComposeService[],
  grpcPorts: ReadonlyMap<string, number>,
): string[] {
  const problems: string[] = [];
  const port = grpcPorts.get(service.name);
  if (port !== undefined && !service.ports.some((p) => p.target === port)) {
    problems.push(`${service.name} does not publish its gRPC port ${port}`);
  }
  for (const [name, value] of Object.entries(service.environment)) {
    const address = value === null ? undefined : addressIn(name, value);
    if (address === undefined || !services.some((s) => s.name === address.host)) continue;
    if (!service.dependsOn.some((d) => d.service === address.host)) {
      problems.push(`${service.name}'s ${name} names ${address.host}, which is not among its depends_on`);
    }
    const targetPort = grpcPorts.get(address.host);
    if (name.endsWith('_GRPC_ADDRESS') && targetPort !== undefined && address.port !== targetPort) {
      problems.push(
        `${service.name}'s ${name} dials ${address.host}:${address.port}; ${address.host} listens on ${targetPort}`,
      );
    }
  }
  return problems;
}

// `*_GRPC_ADDRESS` is `host:port`; `*_URL` a URL (postgres://…, nats://…).
function addressIn(name: string, value: string): { host: string; port: number } | undefined {
  if (name.endsWith('_GRPC_ADDRESS')) {
    const at = value.lastIndexOf(':');
    return at === -1 ? undefined : { host: value.slice(0, at), port: Number(value.slice(at + 1)) };
  }
  if (!name.endsWith('_URL') || !URL.canParse(value)) return undefined;
  const url = new URL(value);
  return { host: url.hostname, port: Number(url.port) };
}

function withoutUnset(environment: Readonly<Record<string, string | null>>): Record<string, string | undefined> {
  return Object.fromEntries(Object.entries(environment).map(([name, value]) => [name, value ?? undefined]));
}
