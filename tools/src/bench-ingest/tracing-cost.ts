// (c) with tracing on at 100% sampling against (c) with it off, in the same
// run: two ingest processes on the same database, measured alternately so
// drift on a shared machine hits both. The traced one exports OTLP/HTTP to a
// sink in this process that drains and acknowledges each export (a
// collector's cost is not Vigil's), so what differs is the service's own
// span work: a SERVER span per call, W3C extraction, the BatchSpanProcessor
// and the exporter's JSON encoding.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { BenchDatabase } from './bench-database.js';
import type { BenchSizes } from './bench-sizes.js';
import { perSecond, type LoadRun } from './closed-loop.js';
import { connectHttp2Unary } from './http2-unary-client.js';
import { startIngestProcess } from './ingest-process.js';
import { measureStoreUnary } from './store-unary.js';
import { LAST_WRITE_WINS_PROJECT } from './write-rounds.js';

export interface TracingCost {
  readonly off: LoadRun[];
  readonly on: LoadRun[];
  /** Spans the traced process exported during the run (proof that it traced). */
  readonly exports: number;
}

export async function measureTracingCost(
  db: BenchDatabase,
  untracedAddress: string,
  sizes: BenchSizes,
  ingestEnv: Record<string, string>,
  progress: (text: string) => void,
): Promise<TracingCost> {
  const sink = await startOtlpSink();
  const traced = await startIngestProcess({
    ...ingestEnv,
    OTEL_EXPORTER_OTLP_ENDPOINT: sink.endpoint,
    OTEL_TRACES_SAMPLER: 'always_on',
  });
  const untracedClient = connectHttp2Unary(untracedAddress);
  const tracedClient = connectHttp2Unary(traced.address);
  const result = { off: [] as LoadRun[], on: [] as LoadRun[] };
  try {
    for (let round = 1; round <= sizes.rounds; round += 1) {
      // Swap the order each round so neither always runs on a warmer machine.
      const order = round % 2 === 1 ? (['off', 'on'] as const) : (['on', 'off'] as const);
      for (const which of order) {
        const client = which === 'on' ? tracedClient : untracedClient;
        result[which].push(await measureStoreUnary(client, db, sizes, LAST_WRITE_WINS_PROJECT));
      }
      // Each round's pair, so the noise between rounds can be judged beside the medians.
      const rate = (which: 'off' | 'on') => Math.round(perSecond(result[which].at(-1) as LoadRun));
      progress(`tracing cost round ${round}/${sizes.rounds}: off ${rate('off')}/s, on ${rate('on')}/s`);
    }
  } finally {
    untracedClient.close();
    tracedClient.close();
    await traced.stop();
    await sink.close();
  }
  return { ...result, exports: sink.exports() };
}

function startOtlpSink(): Promise<{ endpoint: string; exports: () => number; close: () => Promise<void> }> {
  let exports = 0;
  const server: Server = createServer((request, response) => {
    request.resume();
    request.on('end', () => {
      exports += 1;
      response.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      resolve({
        endpoint: `http://127.0.0.1:${port}`,
        exports: () => exports,
        close: () =>
          new Promise<void>((done) => {
            server.close(() => done());
            server.closeAllConnections();
          }),
      });
    });
  });
}
