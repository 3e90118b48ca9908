import { InvalidArgumentError } from '@vigil/runtime';
import { describe, expect, it } from 'vitest';
import { planStatusChange, type StatusChangeRequest, type StatusChangeSubject } from './status-change.js';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const T0 = Date.UTC(2021, 0, 1);
const now = new Date(T0 + 4 * HOUR);

const open: StatusChangeSubject = { status: 'OPEN', dateStarted: new Date(T0 + HOUR), dateClosed: null, version: 3 };
const closed: StatusChangeSubject = { ...open, status: 'CLOSED', dateClosed: new Date(T0 + 2 * HOUR) };

function request(overrides: Partial<StatusChangeRequest>): StatusChangeRequest {
  return { status: 'CLOSED', method: 'MANUAL', comment: '', actor: '', dateClosed: null, ...overrides };
}

function invalidField(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    if (error instanceof InvalidArgumentError) return `${error.field}: ${error.reason}`;
    throw error;
  }
  throw new Error('expected an InvalidArgumentError');
}

describe('planStatusChange', () => {
  it('does nothing when the incident already has the status', () => {
    expect(planStatusChange(open, request({ status: 'OPEN' }), now)).toEqual({ changed: false });
    expect(planStatusChange(closed, request({ status: 'CLOSED' }), now)).toEqual({ changed: false });
  });

  it('closes at now when no close time is given, raising the version by one', () => {
    expect(planStatusChange(open, request({}), now)).toEqual({
      changed: true,
      previousStatus: 'OPEN',
      newStatus: 'CLOSED',
      dateClosed: now,
      reopened: false,
      version: 4,
    });
  });

  it('closes at the given time, which may equal now or date_started', () => {
    const atStart = planStatusChange(open, request({ dateClosed: open.dateStarted }), now);
    expect(atStart).toMatchObject({ changed: true, dateClosed: open.dateStarted });
    expect(planStatusChange(open, request({ dateClosed: now }), now)).toMatchObject({ dateClosed: now });
  });

  it('refuses a close time in the future or before date_started', () => {
    expect(
      invalidField(() => planStatusChange(open, request({ dateClosed: new Date(now.getTime() + 1) }), now)),
    ).toMatch(/^date_closed: must not be in the future/);
    expect(invalidField(() => planStatusChange(open, request({ dateClosed: new Date(T0 + HOUR - 1) }), now))).toMatch(
      /^date_closed: must not be before date_started/,
    );
  });

  it('refuses a close time with any status but CLOSED', () => {
    expect(invalidField(() => planStatusChange(open, request({ status: 'WARNING', dateClosed: now }), now))).toBe(
      'date_closed: may only be given with status CLOSED',
    );
  });

  it('checks the close time even when the status would not change', () => {
    expect(invalidField(() => planStatusChange(closed, request({ dateClosed: new Date(T0) }), now))).toMatch(
      /^date_closed: must not be before/,
    );
  });

  it.each(['OPEN', 'WARNING', 'CRITICAL'] as const)(
    'treats CLOSED → %s as a reopen that clears date_closed',
    (status) => {
      expect(planStatusChange(closed, request({ status }), now)).toEqual({
        changed: true,
        previousStatus: 'CLOSED',
        newStatus: status,
        dateClosed: null,
        reopened: true,
        version: 4,
      });
    },
  );

  it('moves between open statuses without a close time or a reopen', () => {
    expect(planStatusChange(open, request({ status: 'CRITICAL' }), now)).toEqual({
      changed: true,
      previousStatus: 'OPEN',
      newStatus: 'CRITICAL',
      dateClosed: null,
      reopened: false,
      version: 4,
    });
  });

  it('never closes before date_started when this clock is behind the one that set it', () => {
    const startedLater = { ...open, dateStarted: new Date(now.getTime() + MINUTE) };
    expect(planStatusChange(startedLater, request({}), now)).toMatchObject({ dateClosed: startedLater.dateStarted });
  });
});
