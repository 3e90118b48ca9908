/**
 * The UTC calendar day of an instant, as 'YYYY-MM-DD': the day part of the
 * dedup key, so the same event id on two days is two events.
 */
export function utcDay(timestamp: Date): string {
  const ms = timestamp.getTime();
  if (Number.isNaN(ms)) {
    throw new RangeError('timestamp is not a valid date');
  }
  const year = timestamp.getUTCFullYear();
  // Outside 4-digit years ISO 8601 needs a sign and more digits, which would
  // break the fixed 'YYYY-MM-DD' shape that keys and partitions rely on.
  if (year < 0 || year > 9999) {
    throw new RangeError(`timestamp year ${year} is outside 0000–9999`);
  }
  return timestamp.toISOString().slice(0, 10);
}
