// The real ingest service as a child process, as it runs in production:
// spawned from its own entry point, so this app never imports ingest's code.
import { credentials } from '@grpc/grpc-js';
import { IngestServiceClient } from '@vigil/contracts/ingest';
import { callUnary } from '@vigil/runtime';
import { freePort } from '@vigil/testing';
import { spawnService, type ServiceProcess } from './service-process.js';

const READY_TIMEOUT_MS = 180_000;

export interface IngestProcess {
  readonly address: string;
  readonly client: IngestServiceClient;
  stop(): Promise<void>;
}

/** Starts ingest on a free port over `databaseUrl` and resolves once it answers a statistics call. */
export async function startIngestProcess(databaseUrl: string): Promise<IngestProcess> {
  const port = await freePort();
  const ingest = spawnService('ingest', {
    GRPC_HOST: '127.0.0.1',
    GRPC_PORT: String(port),
    METRICS_PORT: '0',
    DATABASE_URL: databaseUrl,
    LOG_LEVEL: 'warn',
  });

  const address = `127.0.0.1:${port}`;
  const client = new IngestServiceClient(address, credentials.createInsecure());
  try {
    await waitUntilAnswering(client, ingest);
  } catch (error) {
    client.close();
    ingest.child.kill('SIGKILL');
    throw error;
  }
  return {
    address,
    client,
    async stop() {
      client.close();
      ingest.child.kill('SIGTERM');
      await ingest.exited;
    },
  };
}

async function waitUntilAnswering(client: IngestServiceClient, { child, output }: ServiceProcess): Promise<void> {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  const probe = { projectIds: ['1'], groupIds: [], query: '', start: new Date(0), end: new Date(60_000) };
  for (;;) {
    if (child.exitCode !== null) throw new Error(`ingest exited with ${child.exitCode} before answering:\n${output()}`);
    try {
      await callUnary(client, 'getEventAggregates', probe, { timeoutMs: 1_000 });
      return;
    } catch (error) {
      if (Date.now() > deadline)
        throw new Error(`ingest did not answer within ${READY_TIMEOUT_MS} ms: ${String(error)}\n${output()}`, {
          cause: error,
        });
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
}
