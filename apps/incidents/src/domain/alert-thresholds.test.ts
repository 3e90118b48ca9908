import { InvalidArgumentError } from '@vigil/runtime';
import { describe, expect, it } from 'vitest';
import { checkThresholds, isResolved, resolveThresholdInEffect, triggeredLevel } from './alert-thresholds.js';
import type { AlertThresholds } from './incident.js';

const above = (critical: number, warning: number | null = null, resolve: number | null = null): AlertThresholds => ({
  comparison: 'ABOVE',
  critical,
  warning,
  resolve,
});
const below = (critical: number, warning: number | null = null, resolve: number | null = null): AlertThresholds => ({
  comparison: 'BELOW',
  critical,
  warning,
  resolve,
});

function violation(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    if (error instanceof InvalidArgumentError) return error.field;
    throw error;
  }
  throw new Error('expected an InvalidArgumentError');
}

describe('triggeredLevel', () => {
  it('crosses a threshold strictly: above 10 fires at 11, not at 10', () => {
    expect(triggeredLevel(above(10), 10)).toBe(null);
    expect(triggeredLevel(above(10), 11)).toBe('CRITICAL');
    expect(triggeredLevel(above(10, 5), 6)).toBe('WARNING');
    expect(triggeredLevel(above(10, 5), 5)).toBe(null);
  });

  it('reads BELOW the other way round', () => {
    expect(triggeredLevel(below(2, 5), 1)).toBe('CRITICAL');
    expect(triggeredLevel(below(2, 5), 4)).toBe('WARNING');
    expect(triggeredLevel(below(2, 5), 5)).toBe(null);
  });
});

describe('resolve threshold', () => {
  it('defaults to the lowest trigger threshold, so every value triggers or resolves', () => {
    expect(resolveThresholdInEffect(above(10, 5))).toBe(5);
    expect(resolveThresholdInEffect(above(10))).toBe(10);
    expect(resolveThresholdInEffect(below(2, 5))).toBe(5);
    for (let value = 0; value <= 12; value += 1) {
      expect(triggeredLevel(above(10, 5), value) === null).toBe(isResolved(above(10, 5), value));
    }
  });

  it('resolves at or under a given resolve threshold (ABOVE), at or over it (BELOW)', () => {
    expect(isResolved(above(10, 5, 2), 2)).toBe(true);
    expect(isResolved(above(10, 5, 2), 3)).toBe(false);
    expect(isResolved(below(2, 5, 8), 8)).toBe(true);
    expect(isResolved(below(2, 5, 8), 7)).toBe(false);
  });
});

describe('checkThresholds', () => {
  it('accepts thresholds ordered with the comparison', () => {
    expect(checkThresholds(above(10, 5, 5))).toEqual(above(10, 5, 5));
    expect(checkThresholds(below(2, 5, 9))).toEqual(below(2, 5, 9));
  });

  it('names the field that is out of order', () => {
    expect(violation(() => checkThresholds(above(10, 10)))).toBe('thresholds.warning');
    expect(violation(() => checkThresholds(below(5, 2)))).toBe('thresholds.warning');
    expect(violation(() => checkThresholds(above(10, 5, 6)))).toBe('thresholds.resolve');
    expect(violation(() => checkThresholds(above(10, null, 11)))).toBe('thresholds.resolve');
    expect(violation(() => checkThresholds(below(2, 5, 4)))).toBe('thresholds.resolve');
  });

  it('refuses values that are not finite counts', () => {
    expect(violation(() => checkThresholds(above(Number.NaN)))).toBe('thresholds.critical');
    expect(violation(() => checkThresholds(above(-1)))).toBe('thresholds.critical');
    expect(violation(() => checkThresholds(above(10, Number.POSITIVE_INFINITY)))).toBe('thresholds.warning');
  });
});
