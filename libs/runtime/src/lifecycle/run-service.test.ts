import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { logCapture } from '../../test/log-capture.js';
import { commonServiceConfig } from '../config/common-service-config.js';
import { runService, type StartedService } from './run-service.js';
import { UNTRACKED_STEPS } from './shutdown-steps.js';

const config = z.object(commonServiceConfig({ database: 'vigil_test', grpcPort: 50099 }));

function fakeProcess(env: Record<string, string> = {}) {
  const listeners = new Map<string, () => void>();
  const { destination, lines } = logCapture();
  let exited: (code: number) => void = () => undefined;
  const exitCode = new Promise<number>((resolve) => (exited = resolve));
  return {
    host: {
      env,
      logDestination: destination,
      on: (signal: string, listener: () => void) => listeners.set(signal, listener),
      exit: (code: number) => exited(code),
    },
    signal: (name: 'SIGTERM' | 'SIGINT') => listeners.get(name)?.(),
    exitCode,
    lines,
  };
}

function controllableStop() {
  let finish: () => void = () => undefined;
  let calls = 0;
  const service: StartedService = {
    stop: () => {
      calls += 1;
      return new Promise<void>((resolve) => (finish = resolve));
    },
  };
  return { service, finish: () => finish(), calls: () => calls };
}

describe('runService', () => {
  it('hands start the parsed config and a logger at its level, then stops on SIGTERM and exits 0', async () => {
    const proc = fakeProcess({ LOG_LEVEL: 'warn', GRPC_PORT: '6000' });
    const stop = controllableStop();
    let seenPort = -1;
    await runService(
      {
        name: 'ingest',
        config,
        start: async ({ config: c, logger }) => {
          seenPort = c.GRPC_PORT;
          expect(logger.level).toBe('warn');
          return stop.service;
        },
      },
      proc.host,
    );
    expect(seenPort).toBe(6000);

    proc.signal('SIGTERM');
    expect(stop.calls()).toBe(1);
    stop.finish();
    expect(await proc.exitCode).toBe(0);
  });

  it('logs the signal and the stop at info', async () => {
    const proc = fakeProcess();
    const stop = controllableStop();
    await runService({ name: 'ingest', config, start: async () => stop.service }, proc.host);
    proc.signal('SIGINT');
    stop.finish();
    await proc.exitCode;
    expect(proc.lines.map((line) => line['msg'])).toEqual(['ingest started', 'ingest stopping', 'ingest stopped']);
    expect(proc.lines[1]).toMatchObject({ service: 'ingest', level: 'info', signal: 'SIGINT' });
  });

  it('exits 1 at once on a second signal while stopping', async () => {
    const proc = fakeProcess();
    const stop = controllableStop();
    await runService({ name: 'ingest', config, start: async () => stop.service }, proc.host);
    proc.signal('SIGTERM');
    proc.signal('SIGINT');
    expect(await proc.exitCode).toBe(1);
    expect(stop.calls()).toBe(1);
  });

  it('exits 1 naming the variable when the config is bad, without starting', async () => {
    const proc = fakeProcess({ SHUTDOWN_GRACE_MS: 'soon' });
    let started = false;
    await runService(
      { name: 'ingest', config, start: async () => ((started = true), controllableStop().service) },
      proc.host,
    );
    expect(await proc.exitCode).toBe(1);
    expect(started).toBe(false);
    expect(proc.lines[0]).toMatchObject({ level: 'fatal' });
    expect(proc.lines[0]?.['msg']).toContain('SHUTDOWN_GRACE_MS="soon"');
  });

  it('exits 1 with the message when start fails', async () => {
    const proc = fakeProcess();
    await runService(
      {
        name: 'ingest',
        config,
        start: async () => {
          throw new Error('PostgreSQL refused the connection');
        },
      },
      proc.host,
    );
    expect(await proc.exitCode).toBe(1);
    expect(proc.lines[0]?.['msg']).toBe('ingest failed to start: PostgreSQL refused the connection');
  });

  it('exits 1 when stop fails or takes longer than its bound', async () => {
    const failing = fakeProcess();
    await runService(
      {
        name: 'ingest',
        config,
        start: async () => ({ stop: () => Promise.reject(new Error('close failed')) }),
      },
      failing.host,
    );
    failing.signal('SIGTERM');
    expect(await failing.exitCode).toBe(1);

    const hanging = fakeProcess();
    await runService(
      { name: 'ingest', config, stopTimeoutMs: 10, start: async () => controllableStop().service },
      hanging.host,
    );
    hanging.signal('SIGTERM');
    expect(await hanging.exitCode).toBe(1);
    expect(hanging.lines.at(-1)?.['msg']).toBe('ingest did not stop within 10 ms; abandoned: nothing named');
  });

  it('bounds the stop by SHUTDOWN_GRACE_MS + 1.5 s and names the steps it abandoned', async () => {
    const proc = fakeProcess({ SHUTDOWN_GRACE_MS: '200' });
    const neverCloses = new Promise<void>(() => undefined);
    await runService(
      {
        name: 'incidents',
        config,
        start: async () => ({
          async stop(steps = UNTRACKED_STEPS) {
            await steps.step('draining gRPC calls', async () => undefined);
            await Promise.all([
              steps.step('closing NATS', () => neverCloses),
              steps.step('closing the database pool', () => neverCloses),
            ]);
          },
        }),
      },
      proc.host,
    );
    const signalled = performance.now();
    proc.signal('SIGTERM');
    expect(await proc.exitCode).toBe(1);
    const tookMs = performance.now() - signalled;
    expect(tookMs).toBeGreaterThanOrEqual(1_690);
    expect(proc.lines.at(-1)).toMatchObject({
      level: 'error',
      msg: 'incidents did not stop within 1700 ms; abandoned: closing NATS, closing the database pool',
      abandoned: ['closing NATS', 'closing the database pool'],
    });
  });
});
