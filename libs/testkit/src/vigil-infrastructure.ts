import { resolveInfrastructure, type InfrastructureChoice, type RunningInfrastructure } from '@vigil/testing/harness';
import type { StartVigilOptions } from './vigil-options.js';

/**
 * PostgreSQL and NATS for one startVigil, through @vigil/testing's
 * resolution: the URLs given (or DATABASE_URL / NATS_URL, or this machine's
 * defaults), or containers. Both are probed first, so an unreachable one
 * fails here with a message saying how to provide it, not later in a
 * service's log.
 */
export function vigilInfrastructure(
  options: StartVigilOptions,
  env: NodeJS.ProcessEnv = process.env,
): Promise<RunningInfrastructure> {
  const urlsGiven = options.postgresUrl !== undefined && options.natsUrl !== undefined;
  // 'auto' defers to VIGIL_TEST_INFRA (unset = auto), as the harness does.
  const choice: InfrastructureChoice | undefined =
    options.infrastructure === 'containers'
      ? 'containers'
      : options.infrastructure === 'urls' || urlsGiven
        ? 'services'
        : undefined;
  return resolveInfrastructure({
    env: {
      ...env,
      ...(options.postgresUrl !== undefined && { DATABASE_URL: options.postgresUrl }),
      ...(options.natsUrl !== undefined && { NATS_URL: options.natsUrl }),
    },
    ...(choice !== undefined && { choice }),
  });
}
