import { JetStreamApiCodes, JetStreamApiError, jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';

/** Deletes a test file's stream (and with it its consumers); a stream already gone is fine. */
export async function deleteTestStream(natsUrl: string, stream: string): Promise<void> {
  // A cluster's URLs come comma-separated (as NATS_URL): any node that answers will do.
  const connection = await connect({ servers: natsUrl.split(','), reconnect: false, name: 'vigil-testing-cleanup' });
  try {
    const manager = await jetstreamManager(connection);
    await manager.streams.delete(stream).catch((error: unknown) => {
      if (!(error instanceof JetStreamApiError && error.code === JetStreamApiCodes.StreamNotFound)) throw error;
    });
  } finally {
    await connection.close();
  }
}
