import { ConnectionException, SyntaxErrorException, UniqueConstraintViolationException } from '@mikro-orm/core';
import { describe, expect, it } from 'vitest';
import { isDatabaseUnavailable } from './database-unavailable.js';

const withCode = (message: string, code: string) => Object.assign(new Error(message), { code });

describe('isDatabaseUnavailable', () => {
  it.each([
    ['a refused connection', withCode('connect ECONNREFUSED 127.0.0.1:5432', 'ECONNREFUSED')],
    ['both loopbacks refused', new AggregateError([withCode('refused', 'ECONNREFUSED')], '')],
    ['a dropped connection', new Error('Connection terminated unexpectedly')],
    ['an admin shutdown', withCode('terminating connection due to administrator command', '57P01')],
    ['a closed database', new Error('database "x" is not currently accepting connections')],
    ['a connection exception class', withCode('connection failure', '08006')],
    ['MikroORM’s connection exception', new ConnectionException(new Error('gone'))],
    ['a wrapped cause', new Error('Cannot reach PostgreSQL', { cause: withCode('refused', 'ECONNREFUSED') })],
  ])('says yes for %s', (_, error) => {
    expect(isDatabaseUnavailable(error)).toBe(true);
  });

  it.each([
    ['a syntax error', new SyntaxErrorException(withCode('syntax error at or near "SELEC"', '42601'))],
    ['a unique violation', new UniqueConstraintViolationException(withCode('duplicate key', '23505'))],
    ['a plain bug', new TypeError('x is undefined')],
    ['a protocol violation (what was sent, not the connection)', withCode('invalid message format', '08P01')],
    ['a non-error', 'boom'],
  ])('says no for %s', (_, error) => {
    expect(isDatabaseUnavailable(error)).toBe(false);
  });
});
