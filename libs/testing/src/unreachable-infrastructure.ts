import type { TestInfrastructure } from './infrastructure.js';
import { redactUrl } from './redact-url.js';

/** One service that did not answer its probe, and why. */
export interface ProbeFailure {
  readonly service: 'PostgreSQL' | 'NATS JetStream';
  readonly url: string;
  readonly reason: string;
}

// Kept in step with toolchain.md, "Services on the machine".
const START_LOCAL_POSTGRES = 'pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start';
const START_LOCAL_NATS =
  'start-stop-daemon --start --oknodo --background --exec /usr/sbin/nats-server -- ' +
  '-a 127.0.0.1 -p 4222 -js -sd /var/lib/nats-server -l /var/log/nats-server.log';

/**
 * The message integration tests fail with when their infrastructure is
 * unreachable: what failed, where the URLs came from, and every way to
 * provide infrastructure — they must never skip silently.
 */
export function unreachableInfrastructureMessage(
  infrastructure: TestInfrastructure,
  failures: readonly ProbeFailure[],
): string {
  return [
    `Integration tests need a real PostgreSQL and NATS JetStream, and ${failures.length === 1 ? 'one was' : 'they were'} not reachable ` +
      `(URLs from ${describeSource(infrastructure)}):`,
    ...failures.map((failure) => `  - ${failure.service} at ${redactUrl(failure.url)}: ${failure.reason}`),
    'Provide infrastructure in one of these ways:',
    '  1. start a container runtime (Docker or Podman) so testcontainers can start PostgreSQL and NATS;',
    '  2. set DATABASE_URL (PostgreSQL; its user must be allowed to CREATE DATABASE) and',
    '     NATS_URL (a nats-server started with -js);',
    '  3. on the Vigil development machine, start the local services',
    '     (toolchain.md, "Services on the machine"):',
    `       ${START_LOCAL_POSTGRES}`,
    `       ${START_LOCAL_NATS}`,
  ].join('\n');
}

function describeSource(infrastructure: TestInfrastructure): string {
  switch (infrastructure.source) {
    case 'testcontainers':
      return 'containers started by testcontainers';
    case 'environment':
      return 'DATABASE_URL / NATS_URL, with local defaults for any unset';
    case 'local-default':
      return 'the local defaults; DATABASE_URL and NATS_URL are unset';
  }
}
