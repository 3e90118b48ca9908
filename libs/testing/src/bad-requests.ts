// Generated bad requests for the services' property-based suites: values
// that are wrong for a kind of field, whatever the RPC, and the checks every
// such request must pass against the real service — answered
// INVALID_ARGUMENT with a BadRequest naming a field (never OK, and never
// UNKNOWN, INTERNAL or UNAVAILABLE: a caller's mistake is not an outage), and
// nothing in the service's database changed.
import { status, type ServiceError } from '@grpc/grpc-js';
import { BadRequest, Status } from '@vigil/contracts/rpc';
import fc from 'fast-check';
import type pg from 'pg';

/** Seeded and small: the suites run on a loaded 2-core machine; a failure prints its seed and path to replay. */
export const BAD_REQUEST_RUNS = { seed: 20_261_128, numRuns: 25 } as const;

// The protobuf Timestamp range is 0001-01-01 to 9999-12-31 (UTC).
// Date.UTC maps years 0–99 to 1900–1999, so year 1 is set explicitly.
const FIRST_INSTANT = new Date(Date.UTC(2000, 0, 1)).setUTCFullYear(1);
const AFTER_LAST_INSTANT = Date.UTC(10_000, 0, 1);
const MAX_DATE_MS = 8_640_000_000_000_000;

/** Values wrong for each kind of field. */
export const badValues = {
  /** For an id or another int64 that must be positive (strings, as the generated client takes them). */
  positiveInt64: fc.oneof(
    fc.constantFrom('0', '-1', '-9223372036854775808'),
    fc.bigInt({ min: -(2n ** 63n), max: 0n }).map(String),
  ),
  /** Text holding a NUL, which PostgreSQL text cannot hold. */
  textWithNul: fc
    .tuple(fc.string({ maxLength: 20 }), fc.string({ maxLength: 20 }))
    .map(([before, after]) => `${before}\u0000${after}`),
  /** An instant outside the protobuf Timestamp range. */
  timestamp: fc
    .oneof(
      fc.integer({ min: -MAX_DATE_MS, max: FIRST_INSTANT - 1 }),
      fc.integer({ min: AFTER_LAST_INSTANT, max: MAX_DATE_MS }),
    )
    .map((ms) => new Date(ms)),
  /** A page token no service gave out: any text, or well-formed JSON of another listing. */
  pageToken: fc.oneof(
    fc.string({ minLength: 1, maxLength: 40 }),
    fc
      .record({ s: fc.string({ maxLength: 30 }), k: fc.array(fc.string({ maxLength: 12 }), { maxLength: 3 }) })
      .map((body) => Buffer.from(JSON.stringify(body)).toString('base64url')),
  ),
  /** A page size below zero. */
  negativePageSize: fc.integer({ min: -(2 ** 31), max: -1 }),
  /** An enum number the contract does not define. */
  unknownEnum: fc.integer({ min: 50, max: 2 ** 31 - 1 }),
};

/** One way to spoil a request: which field, and what to merge into a valid request. */
export interface Spoiler<Request> {
  readonly field: string;
  readonly spoil: fc.Arbitrary<Partial<Request>>;
}

/** Any one of the spoilers, labelled by field (fast-check prints it on failure). */
export function anySpoiler<Request>(spoilers: readonly Spoiler<Request>[]): fc.Arbitrary<[string, Partial<Request>]> {
  return fc.oneof(
    ...spoilers.map(({ field, spoil }) => spoil.map((change): [string, Partial<Request>] => [field, change])),
  );
}

/**
 * Fails unless `call` failed as a caller's mistake: INVALID_ARGUMENT with a
 * google.rpc.BadRequest naming at least one field. Returns the named fields.
 */
export async function expectCallersMistake(call: Promise<unknown>): Promise<string[]> {
  let failure: ServiceError | undefined;
  try {
    await call;
  } catch (error) {
    failure = error as ServiceError;
  }
  if (failure === undefined) throw new Error('an invalid request was answered OK');
  if (failure.code !== status.INVALID_ARGUMENT) {
    throw new Error(`expected INVALID_ARGUMENT, got ${status[failure.code]}: ${failure.details}`);
  }
  const [raw] = failure.metadata.get('grpc-status-details-bin');
  const detail = raw && Status.decode(raw as Buffer).details.find((d) => d.typeUrl.endsWith('/google.rpc.BadRequest'));
  const fields = detail ? BadRequest.decode(detail.value).fieldViolations.map((v) => v.field) : [];
  if (fields.length === 0) throw new Error(`INVALID_ARGUMENT without a field violation: ${failure.details}`);
  return fields;
}

/**
 * Fails if `call` was refused as a malformed request: what the spoilers start
 * from must be valid, or every spoiled request would be refused for nothing
 * to do with its spoiler. OK or another code (NOT_FOUND for an id nothing
 * has) passes.
 */
export async function expectWellFormed(call: Promise<unknown>): Promise<void> {
  try {
    await call;
  } catch (error) {
    const { code, details } = error as ServiceError;
    if (code === status.INVALID_ARGUMENT)
      throw new Error(`the unspoiled request is invalid: ${details}`, { cause: error });
  }
}

/**
 * A digest of every row of every table of the database's current schema
 * (partitions included): equal before and after a call = the call wrote
 * nothing, not even an update in place.
 */
export async function databaseFingerprint(pool: pg.Pool): Promise<string> {
  const { rows: tables } = await pool.query<{ name: string }>(
    `SELECT quote_ident(table_name) AS name FROM information_schema.tables
      WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' ORDER BY table_name`,
  );
  const digests = await Promise.all(
    tables.map(async ({ name }) => {
      const { rows } = await pool.query<{ digest: string }>(
        `SELECT md5(coalesce(string_agg(t::text, '|' ORDER BY t::text), '')) AS digest FROM ${name} t`,
      );
      return `${name}:${rows[0]?.digest ?? ''}`;
    }),
  );
  return digests.join(',');
}
