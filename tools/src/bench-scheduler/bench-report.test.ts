import { describe, expect, test } from 'vitest';
import { formatTable, reportRows, type SchedulerBenchFigures } from './bench-report.js';
import type { RoundResult } from './bench-round.js';

const latency = (p99: number) => ({ count: 500, p50: 10, p95: 20, p99, max: p99 + 5 });

/** One round in which each side took the given seconds and CPU seconds (coordinator, shared). */
const round = (vigil: [number, number, number], graphile: [number, number, number]): RoundResult => ({
  vigil: { seconds: vigil[0], cpu: { coordinatorSeconds: vigil[1], sharedSeconds: vigil[2] } },
  graphile: { seconds: graphile[0], cpu: { coordinatorSeconds: graphile[1], sharedSeconds: graphile[2] } },
});

const figures = (over: Partial<SchedulerBenchFigures> = {}): SchedulerBenchFigures => ({
  incidents: 5_000,
  rounds: [round([15, 2, 12], [20, 4, 13]), round([25, 3, 13], [30, 6, 13])],
  visibleLatencyMs: latency(30),
  appliedLatencyMs: latency(25),
  ...over,
});

const row = (rows: ReturnType<typeof reportRows>, start: string) => rows.find((r) => r.what.startsWith(start));

describe('reportRows', () => {
  test('each rate is all snapshots over the rounds summed, with each round shown', () => {
    const rows = reportRows(figures());
    expect(row(rows, 'Vigil')?.result).toBe('125.0/s (15.00 s in round 1 + 25.00 s in round 2)');
    expect(row(rows, 'graphile')?.result).toBe('100.0/s (20.00 s in round 1 + 30.00 s in round 2)');
  });

  test('the ratio is Vigil over graphile-worker and passes when Vigil is faster', () => {
    expect(row(reportRows(figures()), 'ratio')).toMatchObject({ result: '1.25x', verdict: 'PASS' });
  });

  test('Vigil slower than graphile-worker fails the ratio; equal passes', () => {
    const slower = figures({ rounds: [round([30, 0, 0], [25, 0, 0])] });
    expect(row(reportRows(slower), 'ratio')).toMatchObject({ result: '0.83x', verdict: 'FAIL' });
    expect(row(reportRows(figures({ rounds: [round([25, 0, 0], [25, 0, 0])] })), 'ratio')?.verdict).toBe('PASS');
  });

  test('visible latency passes at p99 250 ms and fails above it', () => {
    expect(row(reportRows(figures({ visibleLatencyMs: latency(250) })), 'status change -> pending')?.verdict).toBe(
      'PASS',
    );
    expect(row(reportRows(figures({ visibleLatencyMs: latency(250.1) })), 'status change -> pending')?.verdict).toBe(
      'FAIL',
    );
  });

  test('the applied latency is information only, never a verdict', () => {
    expect(row(reportRows(figures({ appliedLatencyMs: latency(9_999) })), 'status change -> scheduler')?.verdict).toBe(
      '',
    );
  });

  test('CPU is summed over the rounds and shown per snapshot for each side', () => {
    const rows = reportRows(figures());
    expect(row(rows, 'CPU per snapshot: the side')).toMatchObject({
      result: 'Vigil 1.00 ms, graphile-worker 2.00 ms',
      verdict: '',
    });
    expect(row(rows, 'CPU per snapshot: incidents')?.result).toBe('Vigil 5.00 ms, graphile-worker 5.20 ms');
  });
});

describe('formatTable', () => {
  test('aligned columns under a header and a rule', () => {
    const text = formatTable([{ what: 'a', result: 'long result', required: '', verdict: 'PASS' }]);
    expect(text.split('\n')).toEqual([
      'measurement | result      | required | verdict',
      '------------|-------------|----------|--------',
      'a           | long result |          | PASS',
    ]);
  });
});
