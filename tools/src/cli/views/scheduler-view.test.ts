import { expect, test } from 'vitest';
import { describeAge, formatPendingSnapshots, formatSchedulerStatus } from './scheduler-view.js';

const MINUTE = 60_000;
const T0 = Date.UTC(2021, 0, 1, 10);

const pending = (incidentId: string, nextAttemptAt: number) => ({
  incidentId,
  organizationId: '4',
  incidentVersion: '2',
  targetRunDate: new Date(nextAttemptAt),
  attempts: 0,
  lastError: '',
  nextAttemptAt: new Date(nextAttemptAt),
  createdAt: new Date(T0 - 20 * MINUTE),
  updatedAt: new Date(T0 - 20 * MINUTE),
});

test('a row is due once its next attempt has passed', () => {
  const lines = formatPendingSnapshots([pending('12', T0 - MINUTE), pending('13', T0 + MINUTE)], new Date(T0)).split(
    '\n',
  );
  expect(lines[0]).toMatch(
    /^incident {2}org {2}version {2}target run date {7}next attempt {10}due {2}attempts {2}last error$/,
  );
  expect(lines[2]).toBe('      12    4        2  2021-01-01 09:59:00Z  2021-01-01 09:59:00Z  yes         0');
  expect(lines[3]).toMatch(/^ {6}13 .* no /);
});

test('no rows says so', () => {
  expect(formatPendingSnapshots([], new Date(T0))).toBe('no pending snapshots');
});

test('status shows counts and how late the oldest due row is', () => {
  const text = formatSchedulerStatus({
    pendingCount: '3',
    dueCount: '1',
    oldestDueAge: { seconds: '125', nanos: 0 },
    asOf: new Date(T0),
  });
  expect(text).toContain('  due now             1');
  expect(text).toContain('  oldest due for      2 min 5 s');
  expect(formatSchedulerStatus({ pendingCount: '0', dueCount: '0', asOf: new Date(T0) })).toContain('none due');
});

test('ages read in s, min and h', () => {
  expect(describeAge(42)).toBe('42 s');
  expect(describeAge(3725)).toBe('1 h 2 min');
});
