import { describe, expect, test } from 'vitest';
import { benchRows, formatTable, type BenchFigures } from './bench-report.js';

const passing: BenchFigures = {
  databaseLimit: 20_000,
  batches: 8_000,
  unary: { perSecond: 6_000, p50Ms: 9, p99Ms: 30 },
  duplicates: [
    { policy: 'LAST_WRITE_WINS', perSecond: 7_000 },
    { policy: 'FIRST_WRITE_WINS', perSecond: 6_400 },
  ],
  stats: [
    { query: '', p50Ms: 10, p95Ms: 20 },
    { query: 'level:error', p50Ms: 10, p95Ms: 50 },
  ],
};

const verdicts = (f: BenchFigures) => benchRows(f).map((r) => r.verdict);

describe('benchRows', () => {
  test('figures at or above every bound pass', () => {
    expect(verdicts(passing)).toEqual(['', 'PASS', 'PASS', 'PASS', 'PASS', 'PASS', 'PASS']);
  });

  test('each requirement fails on its own bound', () => {
    expect(verdicts({ ...passing, batches: 6_999 })[1]).toBe('FAIL');
    expect(verdicts({ ...passing, unary: { perSecond: 4_999, p50Ms: 9, p99Ms: 30 } })[2]).toBe('FAIL');
    expect(verdicts({ ...passing, unary: { perSecond: 6_000, p50Ms: 9, p99Ms: 50.1 } })[2]).toBe('FAIL');
    expect(verdicts({ ...passing, duplicates: [{ policy: 'FIRST_WRITE_WINS', perSecond: 6_399 }] })[3]).toBe('FAIL');
    expect(verdicts({ ...passing, stats: [{ query: '', p50Ms: 10, p95Ms: 50.1 }] })[5]).toBe('FAIL');
  });

  test('throughputs are shown as shares of the database limit', () => {
    expect(
      benchRows(passing)
        .map((r) => r.ofLimit)
        .slice(0, 5),
    ).toEqual(['100%', '40%', '30%', '35%', '32%']);
  });
});

describe('formatTable', () => {
  test('aligns columns under a header', () => {
    const lines = formatTable(benchRows(passing)).split('\n');
    expect(lines).toHaveLength(2 + 7);
    expect(lines[0]).toMatch(/^measurement +\| result +\| of \(a\) \| required +\| verdict$/);
    expect(lines[3]).toContain('(b) StoreEvents, batches of 500');
    expect(lines.slice(2).every((l) => l.split('|').length === 5)).toBe(true);
  });
});
