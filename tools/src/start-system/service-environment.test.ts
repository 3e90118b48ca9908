import { describe, expect, test } from 'vitest';
import { serviceEnvironment, sharedEnvironmentProblems } from './service-environment.js';
import { SERVICES, type ServiceLaunch } from './services.js';

const [ingest, incidents, scheduler, relay] = SERVICES as [ServiceLaunch, ServiceLaunch, ServiceLaunch, ServiceLaunch];
const none = new Map<never, number>();

describe('serviceEnvironment', () => {
  test("each service gets its default ports, and the shared environment's other variables", () => {
    const { env } = serviceEnvironment(ingest, { LOG_LEVEL: 'debug', PATH: '/bin' }, none);
    expect(env).toMatchObject({ GRPC_PORT: '50051', METRICS_PORT: '9464', LOG_LEVEL: 'debug', PATH: '/bin' });
    expect(serviceEnvironment(scheduler, {}, none).env).toMatchObject({ GRPC_PORT: '50053', METRICS_PORT: '9466' });
  });

  test('a prefixed variable is that service’s alone, and wins over the shared one', () => {
    const shared = { INGEST_DATABASE_URL: 'postgres://db/events', INGEST_GRPC_PORT: '6000', LOG_LEVEL: 'info' };
    expect(serviceEnvironment(ingest, shared, none).env).toMatchObject({
      DATABASE_URL: 'postgres://db/events',
      GRPC_PORT: '6000',
    });
    expect(serviceEnvironment(incidents, shared, none).env['DATABASE_URL']).toBeUndefined();
    expect(serviceEnvironment(incidents, { LOG_LEVEL: 'info', INCIDENTS_LOG_LEVEL: 'debug' }, none).env).toMatchObject({
      LOG_LEVEL: 'debug',
    });
  });

  test('a shared DATABASE_URL names the server: each service gets its own database there, and says so', () => {
    const shared = { DATABASE_URL: 'postgres://vigil:pw@db.example:5433/postgres?sslmode=require' };
    const made = SERVICES.map((service) => serviceEnvironment(service, shared, none));
    expect(made.map(({ env }) => env['DATABASE_URL'])).toEqual([
      'postgres://vigil:pw@db.example:5433/vigil_ingest?sslmode=require',
      'postgres://vigil:pw@db.example:5433/vigil_incidents?sslmode=require',
      'postgres://vigil:pw@db.example:5433/vigil_scheduler?sslmode=require',
      // The relay reads no DATABASE_URL; it is passed on as it is, like any other shared variable.
      'postgres://vigil:pw@db.example:5433/postgres?sslmode=require',
    ]);
    expect(made[3]?.notes.filter((note) => note.includes('DATABASE_URL'))).toEqual([]);
    expect(made[0]?.notes).toEqual(['DATABASE_URL names the server; ingest uses its own database vigil_ingest there']);
    const own = serviceEnvironment(ingest, { ...shared, INGEST_DATABASE_URL: 'postgres://other/x' }, none);
    expect(own).toEqual(expect.objectContaining({ notes: [] }));
    expect(own.env['DATABASE_URL']).toBe('postgres://other/x');
  });

  test('the address of the service dialled is where that one actually listens, unless set', () => {
    const listening = new Map([['ingest', 41234] as const, ['incidents', 41235] as const]);
    expect(serviceEnvironment(incidents, {}, listening).env['INGEST_GRPC_ADDRESS']).toBe('127.0.0.1:41234');
    expect(serviceEnvironment(scheduler, {}, listening).env['INCIDENTS_GRPC_ADDRESS']).toBe('127.0.0.1:41235');
    expect(
      serviceEnvironment(incidents, { INGEST_GRPC_ADDRESS: 'ingest.example:50051' }, listening).env[
        'INGEST_GRPC_ADDRESS'
      ],
    ).toBe('ingest.example:50051');
  });
});

describe('the relay under npm start', () => {
  test('its HTTP port, and the address of ingest where ingest actually listens; no database', () => {
    const { env } = serviceEnvironment(relay, { RELAY_HTTP_PORT: '0' }, new Map([['ingest', 41234] as const]));
    expect(env).toMatchObject({ HTTP_PORT: '0', METRICS_PORT: '9467', INGEST_GRPC_ADDRESS: '127.0.0.1:41234' });
    expect(serviceEnvironment(relay, {}, none).env['HTTP_PORT']).toBe('9000');
    expect(env['GRPC_PORT']).toBeUndefined();
  });

  test('without project keys it gets the local demo key and says so; given keys (or their file) are left alone', () => {
    const local = serviceEnvironment(relay, {}, none);
    expect(local.env['SENTRY_PROJECT_KEYS']).toBe('1=vigil_local_demo_key_0001');
    expect(local.notes).toEqual([
      'sentry-relay gets SENTRY_PROJECT_KEYS=1=vigil_local_demo_key_0001, a local default ' +
        '(set SENTRY_PROJECT_KEYS or RELAY_SENTRY_PROJECT_KEYS)',
    ]);
    const keys = '7=a-key-of-my-own-0001';
    for (const shared of [
      { SENTRY_PROJECT_KEYS: keys },
      { RELAY_SENTRY_PROJECT_KEYS: keys },
      { SENTRY_PROJECT_KEYS_FILE: '/run/secrets/keys' },
      { RELAY_SENTRY_PROJECT_KEYS_FILE: '/run/secrets/keys' },
    ]) {
      const made = serviceEnvironment(relay, shared, none);
      expect(made.notes).toEqual([]);
      expect(made.env['SENTRY_PROJECT_KEYS']).toBe(shared.SENTRY_PROJECT_KEYS ?? shared.RELAY_SENTRY_PROJECT_KEYS);
    }
  });
});

describe('sharedEnvironmentProblems', () => {
  test('one GRPC_PORT or METRICS_PORT for several services is refused, naming the per-service variables; 0 is fine', () => {
    expect(sharedEnvironmentProblems({ GRPC_PORT: '0', METRICS_PORT: '0', HTTP_PORT: '0' }, SERVICES)).toEqual([]);
    expect(sharedEnvironmentProblems({ GRPC_PORT: '6000', METRICS_PORT: '7000' }, SERVICES)).toEqual([
      'GRPC_PORT would give 3 services one port: set INGEST_GRPC_PORT, INCIDENTS_GRPC_PORT, ' +
        'SCHEDULER_GRPC_PORT instead (or GRPC_PORT=0 for any free ports)',
      'METRICS_PORT would give 4 services one port: set INGEST_METRICS_PORT, INCIDENTS_METRICS_PORT, ' +
        'SCHEDULER_METRICS_PORT, RELAY_METRICS_PORT instead (or METRICS_PORT=0 for any free ports)',
    ]);
    // Only the relay serves HTTP: a shared HTTP_PORT is its alone.
    expect(sharedEnvironmentProblems({ HTTP_PORT: '9100' }, SERVICES)).toEqual([]);
  });
});
