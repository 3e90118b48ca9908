/** What ingest changed in a field that is not the event's identity, instead of rejecting the event. */
export interface Normalization {
  /** Path of the field in Event, e.g. "message", "tags[app:version]", "causes[0].stacktrace.frames". */
  readonly field: string;
  readonly action: 'TRUNCATED' | 'DROPPED' | 'REPLACED_INVALID_TEXT';
  readonly detail: string;
}

/**
 * Settles each text field of one event: NUL replaced (PostgreSQL text cannot
 * hold it), over-long text shortened by characters, every change recorded,
 * and the UTF-8 size of what is kept added up for the whole-event bound.
 * Text that was not UTF-8 on the wire arrives already decoded with U+FFFD;
 * `decodedWithReplacement` holds those strings, so the fields holding them
 * are reported too.
 */
export class TextNormalizer {
  readonly changes: Normalization[] = [];
  totalBytes = 0;

  constructor(private readonly decodedWithReplacement: ReadonlySet<string> = new Set()) {}

  /** Whether the string was decoded from bytes that were not UTF-8. */
  wasReplacedOnTheWire(text: string): boolean {
    return this.decodedWithReplacement.has(text);
  }

  record(field: string, action: Normalization['action'], detail: string): void {
    this.changes.push({ field, action, detail });
  }

  /** The text, NUL-free and at most `maxChars` code points. */
  text(field: string, raw: string, maxChars: number): string {
    let text = raw;
    if (this.wasReplacedOnTheWire(text)) {
      this.record(field, 'REPLACED_INVALID_TEXT', 'bytes that were not UTF-8 replaced with U+FFFD');
    }
    if (text.includes('\u0000')) {
      text = text.replaceAll('\u0000', '\uFFFD');
      this.record(field, 'REPLACED_INVALID_TEXT', 'NUL characters (U+0000) replaced with U+FFFD');
    }
    const shortened = shortenToChars(text, maxChars);
    if (shortened !== text) {
      this.record(field, 'TRUNCATED', `shortened from ${countChars(text)} to ${maxChars} characters`);
      text = shortened;
    }
    this.totalBytes += Buffer.byteLength(text, 'utf8');
    return text;
  }

  /** Counts a text kept as is (e.g. a tag key already checked) toward the whole-event size. */
  count(text: string): void {
    this.totalBytes += Buffer.byteLength(text, 'utf8');
  }
}

/** The first `maxChars` code points of `text`: a surrogate pair is never split. */
export function shortenToChars(text: string, maxChars: number): string {
  // Every code point is one or two UTF-16 units: short enough either way.
  if (text.length <= maxChars) return text;
  let units = 0;
  let chars = 0;
  while (units < text.length && chars < maxChars) {
    const code = text.codePointAt(units) as number;
    units += code > 0xffff ? 2 : 1;
    chars += 1;
  }
  return text.slice(0, units);
}

export function countChars(text: string): number {
  let chars = 0;
  for (let i = 0; i < text.length; i += 1) {
    const code = text.charCodeAt(i);
    // A high surrogate followed by a low one is one character.
    if (code >= 0xd800 && code <= 0xdbff && i + 1 < text.length) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) i += 1;
    }
    chars += 1;
  }
  return chars;
}
