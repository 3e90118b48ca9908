import { IncidentStatus, StatusMethod } from '@vigil/contracts/incidents';
import { Aggregation, DedupPolicy, Level, StoreOutcome } from '@vigil/contracts/ingest';
import { expect, test } from 'vitest';
import {
  aggregationName,
  incidentStatusName,
  levelName,
  outcomeName,
  parseIncidentStatus,
  parseLevel,
  policyName,
  statusMethodName,
} from './names.js';

test('levels parse from the short, upper or protobuf name', () => {
  expect(parseLevel('warning', '--level')).toBe(Level.WARNING);
  expect(parseLevel('FATAL', '--level')).toBe(Level.FATAL);
  expect(parseLevel('LEVEL_DEBUG', 'events[0].level')).toBe(Level.DEBUG);
  expect(() => parseLevel('severe', 'events[0].level')).toThrow(
    'events[0].level: "severe" is not a level (fatal, error, warning, info, debug)',
  );
});

test('statuses parse by name; "resolved" is closed, as the product shows it', () => {
  expect(parseIncidentStatus('closed')).toBe(IncidentStatus.CLOSED);
  expect(parseIncidentStatus('Resolved')).toBe(IncidentStatus.CLOSED);
  expect(parseIncidentStatus('critical')).toBe(IncidentStatus.CRITICAL);
  expect(() => parseIncidentStatus('done')).toThrow(/"done" is not one of open, warning, critical, closed/);
});

test('enum values print without their protobuf prefixes', () => {
  expect(levelName(Level.ERROR)).toBe('error');
  expect(incidentStatusName(IncidentStatus.CLOSED)).toBe('closed');
  expect(statusMethodName(StatusMethod.MANUAL)).toBe('manual');
  expect(aggregationName(Aggregation.UNIQUE_USERS)).toBe('unique users');
  expect(outcomeName(StoreOutcome.REPLACED)).toBe('REPLACED');
  expect(policyName(DedupPolicy.LAST_WRITE_WINS)).toBe('LAST_WRITE_WINS');
});
