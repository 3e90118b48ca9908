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
  ] satisfies [Partial<Event>, string][])('%# rejects %o at field %s', (overrides, field) => {
    expect(rejection(overrides).field).toBe(field);
  });

  test('the whole event is bounded in UTF-8 bytes even when every field is within its own bound', () => {
    const limits = { ...DEFAULT_EVENT_LIMITS, eventBytes: 1000 };
    const result = normalizeEvent(event({ message: 'm'.repeat(600), culprit: 'c'.repeat(401) }), RECEIVED, limits);
    expect(result).toEqual({ ok: false, field: 'event', reason: 'is 1001 bytes, over the limit of 1000' });
    expect(normalizeEvent(event({ message: 'm'.repeat(600), culprit: 'c'.repeat(400) }), RECEIVED, limits).ok).toBe(
      true,
    );
  });

  test('an event stored as sent reports no normalization', () => {
    expect(normalized({ tags: { 'app:version': '1.2' }, message: 'é'.repeat(8192) }).normalizations).toEqual([]);
  });
});

describe('normalizeEvent shortens, drops and replaces instead of rejecting', () => {
  test.each([
    [{ message: 'x'.repeat(8193) }, 'message', 8192],
    [{ culprit: 'x'.repeat(1025) }, 'culprit', 1024],
    [{ platform: 'x'.repeat(65) }, 'platform', 64],
    [{ environment: 'x'.repeat(257) }, 'environment', 256],
    [{ release: 'x'.repeat(257) }, 'release', 256],
    [{ fingerprint: ['ok', 'x'.repeat(513)] }, 'fingerprint[1]', 512],
    [{ user: { id: 'x'.repeat(257), email: '', username: '', ipAddress: '' } }, 'user.id', 256],
    [{ exception: { type: 'x'.repeat(257), value: '' } }, 'exception.type', 256],
    [{ exception: { type: 'E', value: 'x'.repeat(4097) } }, 'exception.value', 4096],
  ] satisfies [Partial<Event>, string, number][])(
    '%# over-long text at %s is shortened to %i characters',
    (o, field, max) => {
      const e = normalized(o);
      expect(e.normalizations).toEqual([
        { field, action: 'TRUNCATED', detail: `shortened from ${max + 1} to ${max} characters` },
      ]);
    },
  );

  test('text is counted and shortened by characters, never splitting one', () => {
    // 60 emoji are 240 bytes but 60 characters: within a tag value's 200.
    expect(normalized({ tags: { mood: '😀'.repeat(60) } }).tags).toEqual({ mood: '😀'.repeat(60) });
    const e = normalized({ tags: { mood: '😀'.repeat(201) }, message: 'é'.repeat(9000) });
    expect(e.tags['mood']).toBe('😀'.repeat(200));
    expect(e.message).toBe('é'.repeat(8192));
    expect(e.normalizations.map((n) => n.field)).toEqual(['tags[mood]', 'message']);
  });

  test("tag keys are Sentry's: letters, digits, _ . : - and at most 32 characters; others are dropped", () => {
    const long = 'k'.repeat(33);
    const e = normalized({
      tags: { 'app:version': '1', 'a.b-c_d': '2', 'has space': '3', [long]: '4', ['k'.repeat(32)]: '5' },
    });
    expect(e.tags).toEqual({ 'app:version': '1', 'a.b-c_d': '2', ['k'.repeat(32)]: '5' });
    expect(e.normalizations).toEqual([
      {
        field: 'tags[has space]',
        action: 'DROPPED',
        detail: 'key may hold only letters, digits, "_", ".", ":" and "-"',
      },
      { field: `tags[${long}]`, action: 'DROPPED', detail: 'key must be 1 to 32 characters' },
    ]);
  });

  test('tags over the count bound are dropped, keeping the first in key order', () => {
    const tags = Object.fromEntries(Array.from({ length: 52 }, (_, i) => [`k${String(51 - i).padStart(2, '0')}`, 'v']));
    const e = normalized({ tags });
    expect(Object.keys(e.tags).sort()).toEqual(Array.from({ length: 50 }, (_, i) => `k${String(i).padStart(2, '0')}`));
    expect(e.normalizations).toEqual([
      { field: 'tags[k50]', action: 'DROPPED', detail: 'over the limit of 50 tags' },
      { field: 'tags[k51]', action: 'DROPPED', detail: 'over the limit of 50 tags' },
    ]);
  });

  test('fingerprint entries and causes over their count are dropped', () => {
    const e = normalized({
      fingerprint: Array.from({ length: 17 }, (_, i) => `f${i}`),
      causes: Array.from({ length: 12 }, (_, i) => ({ type: `E${i}`, value: '' })),
    });
    expect(e.fingerprint).toHaveLength(16);
    expect(e.causes.map((c) => c.type)).toEqual(Array.from({ length: 10 }, (_, i) => `E${i}`));
    expect(e.normalizations).toEqual([
      { field: 'fingerprint', action: 'DROPPED', detail: 'kept the first 16 of 17 entries' },
      { field: 'causes', action: 'DROPPED', detail: 'kept the first 10 of 12 causes' },
    ]);
  });

  test('a stack trace over the frame bound keeps both ends; frame text is bounded', () => {
    const frames = Array.from({ length: 105 }, (_, i) => ({
      module: '',
      filename: `f${i}.js`,
      function: i === 104 ? 'x'.repeat(300) : `fn${i}`,
      lineno: i + 1,
      inApp: true,
    }));
    const e = normalized({ exception: { type: 'E', value: 'v', stacktrace: { frames } } });
    const kept = e.exceptionStacktrace?.frames ?? [];
    expect(kept).toHaveLength(100);
    expect(kept[49]?.filename).toBe('f49.js');
    expect(kept[50]?.filename).toBe('f55.js');
    expect(kept[99]?.function).toBe('x'.repeat(256));
    expect(e.normalizations).toEqual([
      {
        field: 'exception.stacktrace.frames',
        action: 'DROPPED',
        detail: 'dropped 5 of 105 frames from the middle, kept the first 50 and the last 50',
      },
      {
        field: 'exception.stacktrace.frames[104].function',
        action: 'TRUNCATED',
        detail: 'shortened from 300 to 256 characters',
      },
    ]);
  });

  test('NUL is replaced with U+FFFD and reported, in any text field', () => {
    const e = normalized({
      message: 'a\u0000b',
      tags: { env: 'x\u0000' },
      user: { id: '', email: 'a\u0000@b', username: '', ipAddress: '' },
    });
    expect([e.message, e.tags['env'], e.user.email]).toEqual(['a\uFFFDb', 'x\uFFFD', 'a\uFFFD@b']);
    expect(e.normalizations.map((n) => [n.field, n.action])).toEqual([
      ['tags[env]', 'REPLACED_INVALID_TEXT'],
      ['user.email', 'REPLACED_INVALID_TEXT'],
      ['message', 'REPLACED_INVALID_TEXT'],
    ]);
  });

  test('text that was not UTF-8 on the wire (decoded with U+FFFD) is reported where it is', () => {
    const decoded = 'caf\uFFFD';
    const result = normalizeEvent(
      event({ culprit: decoded, causes: [{ type: 'E', value: decoded }] }),
      RECEIVED,
      DEFAULT_EVENT_LIMITS,
      new Set([decoded]),
    );
    if (!result.ok) throw new Error('rejected');
    expect(result.event.culprit).toBe(decoded);
    expect(result.event.normalizations.map((n) => [n.field, n.action])).toEqual([
      ['causes[0].value', 'REPLACED_INVALID_TEXT'],
      ['culprit', 'REPLACED_INVALID_TEXT'],
    ]);
  });

  test('at most 100 changes are listed, the last one saying how many more', () => {
    const tags = Object.fromEntries(Array.from({ length: 150 }, (_, i) => [`bad key ${i}`, 'v']));
    const { normalizations } = normalized({ tags });
    expect(normalizations).toHaveLength(100);
    expect(normalizations[99]).toEqual({ field: 'event', action: 'DROPPED', detail: '51 more changes not listed' });
  });

  test('the user key and the group come from the event', () => {
    const e = normalized({ user: { id: '', email: 'a@b.c', username: 'ann', ipAddress: '' }, fingerprint: ['x'] });
    expect(e.userKey).toBe('email:a@b.c');
    expect(normalized({ fingerprint: ['x'], message: 'other' }).groupId).toBe(e.groupId);
  });
});
