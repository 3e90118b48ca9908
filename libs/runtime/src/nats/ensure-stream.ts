import type { JetStreamManager, StreamConfig, StreamInfo } from '@nats-io/jetstream';
import { JetStreamApiError } from '@nats-io/jetstream';

// JetStream's "stream name already in use with a different configuration".
const STREAM_NAME_IN_USE = 10058;

type StreamDefinition = Partial<StreamConfig> & Pick<StreamConfig, 'name' | 'subjects'>;

/**
 * Creates the stream, or brings an existing one to this configuration, so
 * every replica can call it at start. Creating with an identical config is
 * already a no-op on the server; a changed config is applied as an update
 * (the server refuses changes it cannot make, such as the storage type).
 */
export async function ensureStream(jsm: JetStreamManager, definition: StreamDefinition): Promise<StreamInfo> {
  try {
    return await jsm.streams.add(definition);
  } catch (error) {
    if (!(error instanceof JetStreamApiError && error.code === STREAM_NAME_IN_USE)) throw error;
    const { name, ...changes } = definition;
    return jsm.streams.update(name, changes);
  }
}
