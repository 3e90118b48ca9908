// `vigil demo` end to end: ingest, incidents and the snapshot scheduler each
// run as their own process (own database, this file's own NATS stream), and
// sentry-relay in front of ingest on a free port.
import { credentials } from '@grpc/grpc-js';
import { IngestServiceClient } from '@vigil/contracts/ingest';
import { callUnary } from '@vigil/runtime';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { runCli } from './testing/run-cli.js';
import { startDemoServices, type DemoServices } from './testing/start-demo-services.js';
import { RELAY_HTTP_API, startServiceProcess, type ServiceProcess } from './testing/start-service-process.js';

const RELAY_PROJECT = '4242';
const RELAY_KEY = 'demo_test_key_0123456789abcdef';

let demo: DemoServices | undefined;
let relay: ServiceProcess | undefined;
let env: Record<string, string>;

beforeAll(async () => {
  demo = await startDemoServices('cli-demo');
  env = demo.cliEnv;
  relay = await startServiceProcess(
    'apps/sentry-relay',
    { INGEST_GRPC_ADDRESS: env['VIGIL_INGEST_ADDRESS'] ?? '', SENTRY_PROJECT_KEYS: `${RELAY_PROJECT}=${RELAY_KEY}` },
    undefined,
    RELAY_HTTP_API,
  );
});

afterAll(async () => {
  await relay?.stop();
  await demo?.close();
});

