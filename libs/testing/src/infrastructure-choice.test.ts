import { describe, expect, it } from 'vitest';
import { parseInfrastructureChoice } from './infrastructure-choice.js';

describe('parseInfrastructureChoice (VIGIL_TEST_INFRA)', () => {
  it('is auto when unset or blank', () => {
    expect(parseInfrastructureChoice(undefined)).toBe('auto');
    expect(parseInfrastructureChoice('  ')).toBe('auto');
  });

  it('takes the explicit choices', () => {
    expect(parseInfrastructureChoice('containers')).toBe('containers');
    expect(parseInfrastructureChoice(' services ')).toBe('services');
    expect(parseInfrastructureChoice('auto')).toBe('auto');
  });

  it('fails on anything else, naming the variable and the allowed values', () => {
    expect(() => parseInfrastructureChoice('docker')).toThrow(
      'VIGIL_TEST_INFRA must be one of containers, services, auto (or unset for auto); got "docker"',
    );
  });
});
