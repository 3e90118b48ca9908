import { InvalidArgumentError } from '../grpc/domain-errors.js';

// google.protobuf.Timestamp's documented range: 0001-01-01T00:00:00Z to
// 9999-12-31T23:59:59.999999999Z (ms precision once ts-proto made it a Date).
const EARLIEST_MS = Date.parse('0001-01-01T00:00:00.000Z');
const LATEST_MS = Date.parse('9999-12-31T23:59:59.999Z');

/** True for an instant a protobuf Timestamp can hold. */
export function isTimestampInRange(value: Date): boolean {
  const ms = value.getTime();
  return Number.isFinite(ms) && ms >= EARLIEST_MS && ms <= LATEST_MS;
}

/**
 * A timestamp from a request: within the protobuf Timestamp range
 * (0001-01-01 to 9999-12-31), else INVALID_ARGUMENT naming the field. Out of
 * range it overflowed PostgreSQL's arithmetic (INTERNAL) or a Date (NaN).
 */
export function timestampInRange(value: Date, field: string): Date {
  if (!isTimestampInRange(value)) {
    throw new InvalidArgumentError(field, 'must be between 0001-01-01T00:00:00Z and 9999-12-31T23:59:59Z');
  }
  return value;
}

/** An optional timestamp: absent stays absent (null), a present one must be in range. */
export function optionalTimestamp(value: Date | undefined, field: string): Date | null {
  return value === undefined ? null : timestampInRange(value, field);
}
