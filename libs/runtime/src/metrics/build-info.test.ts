import { describe, expect, it } from 'vitest';
import { buildInfoFromEnv } from './build-info.js';
import { shortMethodName } from './short-method-name.js';

describe('metric labels', () => {
  it('takes the build from VIGIL_VERSION and VIGIL_REVISION, unknown when unset', () => {
    expect(buildInfoFromEnv({ VIGIL_VERSION: '1.4.0', VIGIL_REVISION: '9f1c2e' })).toEqual({
      version: '1.4.0',
      commit: '9f1c2e',
    });
    expect(buildInfoFromEnv({ VIGIL_VERSION: '' })).toEqual({ version: 'unknown', commit: 'unknown' });
  });

  it('names a gRPC method by its short name', () => {
    expect(shortMethodName('/vigil.ingest.v1.IngestService/StoreEvent')).toBe('StoreEvent');
    expect(shortMethodName('StoreEvent')).toBe('StoreEvent');
  });
});
