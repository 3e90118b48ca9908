import {
  containerRuntimeAnswers,
  resolveInfrastructure,
  startInfrastructureContainers,
  type RunningInfrastructure,
} from '@vigil/testing/harness';
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
  const choice = options.infrastructure ?? 'auto';
  const urlsGiven = options.postgresUrl !== undefined && options.natsUrl !== undefined;
  const useContainers =
    choice === 'containers'
      ? async () => true
      : choice === 'urls' || urlsGiven
        ? async () => false
        : // Without the testcontainers packages installed there is no runtime to use.
          () => containerRuntimeAnswers().catch(() => false);
  return resolveInfrastructure({
    env: {
      ...env,
      ...(options.postgresUrl !== undefined && { DATABASE_URL: options.postgresUrl }),
      ...(options.natsUrl !== undefined && { NATS_URL: options.natsUrl }),
    },
    containerRuntimeAnswers: useContainers,
    startContainers: startInfrastructureContainers,
  });
}
