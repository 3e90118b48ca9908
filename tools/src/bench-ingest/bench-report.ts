// The benchmark's table: each figure beside the database's own limit (a)
// measured in the same run, and PASS/FAIL against the requirements.

export interface BenchFigures {
  /** (a0) rows/s into a plain table: the physical floor. */
  readonly plainFloor: number;
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
  /** (f) dropping a day of `dayEvents` events, and the store load without and during the drop. */
  readonly dayDrop?: {
    readonly dayEvents: number;
    /** Until the day's files are gone: the figure the bound is about. */
    readonly dropSeconds: number;
    /** Until the day had left the live tables, and how long those were locked (writes and reads waiting). */
    readonly detachedSeconds: number;
    readonly liveLockedMs: number;
    /** (f0) freeing a file of the day's size on the database's filesystem, alone and under the store load, or why it was not measured. */
    readonly freeFloor:
      | {
          readonly bytes: number;
          readonly aloneSeconds: number;
          readonly loadedSeconds: number;
          readonly onlineDiscard: boolean | undefined;
        }
      | string;
    readonly batchesWithout: number;
    readonly batchesDuring: number;
    readonly unaryP99WithoutMs: number;
    readonly unaryP99DuringMs: number;
  };
  /** (g) StoreEvent (64 in flight) alone and while 8 worst-case statistics calls run, and how those were answered. */
  readonly loadedWrites?: {
    readonly aloneRate: number;
    readonly loadedRate: number;
    readonly aloneP99Ms: number;
    readonly loadedP99Ms: number;
    readonly statsAnswers: string;
  };
  /** Bytes on disk per stored event, by what holds them. */
  readonly bytesPerEvent?: { readonly events: number; readonly counters: number; readonly groups: number };
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
    {
      what: '(a0) floor: same rows into a plain table, no counters',
      result: rate(f.plainFloor),
      ofLimit: share(f.plainFloor, a),
      requirement: '',
      verdict: '',
    },
    {
      what: '(a) database limit: server-side upsert',
      result: `${rate(a)} ((a)/(a0) ${share(a, f.plainFloor)})`,
      ofLimit: '100%',
      requirement: '',
      verdict: '',
    },
    {
      what: '(b) StoreEvents, batches of 500',
      result: rate(f.batches),
      ofLimit: share(f.batches, a),
      requirement: '>= 60% of (a)',
      verdict: verdict(f.batches >= 0.6 * a),
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
  if (f.dayDrop) rows.push(...dayDropRows(f.dayDrop));
  if (f.loadedWrites) rows.push(...loadedWritesRows(f.loadedWrites));
  if (f.bytesPerEvent) {
    const b = f.bytesPerEvent;
    rows.push({
      what: 'bytes on disk per event: events+indexes / counters / groups',
      result: `${(b.events + b.counters + b.groups).toFixed(0)} B (${b.events.toFixed(0)} / ${b.counters.toFixed(0)} / ${b.groups.toFixed(0)})`,
      ofLimit: '',
      requirement: '',
      verdict: '',
    });
  }
  return rows;
}

/** (f) depends on it: inline trimming made freeing the day's files about 3x slower here (README). */
function discardNote(onlineDiscard: boolean | undefined): string {
  if (onlineDiscard === undefined) return '';
  return onlineDiscard ? '; filesystem trims inline (discard)' : '; no inline trim (no discard)';
}

function dayDropRows(d: NonNullable<BenchFigures['dayDrop']>): Row[] {
  const floor = d.freeFloor;
  return [
    {
      what:
        typeof floor === 'string'
          ? "(f0) floor: freeing a file of the day's size"
          : `(f0) floor: freeing a file of the day's size (${(floor.bytes / 1e6).toFixed(0)} MB), alone / under load` +
            discardNote(floor.onlineDiscard),
      result:
        typeof floor === 'string' ? floor : `${floor.aloneSeconds.toFixed(2)} s / ${floor.loadedSeconds.toFixed(2)} s`,
      ofLimit: '',
      requirement: '',
      verdict: '',
    },
    {
      what: `(f) drop a day of ${d.dayEvents.toLocaleString('en-US')} events (retention), until its files are gone`,
      result: `${d.dropSeconds.toFixed(2)} s`,
      ofLimit: '',
      requirement: '<= 1 s',
      verdict: verdict(d.dropSeconds <= 1),
    },
    {
      what: '(f) of it: until the day left the live tables / they were locked',
      result: `${d.detachedSeconds.toFixed(2)} s / ${d.liveLockedMs.toFixed(0)} ms`,
      ofLimit: '',
      requirement: '',
      verdict: '',
    },
    {
      what: '(f) StoreEvents during the drop vs without',
      result: `${rate(d.batchesDuring)} vs ${rate(d.batchesWithout)} (${share(d.batchesDuring, d.batchesWithout)})`,
      ofLimit: '',
      requirement: '>= 90%',
      verdict: verdict(d.batchesDuring >= 0.9 * d.batchesWithout),
    },
    {
      what: '(f) StoreEvent p99 during the drop vs without',
      result: `${ms(d.unaryP99DuringMs)} vs ${ms(d.unaryP99WithoutMs)} (${(d.unaryP99DuringMs / d.unaryP99WithoutMs).toFixed(2)}x)`,
      ofLimit: '',
      requirement: '<= 1.5x',
      verdict: verdict(d.unaryP99DuringMs <= 1.5 * d.unaryP99WithoutMs),
    },
  ];
}

function loadedWritesRows(g: NonNullable<BenchFigures['loadedWrites']>): Row[] {
  return [
    {
      what: '(g) StoreEvent with 8 statistics calls running vs without',
      result: `${rate(g.loadedRate)} vs ${rate(g.aloneRate)} (${share(g.loadedRate, g.aloneRate)})`,
      ofLimit: '',
      requirement: '>= 80%',
      verdict: verdict(g.loadedRate >= 0.8 * g.aloneRate),
    },
    {
      what: '(g) StoreEvent p99 with 8 statistics calls running vs without',
      result: `${ms(g.loadedP99Ms)} vs ${ms(g.aloneP99Ms)} (${(g.loadedP99Ms / g.aloneP99Ms).toFixed(2)}x)`,
      ofLimit: '',
      requirement: '<= 2x',
      verdict: verdict(g.loadedP99Ms <= 2 * g.aloneP99Ms),
    },
    {
      what: '(g) the statistics calls were answered',
      result: g.statsAnswers,
      ofLimit: '',
      requirement: '',
      verdict: '',
    },
  ];
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
