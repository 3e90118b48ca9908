// Reads a test stream back from its first message, to see what the relay published.
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import { IncidentStatusChanged } from '@vigil/contracts/events';

export interface PublishedEvent {
  readonly subject: string;
  readonly event: IncidentStatusChanged;
}

/** Every message the stream holds (it must hold `expected`), decoded, in stream order. */
export async function readStream(natsUrl: string, stream: string, expected: number): Promise<PublishedEvent[]> {
  const connection = await connect({ servers: natsUrl, reconnect: false, name: 'incidents-test-reader' });
  try {
    const { state } = await (await jetstreamManager(connection)).streams.info(stream);
    if (state.messages !== expected)
      throw new Error(`stream ${stream} holds ${state.messages} messages, expected ${expected}`);
    const consumer = await jetstream(connection).consumers.get(stream);
    const events: PublishedEvent[] = [];
    while (events.length < expected) {
      const batch = await consumer.fetch({ max_messages: expected - events.length, expires: 5_000 });
      for await (const message of batch) {
        events.push({ subject: message.subject, event: IncidentStatusChanged.decode(message.data) });
        if (events.length === expected) break;
      }
    }
    return events;
  } finally {
    await connection.close();
  }
}

/** How many messages the stream holds right now. */
export async function streamMessages(natsUrl: string, stream: string): Promise<number> {
  const connection = await connect({ servers: natsUrl, reconnect: false, name: 'incidents-test-reader' });
  try {
    return (await (await jetstreamManager(connection)).streams.info(stream)).state.messages;
  } finally {
    await connection.close();
  }
}
