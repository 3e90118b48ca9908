// SIGTERM the moment the scheduler says it started, as `npm start`'s Ctrl-C or
// an orchestrator's rollout may send it: the status-event consumer is then
// usually still being set up. It must stop cleanly (exit 0). It used to wait
// on a close that could not finish until the stop bound ran out (exit 1, 30 s).
import { deleteTestStream, getTestInfrastructure, testNatsNames, useTestDatabase } from '@vigil/testing';
import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, expect, it } from 'vitest';

const repoRoot = resolve(import.meta.dirname, '../../..');
const database = useTestDatabase();
const names = testNatsNames('scheduler-stop-at-start');

afterAll(async () => deleteTestStream((await getTestInfrastructure()).natsUrl, names.stream));

async function stopAsSoonAsStarted(): Promise<{ code: number | null; output: string }> {
  const child = spawn(
    resolve(repoRoot, 'node_modules/.bin/node'),
    ['--import', 'tsx', 'apps/snapshot-scheduler/src/main.ts'],
    {
      cwd: repoRoot,
      env: {
        PATH: process.env['PATH'] ?? '',
        GRPC_PORT: '0',
        METRICS_PORT: '0',
        DATABASE_URL: database().url,
        NATS_URL: (await getTestInfrastructure()).natsUrl,
        NATS_STREAM: names.stream,
        NATS_STATUS_SUBJECT_PREFIX: names.subjectPrefix,
        NATS_DURABLE: names.durable,
        INCIDENTS_GRPC_ADDRESS: '127.0.0.1:9',
        SHUTDOWN_GRACE_MS: '5000',
      },
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  const lines: string[] = [];
  createInterface({ input: child.stdout }).on('line', (line) => {
    lines.push(line);
    if (line.includes('"msg":"snapshot-scheduler started"')) child.kill('SIGTERM');
  });
  const code = await new Promise<number | null>((done) => child.once('close', (exitCode) => done(exitCode)));
  return { code, output: lines.join('\n') };
}

it('stops cleanly when SIGTERM arrives as soon as it has started, each of three times', async () => {
  for (let run = 0; run < 3; run++) {
    const { code, output } = await stopAsSoonAsStarted();
    expect(code, output).toBe(0);
    expect(output).toContain('snapshot-scheduler stopped');
  }
}, 300_000);
