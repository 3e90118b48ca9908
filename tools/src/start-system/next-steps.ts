import { LOCAL_RELAY_PROJECT, SERVICES, type ServiceName } from './services.js';

/**
 * What `npm start` prints once every service listens: where each one is, the
 * DSN a Sentry SDK points at, and the demo to run next (with the addresses
 * when they are not the CLI's defaults). `relayKeys` is the relay's
 * SENTRY_PROJECT_KEYS: only the well-known local key is written into the
 * DSN; an operator's own keys are secrets, so the DSN then shows where
 * theirs go.
 */
export function nextSteps(listening: ReadonlyMap<ServiceName, number>, relayKeys: string | undefined): string[] {
  const address = (name: ServiceName) => `127.0.0.1:${listening.get(name)}`;
  const grpc = SERVICES.filter((s) => s.api.protocol === 'gRPC');
  const defaults = grpc.every((s) => listening.get(s.name) === s.api.defaultPort);
  const cliEnv = defaults
    ? ''
    : `VIGIL_INGEST_ADDRESS=${address('ingest')} VIGIL_INCIDENTS_ADDRESS=${address('incidents')} ` +
      `VIGIL_SCHEDULER_ADDRESS=${address('snapshot-scheduler')} `;
  const { project, key } = LOCAL_RELAY_PROJECT;
  const local = relayKeys === `${project}=${key}`;
  const dsn = local
    ? `http://${key}@${address('sentry-relay')}/${project}`
    : `http://<key>@${address('sentry-relay')}/<project>`;
  return [
    '',
    `  Vigil is running: ${grpc.map((s) => `${s.name} ${address(s.name)}`).join(', ')} (gRPC);`,
    `  sentry-relay ${address('sentry-relay')} (Sentry's HTTP API).`,
    local
      ? `  A Sentry SDK sends to project ${project} with the DSN ${dsn}`
      : `  A Sentry SDK sends with the DSN ${dsn}, a project and key of your SENTRY_PROJECT_KEYS`,
    `  Next, in another terminal: ${cliEnv}VIGIL_RELAY_DSN=${local ? dsn : `'${dsn}'`} npx vigil demo`,
    '  Ctrl-C here stops them all.',
    '',
  ];
}
