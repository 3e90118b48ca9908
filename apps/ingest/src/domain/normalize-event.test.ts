import { Event, Level } from '@vigil/contracts/ingest';
import { describe, expect, test } from 'vitest';
import { DEFAULT_EVENT_LIMITS } from './event-limits.js';
import { normalizeEvent } from './normalize-event.js';

const SECOND = 1000;
const DAY = 86_400_000;
const RECEIVED = new Date(Date.UTC(2024, 2, 1, 12, 0, 0));
const ID = '0123456789abcdef0123456789abcdef';

function event(overrides: Partial<Event> = {}): Event {
  return { ...Event.fromPartial({ eventId: ID, projectId: '7', message: 'boom' }), ...overrides };
}

function rejection(overrides: Partial<Event>) {
  const result = normalizeEvent(event(overrides), RECEIVED, DEFAULT_EVENT_LIMITS);
  if (result.ok) throw new Error('expected a rejection');
  return { field: result.field, reason: result.reason };
}

function normalized(overrides: Partial<Event> = {}) {
  const result = normalizeEvent(event(overrides), RECEIVED, DEFAULT_EVENT_LIMITS);
  if (!result.ok) throw new Error(`rejected: ${result.field}: ${result.reason}`);
  return result.event;
}

describe('normalizeEvent', () => {
  test('applies the defaults: received time, level error, dashed id normalized', () => {
    const e = normalized({ eventId: '01234567-89AB-CDEF-0123-456789ABCDEF', level: Level.UNSPECIFIED });
    expect(e.eventId).toBe(ID);
    expect(e.timestamp).toEqual(RECEIVED);
    expect(e.day).toBe('2024-03-01');
    expect(e.level).toBe(2);
    expect(e.userKey).toBeNull();
  });

  test('a timestamp over 60 s in the future becomes the receive time; 60 s exactly is kept', () => {
    expect(normalized({ timestamp: new Date(RECEIVED.getTime() + 61 * SECOND) }).timestamp).toEqual(RECEIVED);
    const edge = new Date(RECEIVED.getTime() + 60 * SECOND);
    expect(normalized({ timestamp: edge }).timestamp).toEqual(edge);
  });

  test('a timestamp older than the retention is rejected, naming the field', () => {
    expect(rejection({ timestamp: new Date(RECEIVED.getTime() - 91 * DAY) })).toEqual({
      field: 'timestamp',
      reason: 'is older than the retention of 90 days',
    });
    expect(normalized({ timestamp: new Date(RECEIVED.getTime() - 89 * DAY) }).day).toBe('2023-12-03');
  });

  test.each([
    [{ eventId: 'not-a-uuid' }, 'event_id'],
    [{ eventId: '' }, 'event_id'],
    [{ projectId: '0' }, 'project_id'],
    [{ projectId: '-4' }, 'project_id'],
    [{ projectId: '9223372036854775808' }, 'project_id'],
    [{ level: 99 as Level }, 'level'],
    [{ message: 'x'.repeat(8 * 1024 + 1) }, 'message'],
    [{ culprit: 'x'.repeat(1025) }, 'culprit'],
    [{ fingerprint: Array.from({ length: 17 }, (_, i) => `f${i}`) }, 'fingerprint'],
    [{ fingerprint: ['ok', 'x'.repeat(513)] }, 'fingerprint[1]'],
    [{ tags: Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`k${i}`, 'v'])) }, 'tags'],
    [{ tags: { ['k'.repeat(33)]: 'v' } }, `tags[${'k'.repeat(33)}]`],
    [{ tags: { env: 'v'.repeat(201) } }, 'tags[env]'],
    [{ tags: { 'has space': 'v' } }, 'tags[has space]'],
    [{ user: { id: 'x'.repeat(257), email: '', username: '', ipAddress: '' } }, 'user.id'],
    [{ exception: { type: 'E', value: 'x'.repeat(4097) } }, 'exception.value'],
    [{ message: 'before\u0000after' }, 'message'],
    [{ tags: { env: 'a\u0000' } }, 'tags[env]'],
    [{ fingerprint: ['\u0000'] }, 'fingerprint[0]'],
    [{ user: { id: '', email: 'a\u0000@b', username: '', ipAddress: '' } }, 'user.email'],
  ] satisfies [Partial<Event>, string][])('%# rejects %o at field %s', (overrides, field) => {
    expect(rejection(overrides).field).toBe(field);
  });

  test('the whole event is bounded even when every field is within its own bound', () => {
    const limits = { ...DEFAULT_EVENT_LIMITS, eventBytes: 1000 };
    const result = normalizeEvent(event({ message: 'm'.repeat(600), culprit: 'c'.repeat(401) }), RECEIVED, limits);
    expect(result).toEqual({ ok: false, field: 'event', reason: 'is 1001 bytes, over the limit of 1000' });
    expect(normalizeEvent(event({ message: 'm'.repeat(600), culprit: 'c'.repeat(400) }), RECEIVED, limits).ok).toBe(
      true,
    );
  });

  test('multi-byte text is measured in bytes', () => {
    expect(rejection({ message: 'é'.repeat(4097) }).field).toBe('message');
    expect(normalized({ message: 'é'.repeat(4096) }).message).toHaveLength(4096);
  });

  test('the user key and the group come from the event', () => {
    const e = normalized({ user: { id: '', email: 'a@b.c', username: 'ann', ipAddress: '' }, fingerprint: ['x'] });
    expect(e.userKey).toBe('email:a@b.c');
    expect(normalized({ fingerprint: ['x'], message: 'other' }).groupId).toBe(e.groupId);
  });
});
