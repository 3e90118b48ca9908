import { isPositiveInt64 } from '@vigil/contracts/int64';
import { InvalidArgumentError } from '../grpc/domain-errors.js';

/** An id (a positive int64 in canonical decimal, as ts-proto hands int64 over); 0 means it was left out. */
export function positiveId(value: string, field: string): string {
  if (!isPositiveInt64(value)) {
    throw new InvalidArgumentError(field, value === '0' ? 'is required' : `must be a positive integer, got ${value}`);
  }
  return value;
}
