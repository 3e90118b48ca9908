import { describe, expect, test } from 'vitest';
import { CallEndedError, InvalidArgumentError, UnavailableError } from '../grpc/domain-errors.js';
import { guardDatabase } from './guard-database.js';

describe('guardDatabase', () => {
  test('passes results and ordinary errors through', async () => {
    await expect(guardDatabase(async () => 42, 1_000)).resolves.toBe(42);
    await expect(guardDatabase(async () => Promise.reject(new Error('syntax error at "FORM"')), 1_000)).rejects.toThrow(
      'syntax error',
    );
  });

  test('an unreachable database becomes UNAVAILABLE, keeping the cause', async () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });
    const failure = guardDatabase(async () => Promise.reject(refused), 1_000);
    await expect(failure).rejects.toBeInstanceOf(UnavailableError);
    await expect(failure).rejects.toMatchObject({ cause: refused });
  });

  test('a value PostgreSQL refuses (class 22) is the request’s mistake, a protocol violation is not an outage', async () => {
    const badEncoding = Object.assign(new Error('invalid byte sequence for encoding "UTF8": 0x00'), { code: '22021' });
    await expect(guardDatabase(async () => Promise.reject(badEncoding), 1_000)).rejects.toBeInstanceOf(
      InvalidArgumentError,
    );
    const protocol = Object.assign(new Error('invalid message format'), { code: '08P01' });
    const failure = guardDatabase(async () => Promise.reject(protocol), 1_000);
    await expect(failure).rejects.toBe(protocol);
  });

  test('an answer slower than the bound becomes UNAVAILABLE', async () => {
    const never = new Promise<never>(() => undefined);
    await expect(guardDatabase(() => never, 20)).rejects.toThrow('the database did not answer within 20 ms');
  });
});

describe('guardDatabase stops the work', () => {
  test('the work’s signal aborts when the bound passes', async () => {
    let seen: AbortSignal | undefined;
    const failure = guardDatabase((signal) => {
      seen = signal;
      return new Promise<never>(() => undefined);
    }, 20);
    await expect(failure).rejects.toBeInstanceOf(UnavailableError);
    expect(seen?.aborted).toBe(true);
  });

  test('the call’s end aborts the work and is the answer', async () => {
    const call = new AbortController();
    let seen: AbortSignal | undefined;
    const failure = guardDatabase(
      (signal) => {
        seen = signal;
        return new Promise<never>(() => undefined);
      },
      60_000,
      call.signal,
    );
    call.abort(new CallEndedError('the caller cancelled the call'));
    await expect(failure).rejects.toBeInstanceOf(CallEndedError);
    expect(seen?.aborted).toBe(true);
  });

  test('a call already ended never starts waiting', async () => {
    const call = new AbortController();
    call.abort(new CallEndedError("the call's deadline passed"));
    await expect(guardDatabase(() => new Promise<never>(() => undefined), 60_000, call.signal)).rejects.toBeInstanceOf(
      CallEndedError,
    );
  });
});
