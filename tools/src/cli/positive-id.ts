import { CliInputError } from './cli-input-error.js';
import { isPositiveInt64 } from '@vigil/contracts/int64';

/**
 * A project, organization, rule or incident id: a positive int64, kept as
 * decimal text (the generated clients carry int64 as strings).
 */
export function parsePositiveId(text: string, field: string): string {
  const trimmed = text.trim();
  if (!isPositiveInt64(trimmed)) {
    throw new CliInputError(`${field}: "${text}" is not a positive integer id`);
  }
  return trimmed;
}
