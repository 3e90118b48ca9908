import { readFileSync } from 'node:fs';
import { createFileRegistry, fromBinary, toJson } from '@bufbuild/protobuf';
import { FileDescriptorSetSchema } from '@bufbuild/protobuf/wkt';
import { describe, expect, it } from 'vitest';
import { descriptorSetPath } from './descriptor-set-path.js';
import { IncidentStatusChanged } from './events.js';
import { IncidentStatus, StatusMethod } from './incidents.js';
import { Event, Level } from './ingest.js';

const T0 = Date.UTC(2021, 0, 1);
const HOUR = 3_600_000;
// Above 2^53: survives only because int64 travels as a decimal string.
const BIG_ID = '9007199254740993';

const closed: IncidentStatusChanged = {
  eventId: 'outbox-42',
  incidentId: BIG_ID,
  organizationId: '7',
  version: '3',
  previousStatus: IncidentStatus.CRITICAL,
  newStatus: IncidentStatus.CLOSED,
  method: StatusMethod.MANUAL,
  dateStarted: new Date(T0),
  dateClosed: new Date(T0 + 4 * HOUR + 123),
  timeWindowMinutes: 5,
  occurredAt: new Date(T0 + 4 * HOUR + 500),
};

const event: Event = {
  eventId: '0123456789abcdef0123456789abcdef',
  projectId: '12',
  timestamp: new Date(T0 + 23 * HOUR + 59 * 60_000 + 59_999),
  level: Level.WARNING,
  platform: 'node',
  message: 'x is undefined',
  culprit: 'checkout/pay',
  environment: 'production',
  release: '1.4.2',
  fingerprint: ['checkout', 'pay'],
  tags: { browser: 'firefox', 'region.name': 'eu-west' },
  user: { id: 'u1', email: 'a@example.com', username: 'ann', ipAddress: '10.0.0.1' },
  exception: {
    type: 'TypeError',
    value: 'x is undefined',
    stacktrace: {
      frames: [{ module: 'app.checkout', filename: '/app/checkout.js', function: 'pay', lineno: 42, inApp: true }],
    },
  },
  causes: [{ type: 'RangeError', value: 'amount out of range', stacktrace: undefined }],
};

describe('IncidentStatusChanged through the generated code', () => {
  it('decodes to what was encoded', () => {
    expect(IncidentStatusChanged.decode(IncidentStatusChanged.encode(closed).finish())).toEqual(closed);
  });

  it('keeps an absent date_closed absent (a reopen)', () => {
    const reopened = { ...closed, newStatus: IncidentStatus.OPEN, dateClosed: undefined };
    const decoded = IncidentStatusChanged.decode(IncidentStatusChanged.encode(reopened).finish());
    expect(decoded.dateClosed).toBeUndefined();
    expect(decoded.newStatus).toBe(IncidentStatus.OPEN);
  });

  it('is read the same by another protobuf runtime using the committed descriptor set', () => {
    // Guards the wire format itself: field numbers and types as buf compiled them.
    const registry = createFileRegistry(fromBinary(FileDescriptorSetSchema, readFileSync(descriptorSetPath)));
    const schema = registry.getMessage('vigil.events.v1.IncidentStatusChanged');
    if (!schema) throw new Error('descriptor set lacks vigil.events.v1.IncidentStatusChanged');
    const decoded = toJson(schema, fromBinary(schema, IncidentStatusChanged.encode(closed).finish()));
    expect(decoded).toEqual({
      eventId: 'outbox-42',
      incidentId: BIG_ID,
      organizationId: '7',
      version: '3',
      previousStatus: 'INCIDENT_STATUS_CRITICAL',
      newStatus: 'INCIDENT_STATUS_CLOSED',
      method: 'STATUS_METHOD_MANUAL',
      dateStarted: '2021-01-01T00:00:00Z',
      dateClosed: '2021-01-01T04:00:00.123Z',
      timeWindowMinutes: 5,
      occurredAt: '2021-01-01T04:00:00.500Z',
    });
  });
});

describe('Event through the generated code', () => {
  it('decodes to what was encoded, tags, user and millisecond timestamp included', () => {
    expect(Event.decode(Event.encode(event).finish())).toEqual(event);
  });

  it('fills defaults for a minimal event: no timestamp, level unspecified, no user', () => {
    const minimal = Event.fromPartial({ eventId: event.eventId, projectId: '1' });
    const decoded = Event.decode(Event.encode(minimal).finish());
    expect(decoded.timestamp).toBeUndefined();
    expect(decoded.level).toBe(Level.UNSPECIFIED);
    expect(decoded.user).toBeUndefined();
    expect(decoded.tags).toEqual({});
    expect(decoded.fingerprint).toEqual([]);
  });
});
