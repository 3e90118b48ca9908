import type { IncidentStatusChanged } from '@vigil/contracts/events';
import { IncidentStatus, StatusMethod } from '@vigil/contracts/incidents';
import { describe, expect, it } from 'vitest';
import { InvalidStatusEventError, statusChangeOf } from './status-change.js';

const T0 = Date.UTC(2021, 0, 1);
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

const closed: IncidentStatusChanged = {
  eventId: 'outbox-1',
  incidentId: '42',
  organizationId: '7',
  version: '3',
  previousStatus: IncidentStatus.CRITICAL,
  newStatus: IncidentStatus.CLOSED,
  method: StatusMethod.MANUAL,
  dateStarted: new Date(T0),
  dateClosed: new Date(T0 + 5 * MINUTE),
  timeWindowMinutes: 1,
  occurredAt: new Date(T0 + 5 * MINUTE),
};

describe('statusChangeOf', () => {
  it('schedules a CLOSED incident at date_closed + 10 windows (no rule: 10:05 closed → due 10:15)', () => {
    expect(statusChangeOf(closed)).toEqual({
      kind: 'schedule',
      incidentId: '42',
      organizationId: '7',
      version: '3',
      targetRunDate: new Date(T0 + 15 * MINUTE),
    });
  });

  it('caps the wait at 10 days for long windows', () => {
    const change = statusChangeOf({ ...closed, timeWindowMinutes: 1500 });
    expect(change).toMatchObject({ targetRunDate: new Date(T0 + 5 * MINUTE + 10 * DAY) });
  });

  it.each([IncidentStatus.OPEN, IncidentStatus.WARNING, IncidentStatus.CRITICAL])(
    'cancels on any way out of CLOSED (new status %s)',
    (newStatus) => {
      const reopen = {
        ...closed,
        previousStatus: IncidentStatus.CLOSED,
        newStatus,
        dateClosed: undefined,
        version: '4',
      };
      expect(statusChangeOf(reopen)).toEqual({ kind: 'cancel', incidentId: '42', version: '4' });
    },
  );

  it.each<[string, Partial<IncidentStatusChanged>, RegExp]>([
    ['no incident id', { incidentId: '0' }, /incident_id "0"/],
    ['a negative version', { version: '-1' }, /version "-1"/],
    ['version 0 (never applied by anyone)', { version: '0' }, /version "0"/],
    ['an id beyond int64', { incidentId: '9223372036854775808' }, /incident_id/],
    ['an unspecified status', { newStatus: IncidentStatus.UNSPECIFIED }, /new_status 0/],
    ['an unknown status', { newStatus: IncidentStatus.UNRECOGNIZED }, /new_status -1/],
    ['CLOSED without date_closed', { dateClosed: undefined }, /date_closed is missing/],
    ['CLOSED without date_started', { dateStarted: undefined }, /date_started is missing/],
    ['CLOSED with a zero time window', { timeWindowMinutes: 0 }, /time window/],
    ['CLOSED without an organization', { organizationId: '0' }, /organization_id/],
  ])('rejects an event with %s, naming the event', (_, change, reason) => {
    const read = () => statusChangeOf({ ...closed, ...change });
    expect(read).toThrow(InvalidStatusEventError);
    expect(read).toThrow(reason);
    expect(read).toThrow(/"outbox-1"/);
  });
});
