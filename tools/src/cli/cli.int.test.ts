// `vigil events send`, `groups list` and `stats` as child processes against
// a real ingest (its own process and database).
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTestDatabase, freePort, type TestDatabase } from '@vigil/testing';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { runCli } from './testing/run-cli.js';
import { startServiceProcess, type ServiceProcess } from './testing/start-service-process.js';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
// Ingest refuses events older than its retention, so the fixed instant is
// the start of the current hour (minus one, so nothing is in the future).
const T0 = Math.floor(Date.now() / HOUR) * HOUR - HOUR;
const at = (ms: number) => new Date(ms).toISOString();
const PROJECT = '41';
const ID_A = 'a0b1c2d3-e4f5-4a6b-8c7d-9e0f1a2b3c4d';

let database: TestDatabase;
let ingest: ServiceProcess;
let env: Record<string, string>;
let scratch: string;

beforeAll(async () => {
  database = await createTestDatabase();
  ingest = await startServiceProcess('apps/ingest', { DATABASE_URL: database.url });
  env = { VIGIL_INGEST_ADDRESS: ingest.address };
  scratch = await mkdtemp(join(tmpdir(), 'vigil-cli-'));
});

afterAll(async () => {
  await ingest?.stop();
  await database?.drop();
  if (scratch) await rm(scratch, { recursive: true, force: true });
});

test('events send from flags: STORED, then the same id on the same day is REPLACED', async () => {
  const flags = ['--project', PROJECT, '--message', 'boom', '--id', ID_A, '--timestamp', at(T0 + 5 * MINUTE)];
  flags.push('--tag', 'env=prod', '--user-id', 'u1');
  const first = await runCli(['events', 'send', ...flags], env);
  expect(first.stderr).toBe('');
  expect(first.code).toBe(0);
  expect(first.stdout).toMatch(/^0 {2}STORED {3}a0b1c2d3e4f54a6b8c7d9e0f1a2b3c4d {2}[0-9a-f]{32}$/m);
  expect(first.stdout).toContain('1 stored (policy LAST_WRITE_WINS)');

  const again = await runCli(['events', 'send', ...flags], env);
  expect(again.code).toBe(0);
  expect(again.stdout).toMatch(/^0 {2}REPLACED {2}a0b1c2d3e4f54a6b8c7d9e0f1a2b3c4d /m);
});

test('events send --file: an array is one batch with a result per item; a rejected item makes the exit code 1', async () => {
  const file = join(scratch, 'events.json');
  await writeFile(
    file,
    JSON.stringify([
      { project_id: 42, message: 'slow', level: 'warning', timestamp: at(T0 + 10 * MINUTE), user: { id: 'u1' } },
      { projectId: '42', message: 'slow', level: 'warning', timestamp: at(T0 + 11 * MINUTE), user: { id: 'u2' } },
      { project_id: 42, event_id: 'not-a-uuid', message: 'bad' },
      { project_id: 42, message: 'down', timestamp: at(T0 + 40 * MINUTE) },
    ]),
  );
  const run = await runCli(['events', 'send', '--file', file], env);
  expect(run.code).toBe(1);
  const rows = run.stdout.split('\n').filter((line) => /^\d+ {2}[A-Z]/.test(line));
  expect(rows.map((row) => row.split(/\s+/)[1])).toEqual(['STORED', 'STORED', 'REJECTED', 'STORED']);
  expect(rows[2]).toContain('event_id:');
  expect(run.stdout).toContain('3 stored, 1 rejected');
});

test('a file with mistakes is refused before anything is sent, naming each field', async () => {
  const run = await runCli(
    ['events', 'send', '--file', '-'],
    env,
    JSON.stringify([{ project_id: 0 }, { project_id: 43, mesage: 'x' }]),
  );
  expect(run.code).toBe(2);
  expect(run.stderr).toContain('[0].project_id: expected a positive integer');
  expect(run.stderr).toContain('[1].mesage: unknown field');
  const groups = await runCli(['groups', 'list', '--project', '43', '--json'], env);
  expect(JSON.parse(groups.stdout)).toEqual([]);
});

test('groups list shows exact counts per group', async () => {
  const table = await runCli(['groups', 'list', '--project', '42'], env);
  expect(table.code).toBe(0);
  expect(table.stdout).toMatch(/^[0-9a-f]{32} {5}2 {2}.* warning {2}slow$/m);
  expect(table.stdout).toMatch(/^[0-9a-f]{32} {5}1 {2}.* error {4}down$/m);

  const json = await runCli(['groups', 'list', '--project', '42', '--json'], env);
  const groups = JSON.parse(json.stdout) as { timesSeen: string; message: string }[];
  expect(groups.map((group) => [group.message, group.timesSeen]).sort()).toEqual([
    ['down', '1'],
    ['slow', '2'],
  ]);
});

