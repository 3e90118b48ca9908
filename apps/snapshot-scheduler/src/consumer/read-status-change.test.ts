import { IncidentStatusChanged } from '@vigil/contracts/events';
import { IncidentStatus, StatusMethod } from '@vigil/contracts/incidents';
import { describe, expect, it } from 'vitest';
import { InvalidStatusEventError } from '../domain/status-change.js';
import { readStatusChange } from './read-status-change.js';

const T0 = Date.UTC(2021, 0, 1);
const HOUR = 3_600_000;

describe('readStatusChange', () => {
  it('reads the protobuf payload the incidents service publishes', () => {
    const payload = IncidentStatusChanged.encode({
      eventId: 'e1',
      incidentId: '9007199254740993',
      organizationId: '1',
      version: '2',
      previousStatus: IncidentStatus.OPEN,
      newStatus: IncidentStatus.CLOSED,
      method: StatusMethod.RULE_TRIGGERED,
      dateStarted: new Date(T0),
      dateClosed: new Date(T0 + 6 * HOUR),
      timeWindowMinutes: 60,
      occurredAt: new Date(T0 + 6 * HOUR),
    }).finish();
    expect(readStatusChange(payload)).toEqual({
      kind: 'schedule',
      incidentId: '9007199254740993',
      organizationId: '1',
      version: '2',
      targetRunDate: new Date(T0 + 16 * HOUR),
    });
  });

  it.each([
    ['bytes that are not protobuf', new Uint8Array([0xff, 0xff, 0xff, 0xff])],
    ['JSON', new TextEncoder().encode('{"incidentId":"1"}')],
    ['an empty payload', new Uint8Array()],
  ])('refuses %s as invalid, not as a passing failure', (_, payload) => {
    expect(() => readStatusChange(payload)).toThrow(InvalidStatusEventError);
  });
});
