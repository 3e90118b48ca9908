import { Incident, IncidentStatus, IncidentType, StatusMethod } from '@vigil/contracts/incidents';
import { Aggregation } from '@vigil/contracts/ingest';
import { expect, test } from 'vitest';
import { formatActivity, formatIncident, formatSnapshot } from './incident-view.js';

const MINUTE = 60_000;
const T0 = Date.UTC(2021, 0, 1, 10);

const incident: Incident = {
  ...Incident.create(),
  id: '12',
  organizationId: '4',
  identifier: '3',
  type: IncidentType.ALERT_TRIGGERED,
  title: 'Checkout errors',
  status: IncidentStatus.CLOSED,
  query: 'level:error',
  aggregation: Aggregation.TOTAL,
  dateStarted: new Date(T0),
  dateDetected: new Date(T0 + MINUTE),
  dateClosed: new Date(T0 + 5 * MINUTE),
  projectIds: ['7'],
  alertRuleId: '9',
  timeWindowMinutes: 1,
  version: '2',
};

test('a closed incident shows when its snapshot is due: close + 10 windows (behaviour §4, example 1)', () => {
  const lines = formatIncident(incident).split('\n');
  expect(lines[0]).toBe('incident 12 (#3 of organization 4): Checkout errors');
  expect(lines).toContain('  status        closed (version 2)');
  expect(lines).toContain('  type          alert triggered');
  expect(lines).toContain('  closed        2021-01-01 10:05:00Z');
  expect(lines).toContain('  snapshot due  2021-01-01 10:15:00Z (closed + min(10 × window, 10 days))');
});

test('an open incident has no close time and no due snapshot', () => {
  const text = formatIncident({
    ...incident,
    status: IncidentStatus.OPEN,
    dateClosed: undefined,
    alertRuleId: undefined,
    query: '',
  });
  expect(text).toContain('  closed        —');
  expect(text).toContain('  alert rule    none');
  expect(text).toContain('  query         (all events)');
  expect(text).not.toContain('snapshot due');
});

test('activity reads as status changes', () => {
  const text = formatActivity([
    {
      id: '1',
      incidentId: '12',
      previousStatus: IncidentStatus.OPEN,
      newStatus: IncidentStatus.CLOSED,
      method: StatusMethod.MANUAL,
      comment: 'fixed',
      actor: 'ana',
      createdAt: new Date(T0 + 5 * MINUTE),
    },
  ]);
  expect(text.split('\n')[2]).toBe('2021-01-01 10:05:00Z  open → closed  manual  ana    fixed');
});

test('a snapshot shows its frozen totals and ranges, then its graph', () => {
  const text = formatSnapshot(
    {
      incidentId: '12',
      eventCount: '42',
      uniqueUsers: '8',
      buckets: [
        { start: new Date(T0), value: '0' },
        { start: new Date(T0 + MINUTE), value: '5' },
      ],
      rollupSeconds: 60,
      graphStart: new Date(T0),
      graphEnd: new Date(T0 + 2 * MINUTE),
      totalsStart: new Date(T0 - MINUTE),
      totalsEnd: new Date(T0 + 6 * MINUTE),
      createdAt: new Date(T0 + 20 * MINUTE),
    },
    80,
  );
  expect(text.split('\n')).toEqual([
    'snapshot of incident 12, made 2021-01-01 10:20:00Z',
    '  events        42',
    '  unique users  8',
    '  totals over   2021-01-01 09:59:00Z → 2021-01-01 10:06:00Z',
    '  graph over    2021-01-01 10:00:00Z → 2021-01-01 10:02:00Z',
    '',
    'count per 1m bucket: 2 buckets, peak 5',
    '▁█',
    '2021-01-01 10:00:00Z → 2021-01-01 10:02:00Z',
    '',
    'bucket start          count',
    '────────────────────  ─────',
    '2021-01-01 10:01:00Z      5',
  ]);
});