test('stats: totals, a sparkline over every bucket, and the non-empty buckets', async () => {
  const range = ['--project', '42', '--start', at(T0), '--end', at(T0 + HOUR), '--rollup', '60'];
  const run = await runCli(['stats', ...range, '--table'], env);
  expect(run.stderr).toBe('');
  const lines = run.stdout.split('\n');
  const shown = (ms: number) => at(ms).replace('T', ' ').replace('.000Z', 'Z');
  expect(lines[0]).toBe(`3 events, 2 unique users in ${shown(T0)} → ${shown(T0 + HOUR)}`);
  expect(lines[1]).toBe('events per 1m bucket: 60 buckets, peak 1');
  expect(lines[2]).toBe(`${'▁'.repeat(10)}██${'▁'.repeat(28)}█${'▁'.repeat(19)}`);
  expect(run.stdout).toMatch(/:10:00Z {7}1\n.*:11:00Z {7}1\n.*:40:00Z {7}1/);

  const users = await runCli(['stats', ...range, '--unique-users', '--query', 'level:warning', '--json'], env);
  const body = JSON.parse(users.stdout) as { eventCount: string; uniqueUsers: string; buckets: { value: string }[] };
  expect(body.eventCount).toBe('2');
  expect(body.uniqueUsers).toBe('2');
  expect(body.buckets).toHaveLength(60);
  expect(body.buckets.filter((bucket) => bucket.value !== '0')).toHaveLength(2);
});

test('a bad query is INVALID_ARGUMENT from ingest, exit code 1', async () => {
  const run = await runCli(['stats', '--project', '42', '--query', 'level:"open'], env);
  expect(run.code).toBe(1);
  expect(run.stderr).toMatch(/^error: INVALID_ARGUMENT from ingest at 127\.0\.0\.1:\d+: query: /);
});

test('nothing listening is UNAVAILABLE with a hint to start the services', async () => {
  const run = await runCli(['groups', 'list', '--project', '42', '--timeout', '3000'], {
    VIGIL_INGEST_ADDRESS: `127.0.0.1:${await freePort()}`,
  });
  expect(run.code).toBe(1);
  expect(run.stderr).toMatch(/^error: (UNAVAILABLE|DEADLINE_EXCEEDED) from ingest/);
  expect(run.stderr).toContain('npm start');
});

test('the demo checks the services first and says how to start them', async () => {
  const nobody = `127.0.0.1:${await freePort()}`;
  const run = await runCli(['demo'], { ...env, VIGIL_INCIDENTS_ADDRESS: nobody, VIGIL_SCHEDULER_ADDRESS: nobody });
  expect(run.code).toBe(1);
  expect(run.stdout).toMatch(/^ {2}ingest {5}127\.0\.0\.1:\d+ +SERVING$/m);
  expect(run.stdout).toMatch(/^ {2}incidents {2}127\.0\.0\.1:\d+ +not answering/m);
  expect(run.stdout).toContain('run `npm start` in another terminal');
  expect(run.stdout).not.toContain('[1/');
});

test('events get shows a stored event; its --json is the JSON mapping, which events send --file takes back', async () => {
  const shown = await runCli(['events', 'get', ID_A, '--project', PROJECT], env);
  expect(shown.code).toBe(0);
  expect(shown.stdout).toMatch(/^event id +a0b1c2d3e4f54a6b8c7d9e0f1a2b3c4d$/m);
  expect(shown.stdout).toMatch(/^tag env +prod$/m);

  const json = await runCli(['events', 'get', ID_A, '--project', PROJECT, '--json'], env);
  const stored = JSON.parse(json.stdout) as { event: { level: string; projectId: string }; groupId: string };
  expect([stored.event.level, stored.event.projectId]).toEqual(['LEVEL_ERROR', PROJECT]);
  const file = join(scratch, 'stored-event.json');
  await writeFile(file, JSON.stringify(stored.event));
  const resent = await runCli(['events', 'send', '--file', file], env);
  expect(resent.stderr).toBe('');
  expect(resent.stdout).toMatch(/^0 {2}REPLACED {2}a0b1c2d3e4f54a6b8c7d9e0f1a2b3c4d {2}([0-9a-f]{32})$/m);
  expect(resent.stdout).toContain(stored.groupId);
}, 180_000);

test('groups show: one group by id', async () => {
  const list = JSON.parse((await runCli(['groups', 'list', '--project', '42', '--json'], env)).stdout) as {
    groupId: string;
    message: string;
  }[];
  const slow = list.find((group) => group.message === 'slow');
  const run = await runCli(['groups', 'show', slow?.groupId ?? '', '--project', '42', '--timeout', '5s'], env);
  expect(run.code).toBe(0);
  expect(run.stdout).toMatch(/ {5}2 {2}.* warning {2}slow$/m);
});

test('--version prints the CLI and contracts versions; usage mistakes exit with 2', async () => {
  const version = await runCli(['--version'], env);
  expect(version.code).toBe(0);
  expect(version.stdout).toMatch(/^vigil \d+\.\d+\.\d+ \(contracts 1\.\d+\.\d+\)$/m);
  const unknown = await runCli(['groups', 'list', '--project', '42', '--colour'], env);
  expect(unknown.code).toBe(2);
  expect(unknown.stderr).toContain("unknown option '--colour'");
  const badTimeout = await runCli(['groups', 'list', '--project', '42', '--timeout', 'soon'], env);
  expect(badTimeout.code).toBe(2);
  expect(badTimeout.stderr).toContain('--timeout: "soon" is not a duration');
}, 180_000);
