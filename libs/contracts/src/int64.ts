// int64 fields travel as decimal strings (ts-proto `forceLong=string`).
// Every id and version in the contracts is a positive int64; this is the
// one check of that form. Dependency-free, so the pure libs can use it.

const INT64_MAX = 9_223_372_036_854_775_807n;
const CANONICAL_POSITIVE = /^[1-9][0-9]{0,18}$/;

/** True for the canonical decimal of an int64 ≥ 1: no sign, no leading zeros, not over 2^63 − 1. */
export function isPositiveInt64(value: string): boolean {
  return CANONICAL_POSITIVE.test(value) && BigInt(value) <= INT64_MAX;
}
