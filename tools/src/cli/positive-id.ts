import { CliInputError } from './cli-input-error.js';

const INT64_MAX = 9_223_372_036_854_775_807n;

/**
 * A project, organization, rule or incident id: a positive int64, kept as
 * decimal text (the generated clients carry int64 as strings).
 */
export function parsePositiveId(text: string, field: string): string {
  const trimmed = text.trim();
  if (!/^[1-9]\d{0,18}$/.test(trimmed) || BigInt(trimmed) > INT64_MAX) {
    throw new CliInputError(`${field}: "${text}" is not a positive integer id`);
  }
  return trimmed;
}
