// The benchmark's table: each figure beside the database's own limit (a)
// measured in the same run, and PASS/FAIL against the requirements.

export interface BenchFigures {
  /** (a) rows/s. */
  readonly databaseLimit: number;
  /** (b) events/s. */
  readonly batches: number;
  /** (c) events/s and latency. */
  readonly unary: { readonly perSecond: number; readonly p50Ms: number; readonly p99Ms: number };
  /** (d) events/s per policy. */
  readonly duplicates: readonly { readonly policy: string; readonly perSecond: number }[];
  /** (e) latency per query. */
  readonly stats: readonly { readonly query: string; readonly p50Ms: number; readonly p95Ms: number }[];
}

interface Row {
  readonly what: string;
  readonly result: string;
  readonly ofLimit: string;
  readonly requirement: string;
  readonly verdict: string;
}

const rate = (n: number) => `${Math.round(n).toLocaleString('en-US')}/s`;
const ms = (n: number) => `${n.toFixed(1)} ms`;
const share = (part: number, whole: number) => `${((100 * part) / whole).toFixed(0)}%`;
const verdict = (ok: boolean) => (ok ? 'PASS' : 'FAIL');

export function benchRows(f: BenchFigures): Row[] {
  const a = f.databaseLimit;
  const rows: Row[] = [
    { what: '(a) database limit: server-side upsert', result: rate(a), ofLimit: '100%', requirement: '', verdict: '' },
    {
      what: '(b) StoreEvents, batches of 500',
      result: rate(f.batches),
      ofLimit: share(f.batches, a),
      requirement: '>= 35% of (a)',
      verdict: verdict(f.batches >= 0.35 * a),
    },
    {
      what: '(c) StoreEvent, 64 in flight',
      result: `${rate(f.unary.perSecond)}, p50 ${ms(f.unary.p50Ms)}, p99 ${ms(f.unary.p99Ms)}`,
      ofLimit: share(f.unary.perSecond, a),
      requirement: '>= 5,000/s, p99 <= 50 ms',
      verdict: verdict(f.unary.perSecond >= 5000 && f.unary.p99Ms <= 50),
    },
  ];
  for (const d of f.duplicates) {
    rows.push({
      what: `(d) (b) with 50% duplicates, ${d.policy}`,
      result: `${rate(d.perSecond)} (${share(d.perSecond, f.batches)} of (b))`,
      ofLimit: share(d.perSecond, a),
      requirement: '>= 80% of (b)',
      verdict: verdict(d.perSecond >= 0.8 * f.batches),
    });
  }
  for (const s of f.stats) {
    rows.push({
      what: `(e) GetEventStats 200 x 1 h, ${s.query === '' ? 'unfiltered' : s.query}`,
      result: `p50 ${ms(s.p50Ms)}, p95 ${ms(s.p95Ms)}`,
      ofLimit: '',
      requirement: 'p95 <= 50 ms',
      verdict: verdict(s.p95Ms <= 50),
    });
  }
  return rows;
}

export function formatTable(rows: readonly Row[]): string {
  const header: Row = {
    what: 'measurement',
    result: 'result',
    ofLimit: 'of (a)',
    requirement: 'required',
    verdict: 'verdict',
  };
  const all = [header, ...rows];
  const keys = ['what', 'result', 'ofLimit', 'requirement', 'verdict'] as const;
  const widths = keys.map((k) => Math.max(...all.map((r) => r[k].length)));
  const line = (r: Row) =>
    keys
      .map((k, i) => r[k].padEnd(widths[i] ?? 0))
      .join(' | ')
      .trimEnd();
  return [line(header), widths.map((w) => '-'.repeat(w)).join('-|-'), ...rows.map(line)].join('\n');
}
