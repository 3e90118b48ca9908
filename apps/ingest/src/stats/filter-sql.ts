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
 * The WHERE condition for a parsed query (every term must hold). A negated
 * term also matches events that lack the key, as "is not x" reads.
 * Tag equality uses containment (`tags @> {"k": "v"}`) so the GIN index on
 * tags serves it; the positive tag terms of distinct keys are one
 * containment (`{"os": "linux", "browser": "firefox"}`), which the index
 * answers by intersecting both keys' entries before any row is read.
 */
export function filterCondition(filter: QueryFilter): SqlCondition {
  if (filter.terms.length === 0) return { sql: 'TRUE', params: [] };
  const positiveTags = filter.terms.filter((term) => term.key.kind === 'tag' && !term.negated);
  const keys = new Set(positiveTags.map((term) => (term.key.kind === 'tag' ? term.key.tag : '')));
  const merge = positiveTags.length > 1 && keys.size === positiveTags.length;
  const parts = (merge ? filter.terms.filter((term) => !positiveTags.includes(term)) : filter.terms).map(termCondition);
  if (merge) {
    const contained = Object.fromEntries(
      positiveTags.map((term) => [term.key.kind === 'tag' ? term.key.tag : '', term.value]),
    );
    parts.unshift({ sql: 'tags @> ?::jsonb', params: [JSON.stringify(contained)] });
  }
  return { sql: parts.map((p) => p.sql).join(' AND '), params: parts.flatMap((p) => p.params) };
}

function termCondition(term: QueryTerm): SqlCondition {
  const positive = positiveCondition(term);
  return term.negated ? { sql: `NOT (${positive.sql})`, params: positive.params } : positive;
}

function positiveCondition(term: QueryTerm): SqlCondition {
  const { key } = term;
  if (key.kind === 'tag') return { sql: 'tags @> ?::jsonb', params: [JSON.stringify({ [key.tag]: term.value })] };
  if (key.field === 'level') return { sql: 'level = ?', params: [levelNumber(term.value)] };
  return { sql: `${FIELD_COLUMNS[key.field]} = ?`, params: [term.value] };
}
