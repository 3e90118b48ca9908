import type { QueryFilter, QueryTerm } from '@vigil/query';
import { levelNumber } from './level-filter.js';

/** A condition on ingest_event rows with its `?` parameters, in order. */
export interface SqlCondition {
  readonly sql: string;
  readonly params: readonly unknown[];
}

const FIELD_COLUMNS = {
  environment: 'environment',
  release: 'release',
  platform: 'platform',
  'user.id': 'user_id',
} as const;

/**
 * The WHERE condition for a parsed query (every term must hold). With
 * `tagIndex` false, for spans short enough that their time index is the
 * better way in, tags are tested without containment. A negated
 * term also matches events that lack the key, as "is not x" reads.
 * Tag equality uses containment (`tags @> {"k": "v"}`) so the GIN index on
 * tags serves it; the positive tag terms of distinct keys are one
 * containment (`{"os": "linux", "browser": "firefox"}`), which the index
 * answers by intersecting both keys' entries before any row is read.
 */
export function filterCondition(filter: QueryFilter, tagIndex = true): SqlCondition {
  if (filter.terms.length === 0) return { sql: 'TRUE', params: [] };
  if (!tagIndex) {
    const parts = filter.terms.map((term) => termCondition(term, false));
    return { sql: parts.map((p) => p.sql).join(' AND '), params: parts.flatMap((p) => p.params) };
  }
  const positiveTags = filter.terms.filter((term) => term.key.kind === 'tag' && !term.negated);
  const keys = new Set(positiveTags.map((term) => (term.key.kind === 'tag' ? term.key.tag : '')));
  const merge = positiveTags.length > 1 && keys.size === positiveTags.length;
  const parts = (merge ? filter.terms.filter((term) => !positiveTags.includes(term)) : filter.terms).map((term) =>
    termCondition(term, true),
  );
  if (merge) {
    const contained = Object.fromEntries(
      positiveTags.map((term) => [term.key.kind === 'tag' ? term.key.tag : '', term.value]),
    );
    parts.unshift({ sql: 'tags @> ?::jsonb', params: [JSON.stringify(contained)] });
  }
  return { sql: parts.map((p) => p.sql).join(' AND '), params: parts.flatMap((p) => p.params) };
}

function termCondition(term: QueryTerm, tagIndex: boolean): SqlCondition {
  const positive = positiveCondition(term, tagIndex);
  return term.negated ? { sql: `NOT (${positive.sql})`, params: positive.params } : positive;
}

function positiveCondition(term: QueryTerm, tagIndex: boolean): SqlCondition {
  const { key } = term;
  // Without the index: the same test (the key holds exactly this string;
  // false, not NULL, without the key, so that its negation holds there),
  // in a form the GIN index cannot serve, so the planner reads a short
  // time range by its time index (PostgreSQL guesses 0.1% for any @>, and
  // then prefers the GIN index however many events carry the tag).
  if (key.kind === 'tag' && !tagIndex)
    return { sql: 'coalesce((tags -> ?) = to_jsonb(?::text), false)', params: [key.tag, term.value] };
  if (key.kind === 'tag') return { sql: 'tags @> ?::jsonb', params: [JSON.stringify({ [key.tag]: term.value })] };
  if (key.field === 'level') return { sql: 'level = ?', params: [levelNumber(term.value)] };
  return { sql: `${FIELD_COLUMNS[key.field]} = ?`, params: [term.value] };
}
