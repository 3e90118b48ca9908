import { loadConfig } from '@vigil/runtime';
import { describe, expect, it } from 'vitest';
import { ingestConfigIssues, ingestConfigSchema } from './config.js';

describe('ingestConfigIssues', () => {
  it('accepts statistics slots fewer than the pool, the defaults included', () => {
    expect(ingestConfigIssues(loadConfig(ingestConfigSchema, {}))).toEqual([]);
  });

  it('refuses statistics slots that would leave writes no connection', () => {
    const config = loadConfig(ingestConfigSchema, { DATABASE_POOL_SIZE: '4', STATS_MAX_CONCURRENT: '4' });
    expect(ingestConfigIssues(config)).toEqual([
      expect.objectContaining({
        variable: 'STATS_MAX_CONCURRENT',
        value: '4',
        expected: expect.stringContaining('(4)'),
      }),
    ]);
  });
});
