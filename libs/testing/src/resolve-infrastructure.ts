import { containerRuntimeAnswers } from './container-runtime.js';
import type { RunningInfrastructure, TestInfrastructure } from './infrastructure.js';
import { startInfrastructureContainers } from './infrastructure-containers.js';
import { infrastructureFromEnvironment } from './infrastructure-from-environment.js';
import { probeNats } from './probe-nats.js';
import { probePostgres } from './probe-postgres.js';
import { type ProbeFailure, unreachableInfrastructureMessage } from './unreachable-infrastructure.js';

const PROBE_TIMEOUT_MS = 3_000;

/** The side effects resolution depends on, replaceable in tests. */
export interface InfrastructureSources {
  readonly env: NodeJS.ProcessEnv;
  readonly containerRuntimeAnswers: () => Promise<boolean>;
  readonly startContainers: () => Promise<RunningInfrastructure>;
}

const defaultSources: InfrastructureSources = {
  env: process.env,
  containerRuntimeAnswers: () => containerRuntimeAnswers(),
  startContainers: startInfrastructureContainers,
};

/**
 * Finds PostgreSQL and NATS for integration tests: containers when a runtime
 * answers, otherwise DATABASE_URL / NATS_URL, otherwise this machine's local
 * services. Both are probed; if either is unreachable this throws an Error
 * that says what failed and how to provide infrastructure.
 */
export async function resolveInfrastructure(
  sources: InfrastructureSources = defaultSources,
): Promise<RunningInfrastructure> {
  // VIGIL_TEST_INFRA=containers: containers or a failure, never a silent fallback.
  const required = sources.env['VIGIL_TEST_INFRA'] === 'containers';
  const answers = await sources.containerRuntimeAnswers();
  if (required && !answers) throw new Error('VIGIL_TEST_INFRA=containers, but no container runtime answers');
  const running: RunningInfrastructure = answers
    ? await sources.startContainers()
    : { infrastructure: infrastructureFromEnvironment(sources.env), stop: async () => undefined };
  const failures = await probeInfrastructure(running.infrastructure);
  if (failures.length > 0) {
    await running.stop();
    throw new Error(unreachableInfrastructureMessage(running.infrastructure, failures));
  }
  return running;
}

async function probeInfrastructure(infrastructure: TestInfrastructure): Promise<ProbeFailure[]> {
  const [postgres, nats] = await Promise.allSettled([
    probePostgres(infrastructure.postgresAdminUrl, PROBE_TIMEOUT_MS),
    probeNats(infrastructure.natsUrl, PROBE_TIMEOUT_MS),
  ]);
  const failures: ProbeFailure[] = [];
  if (postgres.status === 'rejected') {
    failures.push({
      service: 'PostgreSQL',
      url: infrastructure.postgresAdminUrl,
      reason: `SELECT 1 failed: ${reasonOf(postgres.reason)}`,
    });
  }
  if (nats.status === 'rejected') {
    failures.push({
      service: 'NATS JetStream',
      url: infrastructure.natsUrl,
      reason: `connect and JetStream account info failed: ${reasonOf(nats.reason)}`,
    });
  }
  return failures;
}

function reasonOf(error: unknown): string {
  if (error instanceof AggregateError && error.errors.length > 0) {
    // pg reports "connect ECONNREFUSED" for 127.0.0.1 and ::1 as one AggregateError with no message.
    return error.errors.map(reasonOf).join('; ');
  }
  if (error instanceof Error) return error.message || error.name;
  return String(error);
}
