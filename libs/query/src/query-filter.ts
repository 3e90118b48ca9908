// The parsed form of a query (behaviour.md §3): every term must hold.

/** The event fields a query can name directly; every other key is a tag. */
export const QUERY_FIELDS = ['level', 'environment', 'release', 'platform', 'user.id'] as const;

export type QueryField = (typeof QUERY_FIELDS)[number];

export type QueryKey =
  { readonly kind: 'field'; readonly field: QueryField } | { readonly kind: 'tag'; readonly tag: string };

/** Offsets in UTF-16 code units of the query text, `end` exclusive. */
export interface QuerySpan {
  readonly start: number;
  readonly end: number;
}

export interface QueryTerm {
  readonly key: QueryKey;
  /** Unquoted and unescaped; a `level` value is one of EVENT_LEVELS. */
  readonly value: string;
  readonly negated: boolean;
  /** Where the whole term, `!` included, sits in the parsed text. */
  readonly span: QuerySpan;
}

export interface QueryFilter {
  /** An empty list matches every event. */
  readonly terms: readonly QueryTerm[];
}
