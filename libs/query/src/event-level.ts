import { QueryError } from './query-error.js';

export const EVENT_LEVELS = ['fatal', 'error', 'warning', 'info', 'debug'] as const;

export type EventLevel = (typeof EVENT_LEVELS)[number];

export function isEventLevel(value: string): value is EventLevel {
  return (EVENT_LEVELS as readonly string[]).includes(value);
}

/** Levels match case-insensitively; the filter always holds the lowercase name. */
export function normalizeLevel(value: string, position: number, term: string): EventLevel {
  const level = value.toLowerCase();
  if (isEventLevel(level)) return level;
  throw new QueryError(
    `invalid level ${JSON.stringify(value)}`,
    position,
    term,
    `expected one of ${EVENT_LEVELS.join(', ')}`,
  );
}
