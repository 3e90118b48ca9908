import {
  jetstream,
  jetstreamManager,
  type JetStreamClient,
  type JetStreamManager,
  type PubAck,
} from '@nats-io/jetstream';
import { headers, type NatsConnection } from '@nats-io/transport-node';
import {
  activeTraceParent,
  contextFromTraceParent,
  ensureStream,
  inSpan,
  SpanKind,
  UnavailableError,
  type Logger,
  type NatsHandle,
} from '@vigil/runtime';
import type { OutboxMessage, StreamProgress } from './outbox-store.js';

const NANOS_PER_MS = 1_000_000;

export interface StreamSettings {
  readonly name: string;
  /** The stream binds `<subjectPrefix>.>`. */
  readonly subjectPrefix: string;
  /** JetStream's msgID dedup window: a retried message inside it is stored once. */
  readonly duplicateWindowMs: number;
  /** Copies of each message in a JetStream cluster (NATS_STREAM_REPLICAS): 3 survives the loss of one node. */
  readonly replicas: number;
  /** The stream discards each message this long after storing it (NATS_STREAM_MAX_AGE_MS). */
  readonly maxAgeMs: number;
}

export interface JetStreamPublisher {
  /** Throws unless NATS is connected; ensures the stream once per connection. */
  ready(): Promise<void>;
  /** Publishes in order on one connection; one settled result per message. */
  publish(messages: readonly OutboxMessage[]): Promise<PromiseSettledResult<PubAck>[]>;
  /** Forget the connection's setup, so the stream is ensured again before the next publish. */
  reset(): void;
  /** The stream's first sequence and its durable consumers' lowest ack floor. */
  progress(): Promise<StreamProgress>;
}

/**
 * Publishes outbox messages with their event id as JetStream msgID. The
 * stream is created (idempotently) as soon as a connection is up, and again
 * on each new connection, so a service that started while NATS was down
 * still creates it.
 */
export function jetStreamPublisher(
  nats: NatsHandle,
  stream: StreamSettings,
  timeoutMs: number,
  logger: Logger,
): JetStreamPublisher {
  let ready: { connection: NatsConnection; client: JetStreamClient; manager: JetStreamManager } | undefined;

  const connect = async (): Promise<NonNullable<typeof ready>> => {
    // While reconnecting the client would buffer publishes and time out on
    // each; fail fast and let the relay back off instead.
    if (nats.state() !== 'connected') throw new UnavailableError(`NATS is ${nats.state()}`);
    const connection = nats.connection();
    if (ready?.connection !== connection) {
      const manager = await jetstreamManager(connection, { timeout: timeoutMs });
      await ensureStream(manager, {
        name: stream.name,
        subjects: [`${stream.subjectPrefix}.>`],
        duplicate_window: stream.duplicateWindowMs * NANOS_PER_MS,
        num_replicas: stream.replicas,
        // Limits retention (the default): a message stays max_age, delivered or
        // not; the relay publishes again what is not acknowledged in time.
        max_age: stream.maxAgeMs * NANOS_PER_MS,
      });
      logger.info(
        { stream: stream.name, subjects: `${stream.subjectPrefix}.>`, maxAgeMs: stream.maxAgeMs },
        'JetStream stream ready',
      );
      ready = { connection, manager, client: jetstream(connection, { timeout: timeoutMs }) };
    }
    return ready;
  };

  return {
    async ready() {
      await connect();
    },
    async publish(messages) {
      const { client } = await connect();
      return Promise.allSettled(messages.map((message) => publishOne(client, message, timeoutMs)));
    },
    reset() {
      ready = undefined;
    },
    async progress() {
      const { manager } = await connect();
      const info = await manager.streams.info(stream.name);
      // Only durable consumers are waiting for every event; an ephemeral one
      // (a tool reading the stream) vanishes when it goes idle.
      const floors: number[] = [];
      for await (const consumer of manager.consumers.list(stream.name)) {
        if (consumer.config.durable_name !== undefined) floors.push(consumer.ack_floor.stream_seq);
      }
      return {
        firstSequence: info.state.first_seq,
        ackFloor: floors.length === 0 ? null : Math.min(...floors),
      };
    },
  };
}

/**
 * One message with its event id as msgID. Traced, it is a PRODUCER span that
 * continues the status change's trace, and that span's `traceparent` goes in
 * the message headers for the scheduler's consumer.
 */
function publishOne(js: JetStreamClient, message: OutboxMessage, timeoutMs: number): Promise<PubAck> {
  const options = { msgID: message.eventId, timeout: timeoutMs };
  return inSpan(
    `${message.subject} publish`,
    {
      kind: SpanKind.PRODUCER,
      parent: contextFromTraceParent(message.traceParent),
      attributes: { 'messaging.system': 'nats', 'messaging.destination.name': message.subject },
    },
    () => {
      const traceParent = activeTraceParent();
      if (traceParent === null) return js.publish(message.subject, message.payload, options);
      const traceHeaders = headers();
      traceHeaders.set('traceparent', traceParent);
      return js.publish(message.subject, message.payload, { ...options, headers: traceHeaders });
    },
  );
}
