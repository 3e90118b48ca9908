// `npm run bench:relay`: events per second through the Sentry-compatible
// relay into ingest (one-event envelopes over HTTP, as SDKs send them),
// beside StoreEvents called directly in the same run, as a ratio. Both runs
// go to the same ingest process on emptied tables, interleaved round by
// round. BENCH_QUICK=1 (or --quick) is a smoke run. Exits 0 whatever the
// figures; non-zero only if something errors.
import { Agent, request } from 'node:http';
import { cpus, loadavg } from 'node:os';
import { createLogger, callUnary } from '@vigil/runtime';
import { StoreOutcome } from '@vigil/contracts/ingest';
import { createBenchDatabase } from '../bench-ingest/bench-database.js';
import { benchEvent } from '../bench-ingest/client-events.js';
import { perSecond, runClosedLoop, type LoadRun } from '../bench-ingest/closed-loop.js';
import { startIngestProcess } from '../bench-ingest/ingest-process.js';
import { percentile } from '../measure/percentile.js';
import { startRelayProcess } from './relay-process.js';
import { sentryEnvelope } from './sentry-envelope.js';

const PROJECT = '7';
const KEY = '0123456789abcdef0123456789abcdef';
const HOUR_MS = 3_600_000;
const quick = process.env['BENCH_QUICK'] === '1' || process.argv.includes('--quick');
// Senders in flight at once (BENCH_RELAY_SENDERS, default 64): in this closed loop a batch can
// hold at most that many events, so the relay's batches, and its rate, grow with it.
const httpClients = Number(process.env['BENCH_RELAY_SENDERS'] ?? 64);
const sizes = quick
  ? { rounds: 1, events: 2_000, batchSize: 100, callers: 4, httpClients }
  : { rounds: 3, events: 20_000, batchSize: 100, callers: 4, httpClients };
const progress = (text: string) => console.error(`[bench:relay] ${text}`);
const load = () =>
  loadavg()
    .map((l) => l.toFixed(1))
    .join(' ');

const logger = createLogger({ service: 'bench-relay', level: 'warn' });
const db = await createBenchDatabase(
  process.env['BENCH_DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/postgres',
  logger,
  2,
);
const ingest = await startIngestProcess({ DATABASE_URL: db.url, OTEL_SDK_DISABLED: 'true' });
const relay = await startRelayProcess({
  INGEST_GRPC_ADDRESS: ingest.address,
  SENTRY_PROJECT_KEYS: `${PROJECT}=${KEY}`,
});
const agent = new Agent({ keepAlive: true, maxSockets: sizes.httpClients });
const time = () => ({ endMs: Date.now(), spreadMs: HOUR_MS });

// StoreEvents called directly: batches of `batchSize` from `callers` callers; every answer checked.
function storeEventsDirectly(): Promise<LoadRun> {
  return runClosedLoop({
    calls: sizes.events / sizes.batchSize,
    concurrency: sizes.callers,
    call: async () => {
      const events = Array.from({ length: sizes.batchSize }, () => benchEvent(PROJECT, time()));
      const { results } = await callUnary(ingest.client, 'storeEvents', { events }, { timeoutMs: 60_000 });
      if (results.some((r) => r.outcome !== StoreOutcome.STORED)) throw new Error('StoreEvents did not store all');
      return events.length;
    },
  });
}

// The relay: one event per envelope, `httpClients` senders on keep-alive connections; every answer checked.
function throughRelay(): Promise<LoadRun> {
  const url = `${relay.baseUrl}/api/${PROJECT}/envelope/?sentry_key=${KEY}`;
  return runClosedLoop({
    calls: sizes.events,
    concurrency: sizes.httpClients,
    call: () =>
      new Promise<number>((resolve, reject) => {
        const body = sentryEnvelope(benchEvent(PROJECT, time()));
        const outgoing = request(url, { method: 'POST', agent, headers: { 'content-type': 'text/plain' } }, (res) => {
          res.resume();
          res.on('end', () =>
            res.statusCode === 200 ? resolve(1) : reject(new Error(`the relay answered ${res.statusCode}`)),
          );
        });
        outgoing.on('error', reject);
        outgoing.end(body);
      }),
  });
}

try {
  progress(`${quick ? 'quick smoke run' : 'full run'}: ${sizes.rounds} round(s) of ${sizes.events} events each way`);
  const direct: LoadRun[] = [];
  const relayed: LoadRun[] = [];
  // CPU per relayed event: the relay process, and this process (the HTTP senders) during the relay runs.
  let relayCpu = 0;
  let senderCpu = 0;
  for (let round = 1; round <= sizes.rounds; round += 1) {
    // The order swaps each round, so a burst of load from elsewhere does not land on one side only.
    const order = round % 2 === 1 ? (['direct', 'relay'] as const) : (['relay', 'direct'] as const);
    for (const side of order) {
      await db.reset();
      const [relayBefore, senderBefore] = [await relay.cpuSeconds(), process.cpuUsage()];
      const run = side === 'direct' ? await storeEventsDirectly() : await throughRelay();
      if (side === 'relay') {
        relayCpu += (await relay.cpuSeconds()) - relayBefore;
        const sender = process.cpuUsage(senderBefore);
        senderCpu += (sender.user + sender.system) / 1e6;
      }
      (side === 'direct' ? direct : relayed).push(run);
      progress(`round ${round} ${side}: ${perSecond(run).toFixed(0)} events/s (load ${load()})`);
    }
  }
  const median = (runs: LoadRun[]) => percentile(runs.map(perSecond), 50);
  const latencies = relayed.flatMap((run) => run.latenciesMs);
  console.log(`\nRelay benchmark (${quick ? 'QUICK smoke run' : 'full run'}), ${new Date().toISOString()}`);
  console.log(`${cpus().length} cores, load average at the end: ${load()}\n`);
  console.log(
    `(a) StoreEvents directly, batches of ${sizes.batchSize}, ${sizes.callers} callers: ${median(direct).toFixed(0)} events/s`,
  );
  console.log(
    `(b) through the relay, one-event envelopes, ${sizes.httpClients} HTTP senders: ${median(relayed).toFixed(0)} events/s ` +
      `(request p50 ${percentile(latencies, 50).toFixed(1)} ms, p99 ${percentile(latencies, 99).toFixed(1)} ms)`,
  );
  const perEventMs = (seconds: number) => ((1000 * seconds) / (sizes.events * sizes.rounds)).toFixed(2);
  console.log(`CPU per relayed event: relay ${perEventMs(relayCpu)} ms, HTTP senders ${perEventMs(senderCpu)} ms`);
  console.log(`(b)/(a): ${((100 * median(relayed)) / median(direct)).toFixed(0)}%`);
  console.log(
    `rounds (a)/(b): ${direct.map((r, i) => `${perSecond(r).toFixed(0)}/${perSecond(relayed[i] as LoadRun).toFixed(0)}`).join(', ')}`,
  );
} finally {
  agent.destroy();
  await relay.stop();
  await ingest.stop();
  await db.drop();
}
