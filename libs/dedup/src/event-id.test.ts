import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseEventId } from './event-id.js';

const STORED = '0123456789abcdef0123456789abcdef';
const DASHED = '01234567-89ab-cdef-0123-456789abcdef';

function reasonFor(raw: string): string {
  const parsed = parseEventId(raw);
  if (parsed.ok) {
    throw new Error(`expected ${JSON.stringify(raw)} to be rejected, got ${parsed.eventId}`);
  }
  return parsed.reason;
}

describe('parseEventId', () => {
  it.each([
    ['32 lowercase hex digits', STORED],
    ['32 uppercase hex digits', STORED.toUpperCase()],
    ['the dashed form', DASHED],
    ['the dashed form in upper case', DASHED.toUpperCase()],
    ['the dashed form in mixed case', '01234567-89AB-cDeF-0123-456789ABCdef'],
  ])('accepts %s as the stored form', (_form, raw) => {
    expect(parseEventId(raw)).toEqual({ ok: true, eventId: STORED });
  });

  it('says an empty id is empty', () => {
    expect(reasonFor('')).toMatch(/^event id is empty; expected 32 hex digits or the dashed form 8-4-4-4-12$/);
  });

  it.each([
    ['31 digits', STORED.slice(1), 31],
    ['33 digits', `${STORED}0`, 33],
    ['braces', `{${DASHED}}`, 38],
    ['a urn:uuid: prefix', `urn:uuid:${DASHED}`, 45],
    ['a trailing newline', `${STORED}\n`, 33],
    ['a dashed id with a dash missing', DASHED.replace('-', ''), 35],
  ])('rejects %s by its length', (_form, raw, length) => {
    expect(reasonFor(raw)).toBe(
      `event id has ${length} characters; expected 32 hex digits or the dashed form 8-4-4-4-12`,
    );
  });

  it('names a non-hex character and its position, counting from 1', () => {
    expect(reasonFor(`${STORED.slice(0, 4)}g${STORED.slice(5)}`)).toMatch(
      /^event id has a non-hex character "g" at position 5;/,
    );
    expect(reasonFor(`${DASHED.slice(0, 35)}Z`)).toMatch(/non-hex character "Z" at position 36;/);
  });

  it('makes whitespace visible in the reason', () => {
    expect(reasonFor(` ${STORED.slice(1)}`)).toMatch(/non-hex character " " at position 1;/);
    expect(reasonFor(`${STORED.slice(0, 31)}\t`)).toMatch(/non-hex character "\\t" at position 32;/);
    expect(reasonFor(` ${DASHED.slice(1)}`)).toMatch(/non-hex character " " at position 1;/);
  });

  it('shows a character outside the BMP whole', () => {
    expect(reasonFor(`${STORED.slice(0, 30)}🙂`)).toMatch(/non-hex character "🙂" at position 31;/);
  });

  it('points at a misplaced dash', () => {
    // Dashes moved one place to the right: 9-4-4-4-11.
    expect(reasonFor('012345678-9abc-def0-1234-56789abcdef')).toMatch(/needs a dash at position 9, found "8";/);
    // Dashes in a 32-character id.
    expect(reasonFor(`0123-4567${STORED.slice(9)}`)).toMatch(/^event id has a misplaced dash at position 5;/);
    // A dash in a hex group of the dashed form.
    expect(reasonFor('01234567-89ab-cdef-0123-45678-abcdef')).toMatch(/misplaced dash at position 30;/);
  });

  it('rejects another separator in the dash positions', () => {
    expect(reasonFor(DASHED.replaceAll('-', '_'))).toMatch(/needs a dash at position 9, found "_";/);
  });

  it('gives any UUID in any case, dashed or not, as the same 32 lowercase hex digits', () => {
    const hexDigit = fc.constantFrom(...'0123456789abcdef');
    const digits = fc.array(hexDigit, { minLength: 32, maxLength: 32 }).map((chars) => chars.join(''));
    const upperMask = fc.array(fc.boolean(), { minLength: 32, maxLength: 32 });
    fc.assert(
      fc.property(digits, upperMask, fc.boolean(), (stored, upper, dashed) => {
        const cased = [...stored].map((c, i) => (upper[i] ? c.toUpperCase() : c)).join('');
        const raw = dashed
          ? `${cased.slice(0, 8)}-${cased.slice(8, 12)}-${cased.slice(12, 16)}-${cased.slice(16, 20)}-${cased.slice(20)}`
          : cased;
        expect(parseEventId(raw)).toEqual({ ok: true, eventId: stored });
      }),
    );
  });

  it('agrees with fast-check UUIDs and with the stored form being a fixed point', () => {
    fc.assert(
      fc.property(fc.uuid(), (uuid) => {
        const parsed = parseEventId(uuid);
        expect(parsed).toEqual({ ok: true, eventId: uuid.replaceAll('-', '').toLowerCase() });
        if (parsed.ok) {
          expect(parseEventId(parsed.eventId)).toEqual(parsed);
        }
      }),
    );
  });

  it('never throws, and accepts only what reads as 32 hex digits', () => {
    const nearlyIds = fc.oneof(
      fc.string(),
      fc.string({ unit: fc.constantFrom(...'0123456789abcdefABCDEFg- {}'), minLength: 30, maxLength: 38 }),
    );
    fc.assert(
      fc.property(nearlyIds, (raw) => {
        const parsed = parseEventId(raw);
        if (parsed.ok) {
          expect(parsed.eventId).toMatch(/^[0-9a-f]{32}$/);
          expect(raw.replace(/^(\w{8})-(\w{4})-(\w{4})-(\w{4})-(\w{12})$/, '$1$2$3$4$5').toLowerCase()).toBe(
            parsed.eventId,
          );
        } else {
          expect(parsed.reason).toMatch(/^event id .+; expected 32 hex digits or the dashed form 8-4-4-4-12$/s);
        }
      }),
    );
  });
});
