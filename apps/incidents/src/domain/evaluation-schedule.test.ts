import { describe, expect, it } from 'vitest';
import { nextEvaluationAt } from './evaluation-schedule.js';

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const T0 = Date.UTC(2021, 0, 1);
const at = (ms: number) => new Date(T0 + ms);

describe('nextEvaluationAt', () => {
  it('keeps the rule on its rhythm when evaluated late within the interval', () => {
    expect(nextEvaluationAt(at(0), at(20 * SECOND), MINUTE)).toEqual(at(MINUTE));
    expect(nextEvaluationAt(at(0), at(0), MINUTE)).toEqual(at(MINUTE));
  });

  it('skips slots missed while nobody evaluated the rule', () => {
    expect(nextEvaluationAt(at(0), at(3 * MINUTE + SECOND), MINUTE)).toEqual(at(4 * MINUTE));
    expect(nextEvaluationAt(at(0), at(3 * MINUTE), MINUTE)).toEqual(at(4 * MINUTE));
  });

  it('never schedules the next run at or before the slot just run', () => {
    expect(nextEvaluationAt(at(MINUTE), at(0), MINUTE)).toEqual(at(2 * MINUTE));
  });
});
