/** The outcome of reading a caller's event id. */
export type ParsedEventId =
  { readonly ok: true; readonly eventId: string } | { readonly ok: false; readonly reason: string };

const UNDASHED_LENGTH = 32;
const DASHED_LENGTH = 36;
// 0-based indexes of the dashes in 8-4-4-4-12.
const DASH_INDEXES: ReadonlySet<number> = new Set([8, 13, 18, 23]);
const HEX_DIGIT = /^[0-9a-fA-F]$/;
const FORMS = 'expected 32 hex digits or the dashed form 8-4-4-4-12';

/**
 * Reads an event id given as 32 hex digits or as a dashed UUID
 * (8-4-4-4-12), in any case, into the stored form: 32 lowercase hex digits.
 * Anything else — braces, `urn:uuid:`, surrounding whitespace, a digit too
 * many or too few — is refused with a reason a caller can act on; positions
 * in reasons count from 1.
 */
export function parseEventId(raw: string): ParsedEventId {
  if (raw.length === 0) {
    return { ok: false, reason: `event id is empty; ${FORMS}` };
  }
  if (raw.length !== UNDASHED_LENGTH && raw.length !== DASHED_LENGTH) {
    return { ok: false, reason: `event id has ${raw.length} characters; ${FORMS}` };
  }
  const dashed = raw.length === DASHED_LENGTH;
  for (let i = 0; i < raw.length; i += 1) {
    const problem = characterProblem(raw, i, dashed);
    if (problem !== null) {
      return { ok: false, reason: `event id ${problem}; ${FORMS}` };
    }
  }
  return { ok: true, eventId: (dashed ? raw.replaceAll('-', '') : raw).toLowerCase() };
}

function characterProblem(raw: string, index: number, dashed: boolean): string | null {
  const char = raw.charAt(index);
  const position = index + 1;
  if (dashed && DASH_INDEXES.has(index)) {
    return char === '-' ? null : `needs a dash at position ${position}, found ${shown(raw, index)}`;
  }
  if (char === '-') {
    return `has a misplaced dash at position ${position}`;
  }
  return HEX_DIGIT.test(char) ? null : `has a non-hex character ${shown(raw, index)} at position ${position}`;
}

// JSON quoting makes whitespace and control characters visible in the reason;
// the whole code point is shown so an emoji is not cut in half.
function shown(raw: string, index: number): string {
  return JSON.stringify(String.fromCodePoint(raw.codePointAt(index) ?? 0));
}
