import type { NatsHandle, NatsState } from '../nats/connect-nats.js';
import type { ServiceMetrics } from './create-service-metrics.js';

const STATES: readonly NatsState[] = ['connecting', 'connected', 'reconnecting', 'closed'];

/**
 * `vigil_nats_connection_state{state}`: 1 for the state this replica's NATS
 * connection is in, 0 for the others, read at each scrape.
 */
export function registerNatsMetrics(metrics: ServiceMetrics, nats: Pick<NatsHandle, 'state'>): void {
  metrics.gauge({
    name: 'vigil_nats_connection_state',
    help: "This replica's NATS connection: 1 for its current state, 0 for the others.",
    labelNames: ['state'] as const,
    collect() {
      const current = nats.state();
      for (const state of STATES) this.set({ state }, state === current ? 1 : 0);
    },
  });
}
