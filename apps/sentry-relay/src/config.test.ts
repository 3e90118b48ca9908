import { ConfigError, loadConfig } from '@vigil/runtime';
import { describe, expect, it } from 'vitest';
import { relayConfigSchema } from './config.js';

const KEY = '0123456789abcdef0123456789abcdef';

function configError(env: Record<string, string>): string {
  try {
    loadConfig(relayConfigSchema, env);
  } catch (error) {
    if (error instanceof ConfigError) return error.message;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('relayConfigSchema', () => {
  it('reads the project keys', () => {
    expect([...loadConfig(relayConfigSchema, { SENTRY_PROJECT_KEYS: `12=${KEY}` }).SENTRY_PROJECT_KEYS]).toEqual([
      [KEY, '12'],
    ]);
  });

  it('refuses to start without keys, and a bad key list is named without printing a key', () => {
    expect(configError({})).toContain('no project has a key');
    const message = configError({ SENTRY_PROJECT_KEYS: `12=${KEY},13=${KEY}` });
    expect(message).toContain('SENTRY_PROJECT_KEYS="(set)"');
    expect(message).toContain("a key of project 13 is also project 12's");
    expect(message).not.toContain(KEY.slice(0, 8));
  });
});
