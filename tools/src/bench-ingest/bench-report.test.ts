import { describe, expect, test } from 'vitest';
import { benchRows, formatTable, type BenchFigures } from './bench-report.js';

const passing: BenchFigures = {
  plainFloor: 40_000,
  databaseLimit: 20_000,
  batches: 12_000,
  unary: { perSecond: 6_000, p50Ms: 9, p99Ms: 30 },
  duplicates: [
    { policy: 'LAST_WRITE_WINS', perSecond: 9_600 },
    { policy: 'FIRST_WRITE_WINS', perSecond: 10_000 },
  ],
  stats: [
    { query: '', p50Ms: 10, p95Ms: 20 },
    { query: 'level:error', p50Ms: 10, p95Ms: 50 },
  ],
  dayDrop: {
    dayEvents: 1_000_000,
    dropSeconds: 1,
    detachedSeconds: 0.2,
    liveLockedMs: 40,
    freeFloor: { bytes: 850e6, aloneSeconds: 0.34, loadedSeconds: 0.5, onlineDiscard: true },
    batchesWithout: 10_000,
    batchesDuring: 9_000,
    unaryP99WithoutMs: 20,
    unaryP99DuringMs: 30,
  },
  bytesPerEvent: { events: 600, counters: 50, groups: 1 },
};

const verdicts = (f: BenchFigures) => benchRows(f).map((r) => r.verdict);
const withDrop = (change: Partial<NonNullable<BenchFigures['dayDrop']>>): BenchFigures => ({
  ...passing,
  dayDrop: { ...(passing.dayDrop as NonNullable<BenchFigures['dayDrop']>), ...change },
});

describe('benchRows', () => {
  test('figures at or above every bound pass', () => {
    expect(verdicts(passing)).toEqual([
      '',
      '',
      'PASS',
      'PASS',
      'PASS',
      'PASS',
      'PASS',
      'PASS',
      '',
      'PASS',
      '',
      'PASS',
      'PASS',
      '',
    ]);
  });

  test('each requirement fails on its own bound', () => {
    expect(verdicts({ ...passing, batches: 11_999 })[2]).toBe('FAIL');
    expect(verdicts({ ...passing, unary: { perSecond: 4_999, p50Ms: 9, p99Ms: 30 } })[3]).toBe('FAIL');
    expect(verdicts({ ...passing, unary: { perSecond: 6_000, p50Ms: 9, p99Ms: 50.1 } })[3]).toBe('FAIL');
    expect(verdicts({ ...passing, duplicates: [{ policy: 'LAST_WRITE_WINS', perSecond: 9_599 }] })[4]).toBe('FAIL');
    expect(verdicts({ ...passing, duplicates: [], stats: [{ query: '', p50Ms: 10, p95Ms: 50.1 }] })[4]).toBe('FAIL');
    expect(verdicts(withDrop({ dropSeconds: 1.01 }))[9]).toBe('FAIL');
    expect(verdicts(withDrop({ batchesDuring: 8_999 }))[11]).toBe('FAIL');
    expect(verdicts(withDrop({ unaryP99DuringMs: 30.1 }))[12]).toBe('FAIL');
  });

  test("(f) shows the floor of freeing the day's files, or why it was not measured", () => {
    expect(benchRows(passing)[8]).toMatchObject({
      what: expect.stringContaining('(850 MB)'),
      result: '0.34 s / 0.50 s',
    });
    expect(benchRows(withDrop({ freeFloor: 'not measured: database not on this machine' }))[8]?.result).toBe(
      'not measured: database not on this machine',
    );
    expect(benchRows(passing)[10]?.result).toBe('0.20 s / 40 ms');
  });

  test('throughputs are shown as shares of the database limit, (a) as a share of the floor', () => {
    const rows = benchRows(passing);
    expect(rows.map((r) => r.ofLimit).slice(0, 5)).toEqual(['200%', '100%', '60%', '30%', '48%']);
    expect(rows[1]?.result).toBe('20,000/s ((a)/(a0) 50%)');
    expect(rows.at(-1)?.result).toBe('651 B (600 / 50 / 1)');
  });
});

describe('formatTable', () => {
  test('aligns columns under a header', () => {
    const lines = formatTable(benchRows(passing)).split('\n');
    expect(lines).toHaveLength(2 + 14);
    expect(lines[0]).toMatch(/^measurement +\| result +\| of \(a\) \| required +\| verdict$/);
    expect(lines[4]).toContain('(b) StoreEvents, batches of 500');
    expect(lines.slice(2).every((l) => l.split('|').length === 5)).toBe(true);
  });
});
