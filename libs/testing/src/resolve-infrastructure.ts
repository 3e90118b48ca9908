import { containerImages, type ContainerImages, requiredImages } from './container-images.js';
import { type ContainerRuntimeState, inspectContainerRuntime } from './container-runtime.js';
import type { RunningInfrastructure, TestInfrastructure } from './infrastructure.js';
import { type InfrastructureChoice, parseInfrastructureChoice } from './infrastructure-choice.js';
import { startInfrastructureContainers } from './infrastructure-containers.js';
import { decideInfrastructure } from './infrastructure-decision.js';
import { infrastructureFromEnvironment } from './infrastructure-from-environment.js';
import { probeInfrastructure } from './probe-infrastructure.js';
import { unreachableInfrastructureMessage } from './unreachable-infrastructure.js';
import type { ProbeFailure } from './unreachable-infrastructure.js';

/** The side effects resolution depends on, replaceable in tests. */
export interface InfrastructureSources {
  readonly env: NodeJS.ProcessEnv;
  /** Overrides VIGIL_TEST_INFRA (the testkit's own option); read from `env` when absent. */
  readonly choice?: InfrastructureChoice;
  readonly inspectContainerRuntime?: (images: readonly string[]) => Promise<ContainerRuntimeState>;
  readonly startContainers?: (images: ContainerImages) => Promise<RunningInfrastructure>;
  readonly probe?: (infrastructure: TestInfrastructure) => Promise<ProbeFailure[]>;
  /** Where the one-line fallback notice goes. */
  readonly notice?: (line: string) => void;
}

/**
 * Finds PostgreSQL and NATS for integration tests, as VIGIL_TEST_INFRA says
 * (see decideInfrastructure): containers, or DATABASE_URL / NATS_URL, or this
 * machine's local services. Both are probed; if either is unreachable this
 * throws an Error that says what failed and how to provide infrastructure.
 */
export async function resolveInfrastructure(
  sources: InfrastructureSources = { env: process.env },
): Promise<RunningInfrastructure> {
  const choice = sources.choice ?? parseInfrastructureChoice(sources.env['VIGIL_TEST_INFRA']);
  const images = containerImages(sources.env);
  const inspect = sources.inspectContainerRuntime ?? ((names) => inspectContainerRuntime(names));
  const runtime = choice === 'services' ? undefined : await inspect(requiredImages(images));
  const decision = decideInfrastructure(choice, runtime);
  if (decision.use === 'nothing') throw new Error(decision.failure);
  if (decision.use === 'services' && decision.notice !== undefined) {
    (sources.notice ?? ((line) => console.warn(line)))(decision.notice);
  }
  const running: RunningInfrastructure =
    decision.use === 'containers'
      ? await startContainers(sources, images)
      : { infrastructure: infrastructureFromEnvironment(sources.env), stop: async () => undefined };
  const failures = await (sources.probe ?? probeInfrastructure)(running.infrastructure);
  if (failures.length > 0) {
    await running.stop();
    throw new Error(unreachableInfrastructureMessage(running.infrastructure, failures));
  }
  return running;
}

async function startContainers(
  sources: InfrastructureSources,
  images: ContainerImages,
): Promise<RunningInfrastructure> {
  try {
    return await (sources.startContainers ?? startInfrastructureContainers)(images);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(
      `Starting the integration containers (${requiredImages(images).join(', ')}) failed: ${reason}\n` +
        'Without a reachable registry, build local images (npm run containers:check) and name them in ' +
        'VIGIL_TEST_POSTGRES_IMAGE / VIGIL_TEST_NATS_IMAGE, or use VIGIL_TEST_INFRA=services.',
      { cause: error },
    );
  }
}
