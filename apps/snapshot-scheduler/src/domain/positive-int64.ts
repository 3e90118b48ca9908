const INT64_MAX = 9_223_372_036_854_775_807n;

/** True for the decimal form of an int64 id or version that is at least 1 (how the contracts carry them). */
export function isPositiveInt64(value: string): boolean {
  return /^[1-9]\d{0,18}$/.test(value) && BigInt(value) <= INT64_MAX;
}