test('the demo walks from events to a snapshot and back, and says what happened at each step', async () => {
  const run = await runCli(['demo'], env);
  // On failure, the services' own logs say where the path broke.
  expect(run.stderr, `${run.stdout}\n${demo?.logs()}`).toBe('');
  expect(run.code).toBe(0);
  const out = run.stdout;
  for (const step of [
    '[1/11] Send 49 events',
    '[4/11] An alert rule fires by itself',
    '[8/11] Wait for the pending snapshot',
    '[11/11] Reopen the incident',
  ]) {
    expect(out).toContain(step);
  }
  expect(out).toMatch(/opened by the rule: critical, because 44 events over \[/);
  expect(out).toContain('batch: 49 STORED');
  expect(out).toMatch(/retry of event [0-9a-f]{32}: REPLACED \(policy LAST_WRITE_WINS\)/);
  expect(out).toContain('times seen in all: 49');
  expect(out).toMatch(/pending: incident \d+, version 2, due /);
  expect(out).toContain('claimed 1 due row(s) in 1 batch(es):');
  expect(out).toContain('snapshots created               1');
  // The burst of 36 TypeErrors lies inside the incident; the 5 warnings never count.
  const events = Number(/^ {7}events {8}(\d+)$/m.exec(out)?.[1]);
  expect(events).toBeGreaterThanOrEqual(36);
  expect(events).toBeLessThanOrEqual(44);
  expect(out).toContain('NOT_FOUND: the snapshot is gone');
  expect(out).toMatch(/Done in \d+\.\d s/);
  // Without a relay's DSN the demo says what it left out and how to have it.
  expect(out).toContain(
    "the Sentry SDK step is skipped: give the relay's DSN with --relay-dsn or VIGIL_RELAY_DSN (`npm start` prints it)",
  );
  expect(out).not.toContain('official Sentry SDK');
});

test("given the relay's DSN, the demo sends an error with the Sentry SDK and shows it stored in ingest, grouped", async () => {
  const dsn = `http://${RELAY_KEY}@${relay?.address}/${RELAY_PROJECT}`;
  const run = await runCli(['demo'], { ...env, VIGIL_RELAY_DSN: dsn });
  expect(run.stderr, `${run.stdout}\n${demo?.logs()}\n${relay?.output.join('\n')}`).toBe('');
  expect(run.code).toBe(0);
  const out = run.stdout;
  expect(out).toMatch(new RegExp(`^ {2}relay {6}http://…@${relay?.address}/${RELAY_PROJECT} +SERVING$`, 'm'));
  expect(out).toContain('[4/12] Send an error through the official Sentry SDK');
  expect(out).toContain('[12/12] Reopen the incident');
  const eventId = /the relay answered 200 for event ([0-9a-f]{32})$/m.exec(out)?.[1] ?? '';
  expect(eventId, out).not.toBe('');
  expect(out).toContain(`$ vigil events get ${eventId} --project ${RELAY_PROJECT}`);
  expect(out).toMatch(/^ +exception +TypeError: card number is undefined$/m);
  expect(out).toMatch(/^ +environment +vigil-demo$/m);
  // The group's row: seen once (the first SDK error of this test's ingest), titled by the exception.
  expect(out).toMatch(/^ +[0-9a-f]{32} +1 +.*error +TypeError: card number is undefined$/m);
  expect(out).not.toContain(RELAY_KEY);

  // Not only what the demo printed: ingest itself has the SDK's event in the DSN's project.
  const ingest = new IngestServiceClient(env['VIGIL_INGEST_ADDRESS'] ?? '', credentials.createInsecure());
  try {
    const { event } = await callUnary(ingest, 'getEvent', { projectId: RELAY_PROJECT, eventId }, { timeoutMs: 30_000 });
    expect(event?.event).toMatchObject({
      platform: 'node',
      environment: 'vigil-demo',
      exception: { type: 'TypeError', value: 'card number is undefined' },
    });
  } finally {
    ingest.close();
  }
});

test('a DSN whose key the relay does not take stops the demo before anything is sent, without printing the key', async () => {
  const wrongKey = 'not_a_key_of_the_relay_0123';
  const run = await runCli(['demo', '--relay-dsn', `http://${wrongKey}@${relay?.address}/${RELAY_PROJECT}`], env);
  expect(run.code).toBe(1);
  expect(run.stdout).toMatch(/^ {2}relay .* answered 401: unknown sentry_key$/m);
  expect(run.stdout).toContain('the relay to take its DSN');
  expect(run.stdout).not.toContain('[1/12]');
  expect(run.stdout + run.stderr).not.toContain(wrongKey);
});

test('rules: create, show, list, update and delete, windows given as durations; --json in the protobuf JSON mapping', async () => {
  const created = await runCli(
    ['rules', 'create', '--org', '9', '--project', '9', '--name', 'Checkout', '--window', '5m', '--json'],
    env,
  );
  expect(created.stderr).toBe('');
  const rule = JSON.parse(created.stdout) as { id: string; timeWindowMinutes: number; aggregation: string };
  expect([rule.timeWindowMinutes, rule.aggregation]).toEqual([5, 'AGGREGATION_TOTAL']);

  const updated = await runCli(['rules', 'update', rule.id, '--window', '2h', '--unique-users'], env);
  expect(updated.code).toBe(0);
  expect(updated.stdout).toContain(`alert rule ${rule.id} updated: Checkout`);
  expect(updated.stdout).toMatch(/time window {3}120 min/);
  const shown = await runCli(['rules', 'show', rule.id], env);
  expect(shown.stdout).toContain('counts        unique users');
  expect(shown.stdout).toContain('thresholds    none (stored only: never evaluated)');
  const armed = await runCli(['rules', 'update', rule.id, '--critical', '50', '--warning', '20', '--disable'], env);
  expect(armed.stdout).toContain(
    'thresholds    critical above 50, warning above 20; resolves at or under 20 (disabled: not evaluated)',
  );
  const listed = await runCli(['rules', 'list', '--org', '9'], env);
  expect(listed.stdout).toMatch(new RegExp(`^ *${rule.id} {2}Checkout +120m {2}unique users`, 'm'));

  const deleted = await runCli(['rules', 'delete', rule.id], env);
  expect([deleted.code, deleted.stdout.trim()]).toEqual([0, `alert rule ${rule.id} deleted`]);
  const gone = await runCli(['rules', 'show', rule.id], env);
  expect(gone.code).toBe(1);
  expect(gone.stderr).toMatch(/^error: NOT_FOUND from incidents/);
  // Eight CLI runs, each a process that compiles the CLI: slow on a busy machine.
}, 300_000);

test('a window that is not whole minutes is a usage error (exit 2), and nothing is sent', async () => {
  const run = await runCli(['rules', 'create', '--org', '9', '--project', '9', '--name', 'x', '--window', '90s'], env);
  expect(run.code).toBe(2);
  expect(run.stderr).toContain('--window: "90s" is not a whole number of minutes');
});
