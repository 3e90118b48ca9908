// Times on the command line: an ISO 8601 instant, `now`, or an offset back
// from now such as `-30m` (people think "half an hour ago", not in UTC).
import { CliInputError } from './cli-input-error.js';

const UNIT_MS = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const;
const RELATIVE = /^-(\d+)([smhd])$/;
// A date alone would be read as midnight UTC, which is rarely what is meant:
// require a time and an explicit zone so nothing depends on the local zone.
const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;

/** Parses `text` for option `option` (named in the error); `now` resolves `now` and offsets. */
export function parseInstant(text: string, option: string, now: Date): Date {
  const trimmed = text.trim();
  if (trimmed === 'now') return new Date(now);
  const relative = RELATIVE.exec(trimmed);
  if (relative) {
    const unit = relative[2] as keyof typeof UNIT_MS;
    return new Date(now.getTime() - Number(relative[1]) * UNIT_MS[unit]);
  }
  const parsed = parseIsoInstant(trimmed);
  if (parsed === undefined) {
    throw new CliInputError(
      `${option}: "${text}" is not a time; use ISO 8601 with a zone (2026-11-22T10:00:00Z), "now", or an offset like -30m, -2h, -1d`,
    );
  }
  return parsed;
}

/** An ISO 8601 instant with a time and a zone, or undefined. */
export function parseIsoInstant(text: string): Date | undefined {
  if (!ISO_INSTANT.test(text)) return undefined;
  const parsed = new Date(text);
  return Number.isNaN(parsed.getTime()) ? undefined : parsed;
}

/** `2026-11-22 10:05:00Z`: what every command prints for an instant. */
export function formatInstant(instant: Date | undefined): string {
  if (instant === undefined) return '';
  return instant
    .toISOString()
    .replace('T', ' ')
    .replace(/\.\d{3}Z$/, 'Z');
}
