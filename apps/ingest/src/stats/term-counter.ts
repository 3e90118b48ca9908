import type { QueryFilter } from '@vigil/query';

/** A filter the per-hour term counters answer (migration 0006): one term, maybe negated. */
export interface CountedTerm {
  /** `tag:<key>`, `environment`, `release` or `platform`, as ingest_term_hour_count names it. */
  readonly term: string;
  readonly value: string;
  /** "Not this value": the hour's total minus the term's count (events without the tag included, as the events path reads it). */
  readonly negated: boolean;
}

const COUNTED_FIELDS = new Set(['environment', 'release', 'platform']);

/**
 * The counted term a filter is, or null when it is anything else: no term
 * (the level counters serve it), several terms (their conjunction is not
 * counted), or a level or user.id term (user.id has an index instead).
 */
export function countedTermOf(filter: QueryFilter): CountedTerm | null {
  if (filter.terms.length !== 1) return null;
  const [only] = filter.terms;
  if (only === undefined) return null;
  const { key, value, negated } = only;
  if (key.kind === 'tag') return { term: `tag:${key.tag}`, value, negated };
  return COUNTED_FIELDS.has(key.field) ? { term: key.field, value, negated } : null;
}
