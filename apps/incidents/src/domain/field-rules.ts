// Rules for single request fields shared by rules and incidents. Each throws
// InvalidArgumentError naming the field as the contract spells it.
import { parseQuery, QueryError } from '@vigil/query';
import { InvalidArgumentError } from '@vigil/runtime';
import { plainText, positiveId } from '@vigil/runtime/validation';

export { positiveId };

/** Longest name, title and actor; a comment may be longer. */
export const MAX_LABEL_LENGTH = 200;
export const MAX_COMMENT_LENGTH = 4_000;
/** Most projects or groups one rule or incident names. */
const MAX_LIST_ITEMS = 100;
/**
 * Longest time window. Ten days is the snapshot's settle cap; a month is
 * already far past any useful alert window and keeps every derived date
 * (200 windows either side) well inside what a Date can hold.
 */
const MAX_TIME_WINDOW_MINUTES = 30 * 24 * 60;

/** At least one positive id; duplicates dropped, order kept. */
export function projectIds(values: readonly string[], field = 'project_ids'): string[] {
  if (values.length === 0) throw new InvalidArgumentError(field, 'must name at least one project');
  if (values.length > MAX_LIST_ITEMS) throw new InvalidArgumentError(field, `at most ${MAX_LIST_ITEMS} projects`);
  return [...new Set(values.map((id, i) => positiveId(id, `${field}[${i}]`)))];
}

/** Group ids as ingest makes them: 32 hex digits, stored lowercase; duplicates dropped. */
export function groupIds(values: readonly string[], field = 'group_ids'): string[] {
  if (values.length > MAX_LIST_ITEMS) throw new InvalidArgumentError(field, `at most ${MAX_LIST_ITEMS} groups`);
  return [
    ...new Set(
      values.map((id, i) => {
        if (!/^[0-9a-fA-F]{32}$/.test(id)) {
          throw new InvalidArgumentError(`${field}[${i}]`, `must be 32 hex digits, got ${JSON.stringify(id)}`);
        }
        return id.toLowerCase();
      }),
    ),
  ];
}

/** A name or title: some non-blank text, bounded. */
export function label(value: string, field: string): string {
  if (value.trim() === '') throw new InvalidArgumentError(field, 'must not be empty');
  return boundedText(value, field, MAX_LABEL_LENGTH);
}

/** Text kept as written: no NUL, at most `maxLength` characters. */
export function boundedText(value: string, field: string, maxLength: number): string {
  if (value.length > maxLength)
    throw new InvalidArgumentError(field, `at most ${maxLength} characters, got ${value.length}`);
  return plainText(value, field);
}

/** A query in the language of behaviour.md §3, kept as written; the error points at the bad term. */
export function validQuery(text: string, field = 'query'): string {
  plainText(text, field);
  try {
    parseQuery(text);
  } catch (error) {
    if (!(error instanceof QueryError)) throw error;
    const term = error.term === '' ? '' : ` (term ${JSON.stringify(error.term)})`;
    throw new InvalidArgumentError(field, `${error.message}${term}`);
  }
  return text;
}

export function timeWindowMinutes(value: number, field = 'time_window_minutes'): number {
  if (!Number.isInteger(value) || value < 1 || value > MAX_TIME_WINDOW_MINUTES) {
    throw new InvalidArgumentError(
      field,
      `must be a whole number of minutes from 1 to ${MAX_TIME_WINDOW_MINUTES}, got ${value}`,
    );
  }
  return value;
}
