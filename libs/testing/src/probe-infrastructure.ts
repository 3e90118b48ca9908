import type { TestInfrastructure } from './infrastructure.js';
import { probeNats } from './probe-nats.js';
import { probePostgres } from './probe-postgres.js';
import type { ProbeFailure } from './unreachable-infrastructure.js';

const PROBE_TIMEOUT_MS = 3_000;

/** Probes PostgreSQL (SELECT 1) and NATS (JetStream account info) at once; empty when both answer. */
export async function probeInfrastructure(infrastructure: TestInfrastructure): Promise<ProbeFailure[]> {
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
