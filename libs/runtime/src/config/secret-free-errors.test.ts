import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { commonServiceConfig } from './common-service-config.js';
import { ConfigError } from './config-error.js';
import { loadConfig } from './load-config.js';

const schema = z.object(commonServiceConfig({ database: 'vigil_x', grpcPort: 50051, metricsPort: 9464 }));
const PASSWORD = 'hunter2-Pa55';

function messageOf(env: Record<string, string>): string {
  try {
    loadConfig(schema, env);
  } catch (error) {
    if (error instanceof ConfigError) return error.message;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('configuration errors never print a secret, and say what is wrong', () => {
  it.each([
    [
      'a DATABASE_URL port over 65535',
      { DATABASE_URL: `postgres://vigil:${PASSWORD}@db:99999/vigil` },
      'DATABASE_URL="postgres://vigil:***@db:99999/vigil" (expected a URL whose port is a number from 1 to 65535',
    ],
    [
      'a DATABASE_URL port that is not a number',
      { DATABASE_URL: `postgres://vigil:${PASSWORD}@db:54x2/vigil` },
      'expected a URL whose port is a number from 1 to 65535 (the host is followed by ":54x2")',
    ],
    [
      'a DATABASE_URL with the wrong scheme',
      { DATABASE_URL: `mysql://vigil:${PASSWORD}@db:3306/vigil` },
      'DATABASE_URL="mysql://vigil:***@db:3306/vigil" (expected a URL starting with postgres:// or postgresql://, not mysql://)',
    ],
    [
      'a NATS_URL list with one bad server',
      { NATS_URL: `nats://a:${PASSWORD}@n1:4222,http://a:${PASSWORD}@n2:4222` },
      'expected each URL to be a URL starting with nats:// or tls://, not http://',
    ],
    [
      'a DATABASE_URL without its scheme',
      { DATABASE_URL: `vigil:${PASSWORD}@db:5432/vigil` },
      'DATABASE_URL="(not shown: not a URL)" (expected a URL starting with postgres://',
    ],
  ])('%s', (_, env, expected) => {
    const message = messageOf({ ...env, NATS_USER: 'vigil', NATS_PASSWORD: PASSWORD, GRPC_PORT: 'x' });
    expect(message).toContain(expected);
    expect(message).not.toContain(PASSWORD);
  });

  it('shows a secret variable only as set', () => {
    const message = messageOf({ NATS_TOKEN: PASSWORD, NATS_USER: 'vigil', NATS_PASSWORD: PASSWORD });
    expect(message).not.toContain(PASSWORD);
  });
});
