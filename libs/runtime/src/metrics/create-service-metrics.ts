import {
  collectDefaultMetrics,
  Counter,
  Gauge,
  Histogram,
  Registry,
  type CounterConfiguration,
  type GaugeConfiguration,
  type HistogramConfiguration,
} from 'prom-client';
import { buildInfoFromEnv, type BuildInfo } from './build-info.js';
import { shortMethodName } from './short-method-name.js';

/** One finished gRPC call, as `unaryHandler` reports it. */
interface GrpcCall {
  /** The full method path, e.g. `/vigil.ingest.v1.IngestService/StoreEvent` (as in the logs). */
  method: string;
  /** The status code's name: `OK`, `INVALID_ARGUMENT`, … */
  code: string;
  durationSeconds: number;
}

/** What `unaryHandler` needs to record calls; ServiceMetrics is one. */
export interface GrpcCallObserver {
  recordGrpcCall(call: GrpcCall): void;
}

type Definition<Configuration> = Omit<Configuration, 'registers'>;

/** A service's metrics: one registry holding the shared ones and the app's own. */
export interface ServiceMetrics extends GrpcCallObserver {
  /** What /metrics serves: pass it to `startMetricsServer`. */
  readonly registry: Registry;
  /** A counter registered on `registry`, e.g. `vigil_ingest_events_stored_total{outcome}`. */
  counter<Label extends string>(definition: Definition<CounterConfiguration<Label>>): Counter<Label>;
  /** A gauge on `registry`; give it `collect` to compute its value at each scrape. */
  gauge<Label extends string>(definition: Definition<GaugeConfiguration<Label>>): Gauge<Label>;
  /** A histogram on `registry` (buckets in the unit of its name, e.g. seconds). */
  histogram<Label extends string>(definition: Definition<HistogramConfiguration<Label>>): Histogram<Label>;
}

// Prometheus' default buckets with finer steps below 5 ms, where most of
// our calls (an indexed read, an upsert) land.
const GRPC_DURATION_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/**
 * A fresh registry with Node's process metrics (CPU, memory, event loop
 * lag, GC; prom-client's standard names) and the gRPC metrics every service
 * shares: `vigil_build_info{version,commit}`, `vigil_grpc_requests_total{method,code}`
 * and `vigil_grpc_request_duration_seconds{method,code}` (`method` is the short RPC name). A fresh registry
 * rather than prom-client's global one, so tests can build several.
 */
export function createServiceMetrics(build: BuildInfo = buildInfoFromEnv(process.env)): ServiceMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const registers = [registry];
  new Gauge({
    name: 'vigil_build_info',
    help: 'Always 1; its labels say which release (version) and source revision (commit) this replica runs.',
    labelNames: ['version', 'commit'] as const,
    registers,
  }).set({ version: build.version, commit: build.commit }, 1);
  const requests = new Counter({
    name: 'vigil_grpc_requests_total',
    help: 'gRPC calls handled, by method and status code.',
    labelNames: ['method', 'code'] as const,
    registers,
  });
  const durations = new Histogram({
    name: 'vigil_grpc_request_duration_seconds',
    help: 'Time from receiving a gRPC call to answering it, by method and status code.',
    labelNames: ['method', 'code'] as const,
    buckets: GRPC_DURATION_BUCKETS,
    registers,
  });
  return {
    registry,
    recordGrpcCall({ method: path, code, durationSeconds }) {
      // The short name (`StoreEvent`): each service serves one API, and
      // dashboards read better without the package prefix.
      const method = shortMethodName(path);
      requests.inc({ method, code });
      durations.observe({ method, code }, durationSeconds);
    },
    counter: (definition) => new Counter({ ...definition, registers }),
    gauge: (definition) => new Gauge({ ...definition, registers }),
    histogram: (definition) => new Histogram({ ...definition, registers }),
  };
}
