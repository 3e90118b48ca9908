import { jetstreamManager } from '@nats-io/jetstream';
import type { NatsHandle, ServiceMetrics } from '@vigil/runtime';

interface ConsumerNames {
  readonly stream: string;
  readonly durable: string;
}

interface ConsumerLag {
  /** Status events in the stream not yet delivered to any replica. */
  readonly pending: number;
  /** Delivered and not yet acknowledged (being applied, or waiting out NATS_ACK_WAIT_MS). */
  readonly ackPending: number;
}

// A scrape must answer well inside Prometheus' own timeout (10 s by default).
const INFO_TIMEOUT_MS = 2_000;

/**
 * The status-event consumer's lag, asked of JetStream at each scrape:
 * `vigil_scheduler_consumer_pending{stream,consumer}` and
 * `vigil_scheduler_consumer_ack_pending{stream,consumer}`. The durable
 * consumer is shared by every replica, so each reports the same values
 * (take `max`, not `sum`). While NATS or the consumer cannot be asked, the
 * series are absent rather than a stale or made-up number.
 */
export function registerConsumerLagMetrics(
  metrics: ServiceMetrics,
  nats: Pick<NatsHandle, 'state' | 'connection'>,
  names: ConsumerNames,
): void {
  const labels = { stream: names.stream, consumer: names.durable };
  // One request serves both gauges of a scrape.
  let scrape: Promise<ConsumerLag | undefined> | undefined;
  const read = () => {
    scrape ??= readLag(nats, names).finally(() => setTimeout(() => (scrape = undefined), 0));
    return scrape;
  };
  metrics.gauge({
    name: 'vigil_scheduler_consumer_pending',
    help: 'Status events in the stream not yet delivered to the durable consumer (shared by all replicas).',
    labelNames: ['stream', 'consumer'] as const,
    async collect() {
      const lag = await read();
      this.reset();
      if (lag) this.set(labels, lag.pending);
    },
  });
  metrics.gauge({
    name: 'vigil_scheduler_consumer_ack_pending',
    help: 'Status events delivered to the durable consumer and not yet acknowledged (shared by all replicas).',
    labelNames: ['stream', 'consumer'] as const,
    async collect() {
      const lag = await read();
      this.reset();
      if (lag) this.set(labels, lag.ackPending);
    },
  });
}

async function readLag(
  nats: Pick<NatsHandle, 'state' | 'connection'>,
  { stream, durable }: ConsumerNames,
): Promise<ConsumerLag | undefined> {
  if (nats.state() !== 'connected') return undefined;
  try {
    const jsm = await jetstreamManager(nats.connection(), { timeout: INFO_TIMEOUT_MS, checkAPI: false });
    const info = await jsm.consumers.info(stream, durable);
    return { pending: info.num_pending, ackPending: info.num_ack_pending };
  } catch {
    // No consumer yet (the scheduler is still setting it up), or NATS is slow: no value this scrape.
    return undefined;
  }
}
