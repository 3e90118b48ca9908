// The benchmark's table: both rates, their ratio, the status-change latency,
// the CPU each side used, and PASS/FAIL against issue 5's requirements.
import type { RoundResult } from './bench-round.js';
import type { Side } from './cpu-accounting.js';
import type { LatencySummary } from './latency-summary.js';

export interface SchedulerBenchFigures {
  /** Snapshots each side made over all timed rounds. */
  readonly incidents: number;
  /** The timed rounds, in order. */
  readonly rounds: readonly RoundResult[];
  /** Status change returned → row visible through GetPendingSnapshot (polled). */
  readonly visibleLatencyMs: LatencySummary;
  /** Status change returned → the scheduler began applying it (its created_at), a lower bound. */
  readonly appliedLatencyMs: LatencySummary;
}

interface ReportRow {
  readonly what: string;
  readonly result: string;
  readonly required: string;
  readonly verdict: string;
}

/** Latency the issue allows at p99, status change committed → pending row. */
const MAX_P99_MS = 250;

const ms = (value: number) => `${value.toFixed(1)} ms`;
const verdict = (ok: boolean) => (ok ? 'PASS' : 'FAIL');
const spread = (l: LatencySummary) =>
  `p50 ${ms(l.p50)}, p95 ${ms(l.p95)}, p99 ${ms(l.p99)}, max ${ms(l.max)} (n=${l.count})`;
const sum = (values: readonly number[]) => values.reduce((a, b) => a + b, 0);

export function reportRows(f: SchedulerBenchFigures): ReportRow[] {
  const seconds = (side: Side) => sum(f.rounds.map((round) => round[side].seconds));
  const cpu = (side: Side, part: 'coordinatorSeconds' | 'sharedSeconds') =>
    `${((1000 * sum(f.rounds.map((round) => round[side].cpu[part]))) / f.incidents).toFixed(2)} ms`;
  const rateRow = (side: Side, name: string): ReportRow => {
    const rounds = f.rounds.map((round, i) => `${round[side].seconds.toFixed(2)} s in round ${i + 1}`).join(' + ');
    const rate = (f.incidents / seconds(side)).toFixed(1);
    return {
      what: `${name}: ${f.incidents.toLocaleString('en-US')} snapshots`,
      result: `${rate}/s (${rounds})`,
      required: '',
      verdict: '',
    };
  };
  const ratio = seconds('graphile') / seconds('vigil');
  return [
    rateRow('vigil', 'Vigil scheduler'),
    rateRow('graphile', 'graphile-worker'),
    {
      what: 'ratio Vigil / graphile-worker',
      result: `${ratio.toFixed(2)}x`,
      required: '>= 1.00x',
      verdict: verdict(ratio >= 1),
    },
    {
      what: 'status change -> pending row visible',
      result: spread(f.visibleLatencyMs),
      required: `p99 <= ${MAX_P99_MS} ms`,
      verdict: verdict(f.visibleLatencyMs.p99 <= MAX_P99_MS),
    },
    {
      what: 'status change -> scheduler applies it',
      result: spread(f.appliedLatencyMs),
      required: '(lower bound, info)',
      verdict: '',
    },
    {
      what: 'CPU per snapshot: the side itself + its DB',
      result: `Vigil ${cpu('vigil', 'coordinatorSeconds')}, graphile-worker ${cpu('graphile', 'coordinatorSeconds')}`,
      required: '(info)',
      verdict: '',
    },
    {
      what: 'CPU per snapshot: incidents + ingest + DBs',
      result: `Vigil ${cpu('vigil', 'sharedSeconds')}, graphile-worker ${cpu('graphile', 'sharedSeconds')}`,
      required: '(info: same work)',
      verdict: '',
    },
  ];
}

export function formatTable(rows: readonly ReportRow[]): string {
  const header: ReportRow = { what: 'measurement', result: 'result', required: 'required', verdict: 'verdict' };
  const keys = ['what', 'result', 'required', 'verdict'] as const;
  const widths = keys.map((k) => Math.max(...[header, ...rows].map((r) => r[k].length)));
  const line = (r: ReportRow) =>
    keys
      .map((k, i) => r[k].padEnd(widths[i] ?? 0))
      .join(' | ')
      .trimEnd();
  return [line(header), widths.map((w) => '-'.repeat(w)).join('-|-'), ...rows.map(line)].join('\n');
}
