// Whatever a caller puts in the fields that are not an event's identity, the
// event is stored (or refused for its whole size only), what is stored is
// within every bound, and a field stored differently from how it was sent is
// always named in the normalizations.
import { Event } from '@vigil/contracts/ingest';
import fc from 'fast-check';
import { expect, test } from 'vitest';
import { DEFAULT_EVENT_LIMITS as LIMITS } from './event-limits.js';
import { countChars } from './normalization.js';
import { normalizeEvent } from './normalize-event.js';

const RECEIVED = new Date(Date.UTC(2026, 0, 1));
// Any Unicode, NUL included; sometimes far over a bound.
const anyText = fc.oneof(
  { weight: 4, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', minLength: 1, maxLength: 4 }).map((s) => s.repeat(2100)) },
);
const tagKey = fc.oneof(fc.stringMatching(/^[A-Za-z0-9_.:-]{1,40}$/), fc.string({ unit: 'binary', maxLength: 40 }));
const sent = fc.record({
  message: anyText,
  culprit: anyText,
  release: anyText,
  fingerprint: fc.array(anyText, { maxLength: 20 }),
  tags: fc.dictionary(tagKey, anyText, { maxKeys: 60 }),
  exceptionValue: anyText,
});

test('non-identity fields never lose the event, stay within their bounds, and every change is named', () => {
  fc.assert(
    fc.property(sent, (s) => {
      const event = Event.fromPartial({
        eventId: '0123456789abcdef0123456789abcdef',
        projectId: '1',
        message: s.message,
        culprit: s.culprit,
        release: s.release,
        fingerprint: s.fingerprint,
        tags: s.tags,
        exception: { type: 'E', value: s.exceptionValue },
      });
      const result = normalizeEvent(event, RECEIVED, LIMITS);
      if (!result.ok) {
        expect(result.field).toBe('event'); // only the whole size may refuse it
        return;
      }
      const e = result.event;
      const named = new Set(e.normalizations.map((n) => n.field));
      expect(JSON.stringify(e)).not.toContain('\\u0000');
      for (const [field, before, after, max] of [
        ['message', s.message, e.message, LIMITS.messageChars],
        ['culprit', s.culprit, e.culprit, LIMITS.culpritChars],
        ['release', s.release, e.release, LIMITS.releaseChars],
        ['exception.value', s.exceptionValue, e.exceptionValue, LIMITS.exceptionValueChars],
      ] as const) {
        expect(countChars(after)).toBeLessThanOrEqual(max);
        if (after !== before) expect(named).toContain(field);
      }
      const keys = Object.keys(e.tags);
      expect(keys.length).toBeLessThanOrEqual(LIMITS.tagCount);
      for (const key of keys) {
        expect(key).toMatch(/^[A-Za-z0-9_.:-]{1,32}$/);
        expect(countChars(e.tags[key] ?? '')).toBeLessThanOrEqual(LIMITS.tagValueChars);
        if (e.tags[key] !== s.tags[key]) expect(named).toContain(`tags[${key}]`);
      }
      const dropped = Object.keys(s.tags).filter((key) => !(key in e.tags));
      // Each dropped tag is named (its key shortened to 64 characters in the path), unless the list was cut at 100.
      if (e.normalizations.length < 100)
        expect(e.normalizations.filter((n) => n.action === 'DROPPED' && n.field.startsWith('tags['))).toHaveLength(
          dropped.length,
        );
      expect(e.fingerprint.length).toBeLessThanOrEqual(LIMITS.fingerprintEntries);
      if (e.fingerprint.length < s.fingerprint.length) expect(named).toContain('fingerprint');
      if (e.normalizations.length === 0) {
        expect([e.message, e.culprit, e.release, e.exceptionValue]).toEqual([
          s.message,
          s.culprit,
          s.release,
          s.exceptionValue,
        ]);
        expect(e.tags).toEqual(s.tags);
        expect(e.fingerprint).toEqual(s.fingerprint);
      }
    }),
    { numRuns: 300 },
  );
});
