// Issue 10's "no secret is ever printed": each service, built as it ships,
// starts with a distinct secret in every secret variable (the database
// password, NATS password, token and credentials file, *_FILE contents, TLS
// keys, the OTLP exporter's headers, sentry-relay's project keys), and one of
// them at a time is made to fail in each way the configuration can fail: a
// bad port, a wrong scheme, not a URL, a host that refuses, credentials that
// are refused, a missing file, two sources at once, a file that is not what
// it should be, a key list that is not one. Whatever each run prints —
// stdout, stderr and /metrics — must hold none of them.
import { credentials } from '@grpc/grpc-js';
import { IncidentsServiceClient } from '@vigil/contracts/incidents';
import { IngestServiceClient } from '@vigil/contracts/ingest';
import { SnapshotSchedulerServiceClient } from '@vigil/contracts/scheduler';
import { callUnary } from '@vigil/runtime';
import {
  createTestCertificates,
  createTestDatabase,
  freePort,
  type TestCertificates,
  type TestDatabase,
} from '@vigil/testing';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { buildServiceOutput } from '../build/build-service-output.js';
import { linkDependencies } from '../build/run-built-service.js';
import { startAuthNatsServer } from './auth-nats-server.js';
import type { App, Failure } from './failure-case.js';
import { relayFailures } from './relay-failures.js';
import { sendToRelay } from './send-to-relay.js';
import { observeService } from './observe-service.js';

/** The gRPC services, each with a database. */
const APPS: readonly App[] = ['ingest', 'incidents', 'snapshot-scheduler'];
const USES_NATS: readonly App[] = ['incidents', 'snapshot-scheduler'];
/** Services that call another over gRPC, so read GRPC_CLIENT_TLS_*. */
const GRPC_CLIENTS: readonly App[] = [...USES_NATS, 'sentry-relay'];
const RELAY: readonly App[] = ['sentry-relay'];
const RELAY_PROJECT = '12';

const secretOf = (what: string) => `${what}-${randomBytes(8).toString('hex')}`;
const SECRETS = {
  databasePassword: secretOf('dbpass'),
  databaseFilePassword: secretOf('dbfilepass'),
  natsPassword: secretOf('natspass'),
  natsUrlPassword: secretOf('natsurlpass'),
  wrongNatsPassword: secretOf('wrongnatspass'),
  natsToken: secretOf('natstoken'),
  natsCreds: secretOf('natscreds'),
  natsPasswordFile: secretOf('natspassfile'),
  tlsKey: secretOf('tlskey'),
  clientTlsKey: secretOf('clienttlskey'),
  otlpHeader: secretOf('otlpheader'),
  relayKey: secretOf('relaykey'),
  relaySecondKey: secretOf('relaysecondkey'),
  relayOtherProjectKey: secretOf('relayotherkey'),
  relayFileKey: secretOf('relayfilekey'),
  // Sent by a caller, known to no project: the relay refuses it without repeating it.
  relayUnknownKey: secretOf('relayunknownkey'),
};

let root: string;
let certificates: TestCertificates;
let nats: { url: string; stop(): Promise<void> };
const outDirs = new Map<App, string>();
const databases = new Map<App, TestDatabase>();
/** Holds a port, so a service told to listen there fails. */
let portHolder: Server;
const file = async (name: string, content: string) => {
  const path = join(root, name);
  await writeFile(path, content);
  return path;
};
let files: Record<
  'databaseUrl' | 'natsCreds' | 'natsPassword' | 'tlsKey' | 'clientTlsKey' | 'relayKeys' | 'relayBareKey',
  string
