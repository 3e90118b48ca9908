import { JetStreamApiCodes, JetStreamApiError, jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';

/** Deletes a test file's stream (and with it its consumers); a stream already gone is fine. */
export async function deleteTestStream(natsUrl: string, stream: string): Promise<void> {
  const connection = await connect({ servers: natsUrl, reconnect: false, name: 'vigil-testing-cleanup' });
  try {
    const manager = await jetstreamManager(connection);
    await manager.streams.delete(stream).catch((error: unknown) => {
      if (!(error instanceof JetStreamApiError && error.code === JetStreamApiCodes.StreamNotFound)) throw error;
    });
  } finally {
    await connection.close();
  }
}
