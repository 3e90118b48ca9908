// The variable parts of an error text, each replaced by a placeholder naming
// its kind, so "User 8812 not found" and "User 93 not found" group together.
// One regular expression of alternatives, tried left to right at each
// position: a quoted string is replaced whole before the numbers in it are
// seen, a UUID before its hex digits, an IP address before its numbers.
const PATTERNS: readonly (readonly [placeholder: string, pattern: string])[] = [
  // Quoted only when the quote is not inside a word: "can't … don't" is no quote.
  [
    '<quoted>',
    String.raw`(?<!\w)"(?:[^"\\\n]|\\.)*"(?!\w)|(?<!\w)'(?:[^'\\\n]|\\.)*'(?!\w)|(?<!\w)\x60[^\x60\n]*\x60(?!\w)`,
  ],
  ['<email>', String.raw`[\w.+-]+@[\w-]+(?:\.[\w-]+)+`],
  ['<uuid>', String.raw`\b[0-9a-fA-F]{8}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{12}\b`],
  ['<date>', String.raw`\b\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?(?![\w])`],
  ['<ip>', String.raw`\b(?:\d{1,3}\.){3}\d{1,3}(?::\d+)?\b`],
  // IPv6: the full eight groups, or any form with "::" (so "12:30:45" is no address).
  [
    '<ip>',
    String.raw`(?<![\w:])(?:(?:[0-9a-fA-F]{1,4}:){7}[0-9a-fA-F]{1,4}|(?:[0-9a-fA-F]{1,4}:){0,6}(?:[0-9a-fA-F]{1,4})?::(?:[0-9a-fA-F]{1,4}:){0,6}[0-9a-fA-F]{0,4})(?![\w:])`,
  ],
  ['<hex>', String.raw`\b0[xX][0-9a-fA-F]+\b`],
  // A run of 8+ hex digits with a letter and a digit (an id, a hash), not a word like "deadbeef".
  ['<hex>', String.raw`\b(?=[0-9a-fA-F]*[a-fA-F])(?=[0-9a-fA-F]*\d)[0-9a-fA-F]{8,}\b`],
  // Numbers not glued to letters: "item_42" and "id=42" vary, "utf8" and "v2" are words.
  ['<float>', String.raw`(?<![A-Za-z0-9.])\d+\.\d+(?:\.\d+)*(?![0-9])`],
  ['<int>', String.raw`(?<![A-Za-z0-9])\d+(?![A-Za-z0-9])`],
];

const VARIABLE_PARTS = new RegExp(PATTERNS.map(([, pattern]) => `(${pattern})`).join('|'), 'g');

/** The text with its variable parts (quoted strings, emails, UUIDs, dates, IPs, hex, numbers) replaced by placeholders. */
export function parameterize(text: string): string {
  return text.replace(VARIABLE_PARTS, (...groups: unknown[]) => {
    // groups[1..n] are the alternatives' captures: the one that matched names the kind.
    const index = groups.slice(1, PATTERNS.length + 1).findIndex((g) => g !== undefined);
    return PATTERNS[index]?.[0] ?? '';
  });
}
