import { describe, expect, test } from 'vitest';
import { isRunnerCommand, isRunnerReport } from './graphile-messages.js';

describe('runner messages', () => {
  test('commands are go, stop and exit', () => {
    expect(['go', 'stop', 'exit'].map((type) => isRunnerCommand({ type }))).toEqual([true, true, true]);
    expect(isRunnerCommand({ type: 'ready' })).toBe(false);
    expect(isRunnerCommand('go')).toBe(false);
    expect(isRunnerCommand(null)).toBe(false);
  });

  test('reports are ready, stopped and failed', () => {
    expect(isRunnerReport({ type: 'stopped', succeeded: 1, failedAttempts: 0, dropped: 0 })).toBe(true);
    expect(isRunnerReport({ type: 'failed', message: 'x' })).toBe(true);
    expect(isRunnerReport({ type: 'go' })).toBe(false);
    expect(isRunnerReport(undefined)).toBe(false);
  });
});
