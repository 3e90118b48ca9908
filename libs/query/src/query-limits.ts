// Bounds that keep a stored rule query, and the SQL built from it, small.

export const MAX_QUERY_LENGTH = 2_000;
export const MAX_QUERY_TERMS = 50;
