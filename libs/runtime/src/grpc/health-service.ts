import type { Server, ServerWritableStream, UntypedServiceImplementation } from '@grpc/grpc-js';
import { HealthImplementation } from 'grpc-health-check';

interface HealthService {
  /** SERVING or NOT_SERVING for the whole server ("") and each named service. */
  setServing(serving: boolean): void;
  /** Ends every open Watch stream (see below). */
  endWatches(): void;
}

type WatchStream = ServerWritableStream<unknown, unknown>;

/**
 * Registers `grpc.health.v1.Health` on `server`, starting NOT_SERVING.
 * Watch streams never end on their own, and a graceful `tryShutdown` waits
 * for every open call; so we keep track of them to end them at shutdown,
 * after they have seen NOT_SERVING, instead of holding the drain open.
 */
export function addHealthService(server: Server, serviceNames: readonly string[]): HealthService {
  const names = ['', ...serviceNames];
  const health = new HealthImplementation(Object.fromEntries(names.map((name) => [name, 'NOT_SERVING'])));
  const openWatches = new Set<WatchStream>();

  health.addToServer({
    addService: (definition, implementation) => {
      const watch = implementation['watch'] as ((call: WatchStream) => void) | undefined;
      const tracked: UntypedServiceImplementation = {
        ...(implementation as UntypedServiceImplementation),
        watch: (call: WatchStream) => {
          openWatches.add(call);
          const forget = (): void => void openWatches.delete(call);
          call.on('cancelled', forget);
          call.on('finish', forget);
          watch?.(call);
        },
      };
      // grpc-health-check types its definition with its own (older) proto-loader; same shape.
      server.addService(definition, tracked);
    },
  });

  return {
    setServing(serving) {
      for (const name of names) health.setStatus(name, serving ? 'SERVING' : 'NOT_SERVING');
    },
    endWatches() {
      for (const call of openWatches) call.end();
      openWatches.clear();
    },
  };
}
