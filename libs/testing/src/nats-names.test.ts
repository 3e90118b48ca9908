import { describe, expect, it } from 'vitest';
import { testNatsNames } from './nats-names.js';

describe('testNatsNames', () => {
  it('names stream, subject prefix and durable after the label and the suffix', () => {
    expect(testNatsNames('Incident status', 'ab12')).toEqual({
      stream: 'VIGIL_TEST_INCIDENT_STATUS_AB12',
      subjectPrefix: 'vigil-test.incident-status.ab12',
      durable: 'vigil-test-incident-status-ab12',
    });
  });

  it('never puts characters JetStream forbids in names (dots, wildcards, spaces) into them', () => {
    const names = testNatsNames(' orders.*.> v2 ', 'ff');
    expect(names.stream).toMatch(/^[A-Z0-9_]+$/);
    expect(names.durable).toMatch(/^[a-z0-9-]+$/);
    expect(names.subjectPrefix.split('.')).toEqual(['vigil-test', 'orders-v2', 'ff']);
  });

  it('gives two calls with the same label different names', () => {
    const first = testNatsNames('ingest');
    const second = testNatsNames('ingest');
    expect(first.stream).not.toBe(second.stream);
    expect(first.subjectPrefix).not.toBe(second.subjectPrefix);
    expect(first.durable).not.toBe(second.durable);
  });

  it('shortens long labels', () => {
    expect(testNatsNames('a'.repeat(100), '1').durable).toBe(`vigil-test-${'a'.repeat(32)}-1`);
  });

  it('rejects a label with nothing to name streams with', () => {
    expect(() => testNatsNames('...', '1')).toThrow(/has no letters or digits/);
  });
});