>;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'vigil-secrets-'));
  certificates = await createTestCertificates();
  nats = await startAuthNatsServer('vigil', SECRETS.natsPassword);
  for (const app of [...APPS, ...RELAY]) {
    const { outDir, dependencies } = await buildServiceOutput({ app, outDir: join(root, app) });
    await linkDependencies(outDir, Object.keys(dependencies));
    outDirs.set(app, outDir);
    if (APPS.includes(app)) databases.set(app, await createTestDatabase());
  }
  portHolder = await new Promise<Server>((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve(server));
  });
  files = {
    databaseUrl: await file(
      'database-url',
      `postgres://postgres:${SECRETS.databaseFilePassword}@127.0.0.1:99999/vigil\n`,
    ),
    natsCreds: await file(
      'nats.creds',
      `-----BEGIN NATS USER JWT-----\n${SECRETS.natsCreds}\n------END NATS USER JWT------\n`,
    ),
    natsPassword: await file('nats-password', SECRETS.natsPasswordFile),
    tlsKey: await file('server.key', `-----BEGIN PRIVATE KEY-----\n${SECRETS.tlsKey}\n-----END PRIVATE KEY-----\n`),
    clientTlsKey: await file(
      'client.key',
      `-----BEGIN PRIVATE KEY-----\n${SECRETS.clientTlsKey}\n-----END PRIVATE KEY-----\n`,
    ),
    relayKeys: await file('relay-keys', `${RELAY_PROJECT}=${SECRETS.relayFileKey}\n`),
    // The mistake a file invites: the key alone, its project forgotten.
    relayBareKey: await file('relay-bare-key', `${SECRETS.relayFileKey}\n`),
  };
}, 180_000);

afterAll(async () => {
  portHolder?.close();
  await nats?.stop();
  for (const database of databases.values()) await database.drop();
  await certificates?.remove();
  if (root) await rm(root, { recursive: true, force: true });
});

