import { GetEventStatsResponse, Group, Level } from '@vigil/contracts/ingest';
import { expect, test } from 'vitest';
import { protoJson } from './proto-json.js';

const T0 = Date.UTC(2021, 0, 1, 10);

test('prints the protobuf JSON mapping: camelCase names, enum names, int64 strings, RFC 3339 times', () => {
  const group = Group.fromPartial({
    projectId: '42',
    groupId: 'ab'.repeat(16),
    timesSeen: '9007199254740993',
    firstSeen: new Date(T0),
    level: Level.WARNING,
    message: 'slow',
  });
  expect(protoJson('vigil.ingest.v1.Group', Group, group)).toMatchObject({
    projectId: '42',
    groupId: 'ab'.repeat(16),
    timesSeen: '9007199254740993',
    firstSeen: '2021-01-01T10:00:00Z',
    level: 'LEVEL_WARNING',
    message: 'slow',
  });
});

test('keeps fields at their default, so an empty bucket reads "0" rather than missing', () => {
  const series = GetEventStatsResponse.fromPartial({
    buckets: [
      { start: new Date(T0), value: '0' },
      { start: new Date(T0 + 60_000), value: '3' },
    ],
  });
  expect(protoJson('vigil.ingest.v1.GetEventStatsResponse', GetEventStatsResponse, series)).toEqual({
    buckets: [
      { start: '2021-01-01T10:00:00Z', value: '0' },
      { start: '2021-01-01T10:01:00Z', value: '3' },
    ],
  });
});
