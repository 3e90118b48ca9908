import { IncidentStatusChanged } from '@vigil/contracts/events';
import { IncidentStatus, StatusMethod } from '@vigil/contracts/incidents';
import { describe, expect, it } from 'vitest';
import type { Incident } from '../domain/incident.js';
import { encodeStatusChanged, statusChangedSubject } from './status-changed-message.js';

const HOUR = 3_600_000;
const T0 = Date.UTC(2021, 0, 1);

const incident: Incident = {
  id: '42',
  organizationId: '7',
  identifier: '3',
  type: 'DETECTED',
  title: 'Checkout errors',
  status: 'CLOSED',
  query: '',
  aggregation: 'TOTAL',
  dateStarted: new Date(T0),
  dateDetected: new Date(T0),
  dateClosed: new Date(T0 + 2 * HOUR),
  projectIds: ['1'],
  groupIds: [],
  alertRuleId: '5',
  timeWindowMinutes: 15,
  version: 4,
};

describe('status-changed message', () => {
  it('goes to the incident’s own subject', () => {
    expect(statusChangedSubject('vigil.incidents.status', '42')).toBe('vigil.incidents.status.42');
  });

  it('carries every field of the contract, date_closed only when closed', () => {
    const announcement = {
      eventId: 'e-1',
      incident,
      previousStatus: 'CRITICAL' as const,
      method: 'RULE_TRIGGERED' as const,
      occurredAt: new Date(T0 + 3 * HOUR),
    };
    expect(IncidentStatusChanged.decode(encodeStatusChanged(announcement))).toEqual({
      eventId: 'e-1',
      incidentId: '42',
      organizationId: '7',
      version: '4',
      previousStatus: IncidentStatus.CRITICAL,
      newStatus: IncidentStatus.CLOSED,
      method: StatusMethod.RULE_TRIGGERED,
      dateStarted: new Date(T0),
      dateClosed: new Date(T0 + 2 * HOUR),
      timeWindowMinutes: 15,
      occurredAt: new Date(T0 + 3 * HOUR),
    });

    const reopened = { ...announcement, incident: { ...incident, status: 'OPEN' as const, dateClosed: null } };
    const decoded = IncidentStatusChanged.decode(encodeStatusChanged(reopened));
    expect(decoded.newStatus).toBe(IncidentStatus.OPEN);
    expect(decoded.dateClosed).toBeUndefined();
  });
});
