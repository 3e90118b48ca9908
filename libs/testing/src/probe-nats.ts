import { jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';

/** Resolves when NATS accepts a connection and JetStream reports account info; rejects otherwise. */
export async function probeNats(url: string, timeoutMs: number): Promise<void> {
  const connection = await connect({
    servers: url,
    timeout: timeoutMs,
    reconnect: false,
    name: 'vigil-testing-probe',
  });
  try {
    const manager = await jetstreamManager(connection, { timeout: timeoutMs });
    await manager.getAccountInfo();
  } finally {
    await connection.close().catch(() => undefined);
  }
}
