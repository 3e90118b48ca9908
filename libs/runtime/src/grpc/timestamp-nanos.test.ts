import { readFileSync } from 'node:fs';
import { BinaryWriter } from '@bufbuild/protobuf/wire';
import { descriptorSetPath } from '@vigil/contracts';
import { Event, GetEventStatsRequest, StoreEventsRequest } from '@vigil/contracts/ingest';
import { describe, expect, it } from 'vitest';
import { nanosChecks } from './timestamp-nanos.js';

const checks = nanosChecks(readFileSync(descriptorSetPath));
const STATS = '/vigil.ingest.v1.IngestService/GetEventStats';
const STORE_MANY = '/vigil.ingest.v1.IngestService/StoreEvents';

/** A Timestamp's bytes with any nanos, which the generated encoder (from a Date) cannot write. */
function timestamp(seconds: number, nanos: number): Uint8Array {
  return new BinaryWriter().uint32(8).int64(seconds).uint32(16).int32(nanos).finish();
}

/** `message` followed by field `number` holding `value` (a later field wins, as on any wire). */
function withField(message: Uint8Array, number: number, value: Uint8Array): Uint8Array {
  return new Uint8Array([
    ...message,
    ...new BinaryWriter()
      .uint32((number << 3) | 2)
      .bytes(value)
      .finish(),
  ]);
}

describe('nanosChecks', () => {
  const stats = GetEventStatsRequest.encode(GetEventStatsRequest.fromPartial({ projectIds: ['1'] })).finish();

  it('passes nanos in [0, 999,999,999], on every RPC with a Timestamp', () => {
    const check = checks.get(STATS);
    expect(check?.(withField(stats, 5, timestamp(1, 0)))).toEqual([]);
    expect(check?.(withField(stats, 6, timestamp(1, 999_999_999)))).toEqual([]);
    expect(checks.has('/vigil.incidents.v1.IncidentsService/CreateIncident')).toBe(true);
  });

  it('names each Timestamp field whose nanos are out of range', () => {
    const check = checks.get(STATS);
    expect(check?.(withField(stats, 5, timestamp(1, -1)))).toEqual(['start']);
    expect(check?.(withField(withField(stats, 5, timestamp(1, 0)), 6, timestamp(1, 1_000_000_000)))).toEqual(['end']);
  });

  it('finds them inside nested and repeated messages, with the index', () => {
    const event = Event.encode(Event.fromPartial({ eventId: 'a', projectId: '1' })).finish();
    const bad = withField(event, 3, timestamp(1, 2_000_000_000));
    const request = withField(withField(StoreEventsRequest.encode({ events: [] }).finish(), 1, event), 1, bad);
    expect(checks.get(STORE_MANY)?.(request)).toEqual(['events[1].timestamp']);
  });

  it('has no check for an RPC without a Timestamp', () => {
    expect(checks.has('/vigil.ingest.v1.IngestService/GetGroup')).toBe(false);
  });
});
