// `vigil demo` end to end: ingest, incidents and the snapshot scheduler each
// run as their own process (own database, this file's own NATS stream).
import { afterAll, beforeAll, expect, test } from 'vitest';
import { runCli } from './testing/run-cli.js';
import { startDemoServices, type DemoServices } from './testing/start-demo-services.js';

let demo: DemoServices | undefined;
let env: Record<string, string>;

beforeAll(async () => {
  demo = await startDemoServices('cli-demo');
  env = demo.cliEnv;
});

afterAll(async () => {
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
