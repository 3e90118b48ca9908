import type { QueryFilter } from '@vigil/query';
import type { EventLevel } from '../domain/normalized-event.js';

const LEVEL_NUMBERS: Readonly<Record<string, EventLevel>> = { fatal: 1, error: 2, warning: 3, info: 4, debug: 5 };

export function levelNumber(name: string): EventLevel {
  const level = LEVEL_NUMBERS[name];
  if (level === undefined) throw new Error(`internal: unknown level "${name}" passed the query parser`);
  return level;
}

/**
 * The levels a filter lets through when it speaks of level only (the case
 * the per-minute counters can answer); null when any term is about
 * something else.
 */
export function levelsAllowedBy(filter: QueryFilter): EventLevel[] | null {
  let allowed = new Set<EventLevel>([1, 2, 3, 4, 5]);
  for (const term of filter.terms) {
    if (term.key.kind !== 'field' || term.key.field !== 'level') return null;
    const level = levelNumber(term.value);
    allowed = term.negated
      ? new Set([...allowed].filter((l) => l !== level))
      : new Set(allowed.has(level) ? [level] : []);
  }
  return [...allowed].sort();
}
