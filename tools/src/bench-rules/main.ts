// `npm run bench:rules` (tsx tools/src/bench-rules/main.ts): issue 15's
// benchmark. N alert rules over real stored events, evaluated by one
// incidents replica (built as it ships) against the real ingest: the time to
// evaluate every rule once, and the sustained rules per minute, beside the
// same statistics calls made directly (the floor). See README.md here.
// BENCH_QUICK=1: 1,000 rules, 15 s sustained. RULES, CONCURRENCY, BATCH_SIZE,
// SUSTAIN_SECONDS override. Exits 0 whatever the figures; non-zero only if
// something errors (processes, databases and the stream are removed either way).
import { callUnary } from '@vigil/runtime';
import { randomBytes } from 'node:crypto';
import { loadavg } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import { benchDatabases } from '../bench-scheduler/bench-databases.js';
import { createCleanupStack } from '../bench-scheduler/cleanup-stack.js';
import { cpuUsedBetween, readCpu } from '../bench-scheduler/process-cpu.js';
import { startRuleBenchServices } from './bench-services.js';
import { evaluationsSoFar } from './evaluation-counts.js';
import { benchEvents, insertRules, makeAllDue, ruleIncidents, rulesNotEvaluatedSince } from './rule-population.js';
import { statisticsFloorSeconds } from './statistics-floor.js';

const REQUIRED_RULES = 10_000;
const REQUIRED_SECONDS = 60;

const env = process.env;
const quick = ['1', 'true'].includes(env['BENCH_QUICK'] ?? '');
const rules = Number(env['RULES'] ?? (quick ? 1_000 : REQUIRED_RULES));
const concurrency = Number(env['CONCURRENCY'] ?? 16);
const batchSize = Number(env['BATCH_SIZE'] ?? 100);
const sustainSeconds = Number(env['SUSTAIN_SECONDS'] ?? (quick ? 15 : 60));
const adminUrl = env['BENCH_DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const natsUrl = env['NATS_URL'] ?? 'nats://127.0.0.1:4222';

const began = performance.now();
const progress = (text: string) =>
  console.error(`[bench:rules ${((performance.now() - began) / 1000).toFixed(0)}s] ${text}`);
const cleanup = createCleanupStack(progress);
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => void cleanup.runAll().finally(() => process.exit(130)));
}
const load = () =>
  loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');

