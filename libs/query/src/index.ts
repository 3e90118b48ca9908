export { parseQuery } from './parse-query.js';
export { formatQuery } from './format-query.js';
export { describeQueryError } from './describe-query-error.js';
export { QueryError } from './query-error.js';
export { MAX_QUERY_LENGTH, MAX_QUERY_TERMS } from './query-limits.js';
export type { EventLevel } from './event-level.js';
export type { QueryField, QueryFilter, QueryKey, QuerySpan, QueryTerm } from './query-filter.js';
