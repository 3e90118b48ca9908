import { describe, expect, test } from 'vitest';
import { parseRelayDsn } from './relay-dsn.js';

describe('parseRelayDsn', () => {
  test('the origin, key and project of a DSN, and a form to print without the key', () => {
    expect(parseRelayDsn('http://vigil_local_demo_key_0001@127.0.0.1:9000/1')).toEqual({
      dsn: 'http://vigil_local_demo_key_0001@127.0.0.1:9000/1',
      origin: 'http://127.0.0.1:9000',
      key: 'vigil_local_demo_key_0001',
      projectId: '1',
      shown: 'http://…@127.0.0.1:9000/1',
    });
  });

  test('a DSN that is not one says why, and never shows the key', () => {
    const KEY = 'secret_key_0123456789';
    for (const [dsn, why] of [
      ['http://secret-key-0123456789@127.0.0.1:9000/1', 'its key has characters a Sentry SDK refuses'],
      [`ftp://${KEY}@relay/1`, 'not an http:// or https:// URL'],
      ['http://127.0.0.1:9000/1', 'no key before the @'],
      [`http://${KEY}@127.0.0.1:9000/api/1`, 'the path /api/1 is not /<project id>'],
      [`http://${KEY}@127.0.0.1:9000/zero`, '"zero" is not a positive integer id'],
    ] as const) {
      expect(() => parseRelayDsn(dsn)).toThrow(why);
      try {
        parseRelayDsn(dsn);
      } catch (error) {
        expect((error as Error).message).not.toMatch(/secret.key/);
      }
    }
  });
});