async function main(): Promise<void> {
  const runId = randomBytes(4).toString('hex');
  progress(
    `${quick ? 'quick smoke run' : 'full run'} ${runId}: ${rules} rules; building and starting ingest and incidents`,
  );
  const databases = benchDatabases(adminUrl, runId);
  cleanup.add('databases', () => databases.dropAll());
  const services = await startRuleBenchServices({
    runId,
    natsUrl,
    databases,
    cleanup,
    incidentsEnv: {
      // Shorter than a pass: once every rule has had its turn, each is due
      // again at once, so the sustained phase measures capacity.
      RULE_EVALUATION_INTERVAL_MS: '1s',
      RULE_EVALUATION_POLL_INTERVAL_MS: '100',
      RULE_EVALUATION_CONCURRENCY: String(concurrency),
      RULE_EVALUATION_BATCH_SIZE: String(batchSize),
    },
  });

  const events = benchEvents(Date.now());
  for (let i = 0; i < events.length; i += 500) {
    const { results } = await callUnary(
      services.ingest,
      'storeEvents',
      { events: events.slice(i, i + 500) },
      { timeoutMs: 60_000 },
    );
    const rejected = results.find((result) => result.rejection !== undefined);
    if (rejected) throw new Error(`ingest rejected a bench event: ${JSON.stringify(rejected.rejection)}`);
  }
  await insertRules(databases.url('incidents'), rules);
  progress(`${events.length} events stored, ${rules} rules parked; the floor: ${rules} statistics calls directly`);

  const loadBefore = load();
  // CPU seconds (user + system) of each service with its database's backends: what a phase costs the
  // machine, which load from other processes does not change (wall-clock times do).
  const cpuDuring = async <T>(work: () => Promise<T>) => {
    const before = await readCpu(services.processes);
    const result = await work();
    const used = cpuUsedBetween(before, await readCpu(services.processes));
    return { result, ingest: used.get('ingest') ?? 0, incidents: used.get('incidents') ?? 0 };
  };
  const floor = await cpuDuring(() => statisticsFloorSeconds(services.ingest, rules, concurrency));
  const floorSeconds = floor.result;
  progress(`floor ${floorSeconds.toFixed(1)} s; now every rule due at once`);

  const pass = await cpuDuring(async () => {
    const dueAt = await makeAllDue(databases.url('incidents'));
    const passBegan = performance.now();
    for (;;) {
      const left = await rulesNotEvaluatedSince(databases.url('incidents'), dueAt);
      if (left === 0) break;
      await sleep(200);
    }
    return (performance.now() - passBegan) / 1000;
  });
  const onceSeconds = pass.result;
  const loadAfterPass = load();
  const opened = await ruleIncidents(databases.url('incidents'));
  progress(`all evaluated once in ${onceSeconds.toFixed(1)} s; sustained for ${sustainSeconds} s`);

  const before = await evaluationsSoFar(services.incidentsMetricsUrl);
  const sustainBegan = performance.now();
  await sleep(sustainSeconds * 1000);
  const after = await evaluationsSoFar(services.incidentsMetricsUrl);
  const sustainedPerMinute = ((after.settled - before.settled) * 60) / ((performance.now() - sustainBegan) / 1000);
  const openedAfter = await ruleIncidents(databases.url('incidents'));

  const expectedOpened = Math.ceil(rules / 10);
  const verdict = (ok: boolean) => (ok ? 'PASS' : 'FAIL');
  console.log(
    [
      `Rule evaluation benchmark (${quick ? 'QUICK smoke run' : 'full run'}), ${new Date().toISOString()}`,
      `  ${rules} rules (5-min window, TOTAL and UNIQUE_USERS, '' and 'level:error') over ${events.length} events in 200 projects;`,
      `  one incidents replica (built output), RULE_EVALUATION_CONCURRENCY ${concurrency}, BATCH_SIZE ${batchSize}; every tenth rule fires`,
      `  load average (1/5/15 min): before the floor ${loadBefore}; after the pass ${loadAfterPass}; at the end ${load()}`,
      '',
      `  floor: ${rules} GetEventAggregates calls, ${concurrency} at a time   ${floorSeconds.toFixed(1)} s  (${Math.round((rules * 60) / floorSeconds)} calls/min)`,
      `  Vigil: every rule evaluated once                        ${onceSeconds.toFixed(1)} s  (${(onceSeconds / floorSeconds).toFixed(2)} × the floor)`,
      `  Vigil: sustained over ${sustainSeconds} s                               ${Math.round(sustainedPerMinute)} rules/min`,
      `  CPU seconds (service + its PostgreSQL backends): floor ingest ${floor.ingest.toFixed(1)} (incidents ${floor.incidents.toFixed(1)});` +
        ` the pass ingest ${pass.ingest.toFixed(1)}, incidents ${pass.incidents.toFixed(1)}` +
        ` → on 2 otherwise idle cores the pass needs at least ≈ ${((pass.ingest + pass.incidents) / 2).toFixed(1)} s`,
      `  incidents opened: ${opened} after the pass, ${openedAfter} at the end (expected ${expectedOpened}, once each); skipped evaluations: ${after.skipped}`,
      `  evaluations by result over the whole run: ${after.byResult}`,
      '',
      `  ${verdict(rules >= REQUIRED_RULES && onceSeconds <= REQUIRED_SECONDS)}  ${REQUIRED_RULES} rules evaluated within one ${REQUIRED_SECONDS}-s interval` +
        (rules < REQUIRED_RULES ? ` (this run had only ${rules})` : ''),
      `  ${verdict(opened === expectedOpened && openedAfter === expectedOpened && after.skipped === 0)}  every firing rule opened exactly one incident; nothing skipped`,
    ].join('\n'),
  );
}

try {
  await main();
} finally {
  await cleanup.runAll();
}
