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
 * tags serves it.
 */
export function filterCondition(filter: QueryFilter): SqlCondition {
  if (filter.terms.length === 0) return { sql: 'TRUE', params: [] };
  const parts = filter.terms.map(termCondition);
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
