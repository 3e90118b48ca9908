// What every command runs with: the three service clients (made on first
// use, closed at the end), the deadline of each call, the clock and where
// output goes. Commands never read process.* themselves.
import { IncidentsServiceClient } from '@vigil/contracts/incidents';
import { IngestServiceClient } from '@vigil/contracts/ingest';
import { SnapshotSchedulerServiceClient } from '@vigil/contracts/scheduler';
import { ServiceCallError } from './service-call-error.js';
import { cliChannelCredentials } from './channel-credentials.js';

interface ServiceAddresses {
  readonly ingest: string;
  readonly incidents: string;
  readonly scheduler: string;
}

interface Clients {
  ingest: IngestServiceClient;
  incidents: IncidentsServiceClient;
  scheduler: SnapshotSchedulerServiceClient;
}

export type ServiceName = keyof Clients;

interface CallOptions {
  readonly timeoutMs: number;
}

export interface CliContext {
  readonly addresses: ServiceAddresses;
  readonly timeoutMs: number;
  /**
   * Runs one call on a service's client with the CLI's deadline; a failure
   * comes back as a ServiceCallError naming the service and its address.
   * `ctx.call('ingest', (client, options) => callUnary(client, 'storeEvent', request, options))`
   */
  call<S extends ServiceName, T>(
    service: S,
    invoke: (client: Clients[S], options: CallOptions) => Promise<T>,
  ): Promise<T>;
  /** Prints one block of text (a trailing newline is added). */
  readonly print: (text: string) => void;
  readonly now: () => Date;
  /** Columns available for sparklines. */
  readonly width: number;
  close(): void;
}

const CONSTRUCTORS = {
  ingest: (address: string) => new IngestServiceClient(address, cliChannelCredentials()),
  incidents: (address: string) => new IncidentsServiceClient(address, cliChannelCredentials()),
  scheduler: (address: string) => new SnapshotSchedulerServiceClient(address, cliChannelCredentials()),
} satisfies { [S in ServiceName]: (address: string) => Clients[S] };

export function createCliContext(options: {
  addresses: ServiceAddresses;
  timeoutMs: number;
  print: (text: string) => void;
  width: number;
}): CliContext {
  const made: Partial<Clients> = {};
  const clientFor = <S extends ServiceName>(service: S): Clients[S] => {
    made[service] ??= CONSTRUCTORS[service](options.addresses[service]) as Clients[S];
    return made[service] as Clients[S];
  };
  return {
    addresses: options.addresses,
    timeoutMs: options.timeoutMs,
    async call(service, invoke) {
      try {
        return await invoke(clientFor(service), { timeoutMs: options.timeoutMs });
      } catch (error) {
        throw new ServiceCallError(service, options.addresses[service], error);
      }
    },
    print: options.print,
    now: () => new Date(),
    width: options.width,
    close() {
      for (const client of Object.values(made)) client.close();
    },
  };
}
