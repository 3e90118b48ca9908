import { describe, expect, it } from 'vitest';
import type { AlertThresholds } from './incident.js';
import { ruleTransition } from './rule-transition.js';

const warnAt5CriticalAt10: AlertThresholds = { comparison: 'ABOVE', critical: 10, warning: 5, resolve: 2 };
const criticalOnly: AlertThresholds = { comparison: 'ABOVE', critical: 10, warning: null, resolve: null };

describe('ruleTransition', () => {
  it('opens an incident at the level crossed, and nothing below the thresholds', () => {
    expect(ruleTransition(warnAt5CriticalAt10, 6, null)).toEqual({ kind: 'opened', status: 'WARNING' });
    expect(ruleTransition(warnAt5CriticalAt10, 11, null)).toEqual({ kind: 'opened', status: 'CRITICAL' });
    expect(ruleTransition(warnAt5CriticalAt10, 5, null)).toEqual({ kind: 'unchanged' });
  });

  it('escalates and de-escalates the active incident', () => {
    expect(ruleTransition(warnAt5CriticalAt10, 11, 'WARNING')).toEqual({ kind: 'escalated', status: 'CRITICAL' });
    expect(ruleTransition(warnAt5CriticalAt10, 6, 'CRITICAL')).toEqual({ kind: 'de_escalated', status: 'WARNING' });
    expect(ruleTransition(warnAt5CriticalAt10, 6, 'OPEN')).toEqual({ kind: 'escalated', status: 'WARNING' });
    expect(ruleTransition(warnAt5CriticalAt10, 11, 'CRITICAL')).toEqual({ kind: 'unchanged' });
  });

  it('closes at or under the resolve threshold, and holds between it and the warning threshold', () => {
    expect(ruleTransition(warnAt5CriticalAt10, 2, 'WARNING')).toEqual({ kind: 'resolved', status: 'CLOSED' });
    expect(ruleTransition(warnAt5CriticalAt10, 3, 'WARNING')).toEqual({ kind: 'unchanged' });
    expect(ruleTransition(warnAt5CriticalAt10, 3, 'CRITICAL')).toEqual({ kind: 'de_escalated', status: 'WARNING' });
    expect(ruleTransition(criticalOnly, 10, 'CRITICAL')).toEqual({ kind: 'resolved', status: 'CLOSED' });
  });

  it('reads BELOW rules the other way round', () => {
    const tooQuiet: AlertThresholds = { comparison: 'BELOW', critical: 1, warning: 5, resolve: null };
    expect(ruleTransition(tooQuiet, 0, null)).toEqual({ kind: 'opened', status: 'CRITICAL' });
    expect(ruleTransition(tooQuiet, 3, 'CRITICAL')).toEqual({ kind: 'de_escalated', status: 'WARNING' });
    expect(ruleTransition(tooQuiet, 5, 'WARNING')).toEqual({ kind: 'resolved', status: 'CLOSED' });
  });
});