/** Every secret variable set, and every one of them valid: the service runs. */
async function validEnv(app: App): Promise<Record<string, string>> {
  // Spans go to a collector that refuses, with a token in the exporter's headers.
  const tracing = {
    OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${await freePort()}`,
    OTEL_EXPORTER_OTLP_HEADERS: `authorization=Bearer ${SECRETS.otlpHeader}`,
  };
  if (app === 'sentry-relay') {
    // The relay reads only its own variables: no database, no NATS.
    return {
      LOG_LEVEL: 'debug',
      SENTRY_PROJECT_KEYS: `${RELAY_PROJECT}=${SECRETS.relayKey}|${SECRETS.relaySecondKey},13=${SECRETS.relayOtherProjectKey}`,
      // Nothing listens there: a sent event is answered 429, and that path is logged.
      INGEST_GRPC_ADDRESS: '127.0.0.1:1',
      INGEST_DEADLINE_MS: '1000',
      SHUTDOWN_GRACE_MS: '1000',
      ...tracing,
    };
  }
  const database = new URL((databases.get(app) as TestDatabase).url);
  // Trust authentication ignores the password; it is there to be kept out of every line.
  database.password = SECRETS.databasePassword;
  return {
    LOG_LEVEL: 'debug',
    DATABASE_URL: database.toString(),
    NATS_URL: nats.url,
    NATS_USER: 'vigil',
    NATS_PASSWORD: SECRETS.natsPassword,
    INGEST_GRPC_ADDRESS: '127.0.0.1:1',
    INCIDENTS_GRPC_ADDRESS: '127.0.0.1:1',
    PROCESS_INTERVAL_MS: '0',
    SHUTDOWN_GRACE_MS: '1000',
    ...tracing,
  };
}

const closedPort = () => freePort();
const NO_USER = { NATS_USER: undefined, NATS_PASSWORD: undefined };
const RETRYING = /unreachable, retrying|rejected the credentials, retrying/;

const FAILURES: Record<string, Failure> = {
  'nothing (all valid; a call made, /metrics read)': {
    apps: [...APPS, ...RELAY],
    env: () => ({}),
    shows: /started/,
    whileRunning: /^(ingest|incidents|snapshot-scheduler|sentry-relay) started$/,
  },
  'DATABASE_URL with a port over 65535': {
    apps: APPS,
    env: () => ({ DATABASE_URL: `postgres://postgres:${SECRETS.databasePassword}@127.0.0.1:99999/vigil` }),
    shows: /DATABASE_URL.*port/,
  },
  'DATABASE_URL with the wrong scheme': {
    apps: APPS,
    env: () => ({ DATABASE_URL: `mysql://postgres:${SECRETS.databasePassword}@127.0.0.1:5432/vigil` }),
    shows: /DATABASE_URL.*postgres:\/\//,
  },
  'DATABASE_URL that is not a URL': {
    apps: APPS,
    env: () => ({ DATABASE_URL: `postgres:${SECRETS.databasePassword}@127.0.0.1:5432/vigil` }),
    shows: /DATABASE_URL/,
  },
  'DATABASE_URL on a port that refuses': {
    apps: APPS,
    env: async () => ({
      DATABASE_URL: `postgres://postgres:${SECRETS.databasePassword}@127.0.0.1:${await closedPort()}/vigil`,
    }),
    shows: /ECONNREFUSED|unreachable|refused/i,
    whileRunning: RETRYING,
  },
  'DATABASE_URL with a role PostgreSQL does not know': {
    apps: APPS,
    env: () => ({
      DATABASE_URL: `postgres://vigil_no_such_role:${SECRETS.databasePassword}@127.0.0.1:5432/vigil_nowhere`,
    }),
    shows: /vigil_no_such_role/,
  },
  'DATABASE_URL_FILE holding a bad URL': {
    apps: APPS,
    env: () => ({ DATABASE_URL: undefined, DATABASE_URL_FILE: files.databaseUrl }),
    shows: /DATABASE_URL/,
  },
  'DATABASE_URL_FILE naming a missing file': {
    apps: APPS,
    env: () => ({ DATABASE_URL: undefined, DATABASE_URL_FILE: join(root, 'missing') }),
    shows: /DATABASE_URL_FILE/,
  },
  'DATABASE_URL and DATABASE_URL_FILE both set': {
    apps: APPS,
    env: () => ({ DATABASE_URL_FILE: files.databaseUrl }),
    shows: /DATABASE_URL/,
  },
  'NATS_URL with a port over 65535': {
    apps: USES_NATS,
    env: () => ({ ...NO_USER, NATS_URL: `nats://vigil:${SECRETS.natsUrlPassword}@127.0.0.1:99999` }),
    shows: /NATS_URL.*port/,
  },
  'NATS_URL with the wrong scheme': {
    apps: USES_NATS,
    env: () => ({ ...NO_USER, NATS_URL: `http://vigil:${SECRETS.natsUrlPassword}@127.0.0.1:4222` }),
    shows: /NATS_URL.*nats:\/\//,
  },
  'NATS_URL on a port that refuses, credentials in it': {
    apps: USES_NATS,
    env: async () => ({
      ...NO_USER,
      NATS_URL: `nats://vigil:${SECRETS.natsUrlPassword}@127.0.0.1:${await closedPort()}`,
    }),
    shows: /NATS unreachable/,
    whileRunning: RETRYING,
  },
  'NATS_PASSWORD that NATS refuses': {
    apps: USES_NATS,
    env: () => ({ NATS_PASSWORD: SECRETS.wrongNatsPassword }),
    shows: /rejected the credentials/,
    whileRunning: RETRYING,
  },
  'NATS_TOKEN that NATS refuses': {
    apps: USES_NATS,
    env: () => ({ ...NO_USER, NATS_TOKEN: SECRETS.natsToken }),
    shows: /rejected the credentials|NATS unreachable/,
    whileRunning: RETRYING,
  },
  'NATS_TOKEN beside NATS_USER and NATS_PASSWORD': {
    apps: USES_NATS,
    env: () => ({ NATS_TOKEN: SECRETS.natsToken }),
    shows: /NATS_TOKEN/,
  },
  'NATS_CREDS_FILE that is no credentials file': {
    apps: USES_NATS,
    env: () => ({ ...NO_USER, NATS_CREDS_FILE: files.natsCreds }),
    shows: /NATS|creds/i,
    whileRunning: RETRYING,
  },
  'NATS_PASSWORD_FILE beside NATS_PASSWORD': {
    apps: USES_NATS,
    env: () => ({ NATS_PASSWORD_FILE: files.natsPassword }),
    shows: /NATS_PASSWORD/,
  },
  'GRPC_TLS_KEY_FILE that is no key': {
    apps: APPS,
    env: () => ({ GRPC_TLS_CERT_FILE: certificates.server.cert, GRPC_TLS_KEY_FILE: files.tlsKey }),
    shows: /TLS|key/i,
  },
  'GRPC_TLS_KEY_FILE naming a missing file': {
    apps: APPS,
    env: () => ({ GRPC_TLS_CERT_FILE: certificates.server.cert, GRPC_TLS_KEY_FILE: join(root, 'missing.key') }),
    shows: /GRPC_TLS_KEY_FILE/,
  },
  'GRPC_CLIENT_TLS_KEY_FILE that is no key': {
    apps: GRPC_CLIENTS,
    env: () => ({
      GRPC_CLIENT_TLS_CA_FILE: certificates.ca.cert,
      GRPC_CLIENT_TLS_CERT_FILE: certificates.client.cert,
      GRPC_CLIENT_TLS_KEY_FILE: files.clientTlsKey,
    }),
    shows: /TLS|key/i,
  },
  'GRPC_CLIENT_TLS_KEY_FILE naming a missing file': {
    apps: GRPC_CLIENTS,
    env: () => ({
      GRPC_CLIENT_TLS_CA_FILE: certificates.ca.cert,
      GRPC_CLIENT_TLS_CERT_FILE: certificates.client.cert,
      GRPC_CLIENT_TLS_KEY_FILE: join(root, 'missing-client.key'),
    }),
    shows: /GRPC_CLIENT_TLS_KEY_FILE/,
  },
  ...relayFailures(() => ({
    key: SECRETS.relayKey,
    files,
    root,
    heldPort: (portHolder.address() as { port: number }).port,
  })),
};

