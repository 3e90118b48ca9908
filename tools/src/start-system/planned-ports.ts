import type { PlannedPort } from './port-taken.js';
import { serviceEnvironment } from './service-environment.js';
import type { ServiceLaunch } from './services.js';

type Environment = Readonly<Record<string, string | undefined>>;

/**
 * The ports `npm start` is about to listen on, as each service's environment
 * will place them: its API (gRPC, or the relay's HTTP) and its metrics.
 * A value that is no port is left to the service's own config check.
 */
export function plannedPorts(shared: Environment, services: readonly ServiceLaunch[]): PlannedPort[] {
  return services.flatMap((launch) => {
    const { env } = serviceEnvironment(launch, shared, new Map());
    const { protocol, portVariable, hostVariable } = launch.api;
    return [
      {
        service: launch.name,
        kind: protocol,
        host: env[hostVariable] ?? '127.0.0.1',
        port: Number(env[portVariable]),
        variable: `${launch.prefix}${portVariable}`,
      },
      {
        service: launch.name,
        kind: 'metrics',
        host: env['METRICS_HOST'] ?? '127.0.0.1',
        port: Number(env['METRICS_PORT']),
        variable: `${launch.prefix}METRICS_PORT`,
      },
    ].filter((port) => Number.isInteger(port.port));
  });
}
