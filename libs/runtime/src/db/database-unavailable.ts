import { ConnectionException } from '@mikro-orm/core';

// Network failures reaching PostgreSQL, as Node reports them.
const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  'EHOSTUNREACH',
  'EAI_AGAIN',
]);
// SQLSTATEs meaning "the server cannot serve you now", not "your SQL is wrong":
// shutting down, starting up, too many connections.
const UNAVAILABLE_SQLSTATES = new Set(['57P01', '57P02', '57P03', '53300']);
// What pg says when a connection dies or cannot be had in time.
const UNAVAILABLE_MESSAGES = [
  /connection terminated/i,
  /connection timeout|timeout exceeded when trying to connect/i,
  /not (currently )?accepting connections/i,
  /client has encountered a connection error/i,
];

/**
 * True when `error` (or what caused it) means PostgreSQL could not be reached
 * or refused to serve: a retry later may succeed. Other database errors are
 * bugs and must not be dressed up as UNAVAILABLE.
 */
export function isDatabaseUnavailable(error: unknown, depth = 0): boolean {
  if (!(error instanceof Error) || depth > 5) return false;
  if (error instanceof ConnectionException) return true;
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string' && isUnavailableCode(code)) return true;
  if (UNAVAILABLE_MESSAGES.some((pattern) => pattern.test(error.message))) return true;
  if (error instanceof AggregateError && error.errors.some((inner) => isDatabaseUnavailable(inner, depth + 1))) {
    return true;
  }
  return isDatabaseUnavailable(error.cause, depth + 1);
}

// SQLSTATE class 08 is "connection exception", except 08P01: a protocol
// violation is PostgreSQL refusing what was sent (once, a NUL spliced into
// the SQL text), and sending it again fails again.
function isUnavailableCode(code: string): boolean {
  return NETWORK_CODES.has(code) || UNAVAILABLE_SQLSTATES.has(code) || (code.startsWith('08') && code !== '08P01');
}