/**
 * A call that reaches the database (and, traced, makes a span for the
 * refusing collector); to the relay, requests carrying its keys, whose
 * statuses go to `relayAnswers`.
 */
async function callOnce(app: App, port: number, relayAnswers: number[]): Promise<void> {
  if (app === 'sentry-relay') {
    const statuses = await sendToRelay(port, RELAY_PROJECT, {
      ownKey: SECRETS.relaySecondKey,
      unknownKey: SECRETS.relayUnknownKey,
      otherProjectKey: SECRETS.relayOtherProjectKey,
      keyForBadBody: SECRETS.relayKey,
    });
    relayAnswers.push(...statuses);
    return;
  }
  const address = `127.0.0.1:${port}`;
  const insecure = credentials.createInsecure();
  const options = { timeoutMs: 10_000 };
  if (app === 'ingest') {
    await callUnary(
      new IngestServiceClient(address, insecure),
      'listGroups',
      { projectId: '1', pageSize: 10, pageToken: '' },
      options,
    );
  } else if (app === 'incidents') {
    await callUnary(new IncidentsServiceClient(address, insecure), 'getIncident', { incidentId: '1' }, options);
  } else {
    await callUnary(
      new SnapshotSchedulerServiceClient(address, insecure),
      'getPendingSnapshot',
      { incidentId: '1' },
      options,
    );
  }
}

const cases = Object.entries(FAILURES).flatMap(([failure, spec]) => spec.apps.map((app) => ({ app, failure, spec })));

describe.each(cases)('$app with $failure', ({ app, spec }) => {
  test('prints no secret, on stdout, stderr or /metrics', async () => {
    const env: Record<string, string> = { ...(await validEnv(app)) };
    for (const [name, value] of Object.entries(await spec.env())) {
      if (value === undefined) delete env[name];
      else env[name] = value;
    }
    const relayAnswers: number[] = [];
    const observed = await observeService({
      outDir: outDirs.get(app) as string,
      env,
      runningFailure: spec.whileRunning ?? /^$/,
      onListening: (port) => callOnce(app, port, relayAnswers),
      ...(app === 'sentry-relay' && { listeningMessage: 'sentry-relay HTTP server listening' }),
    });
    expect(observed.text).toMatch(spec.shows);
    if (!spec.whileRunning) expect(observed.code, observed.text).toBe(1);
    // The relay that runs took each request down the path meant: ingest down, unknown key, other project's, bad body.
    if (app === 'sentry-relay' && spec.whileRunning) expect(relayAnswers).toEqual([429, 401, 403, 400]);
    for (const [what, secret] of Object.entries(SECRETS)) {
      expect(observed.text.includes(secret), `${what} printed:\n${observed.text}`).toBe(false);
    }
  }, 60_000);
});
