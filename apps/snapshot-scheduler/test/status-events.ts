// Publishing IncidentStatusChanged the way the incidents service does, and
// watching the scheduler's durable consumer work through them.
import { jetstream, jetstreamManager, type ConsumerInfo, type JetStreamManager } from '@nats-io/jetstream';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { IncidentStatusChanged } from '@vigil/contracts/events';
import { IncidentStatus, StatusMethod } from '@vigil/contracts/incidents';
import type { TestNatsNames } from '@vigil/testing';
import { randomUUID } from 'node:crypto';
import { waitUntil } from './wait-until.js';

interface ClosedEvent {
  readonly incidentId: string;
  readonly version: number;
  readonly dateStarted: Date;
  readonly dateClosed: Date;
  readonly timeWindowMinutes: number;
}

export function closedEvent(e: ClosedEvent): IncidentStatusChanged {
  return {
    eventId: randomUUID(),
    incidentId: e.incidentId,
    organizationId: '1',
    version: String(e.version),
    previousStatus: IncidentStatus.CRITICAL,
    newStatus: IncidentStatus.CLOSED,
    method: StatusMethod.MANUAL,
    dateStarted: e.dateStarted,
    dateClosed: e.dateClosed,
    timeWindowMinutes: e.timeWindowMinutes,
    occurredAt: e.dateClosed,
  };
}

export function reopenedEvent(incidentId: string, version: number, dateStarted: Date): IncidentStatusChanged {
  return {
    eventId: randomUUID(),
    incidentId,
    organizationId: '1',
    version: String(version),
    previousStatus: IncidentStatus.CLOSED,
    newStatus: IncidentStatus.OPEN,
    method: StatusMethod.MANUAL,
    dateStarted,
    dateClosed: undefined,
    timeWindowMinutes: 1,
    occurredAt: new Date(),
  };
}

export interface StatusEventPublisher {
  /** Publishes on `<prefix>.<incident_id>`; resolves with the stream sequence once stored. */
  publish(event: IncidentStatusChanged): Promise<number>;
  publishBytes(incidentId: string, payload: Uint8Array): Promise<number>;
  consumerInfo(): Promise<ConsumerInfo>;
  /** Waits until the consumer has acked (or terminated) everything up to `sequence`. */
  waitUntilHandled(sequence: number): Promise<void>;
  close(): Promise<void>;
}

export async function connectPublisher(natsUrl: string, names: TestNatsNames): Promise<StatusEventPublisher> {
  const nc: NatsConnection = await connect({ servers: natsUrl, name: 'scheduler-test-publisher' });
  const js = jetstream(nc);
  const jsm: JetStreamManager = await jetstreamManager(nc);
  const publisher: StatusEventPublisher = {
    // No msgID: JetStream's dedup would hide the duplicates these tests deliver on purpose.
    publish: (event) => publisher.publishBytes(event.incidentId, IncidentStatusChanged.encode(event).finish()),
    async publishBytes(incidentId, payload) {
      const ack = await js.publish(`${names.subjectPrefix}.${incidentId}`, payload);
      return ack.seq;
    },
    consumerInfo: () => jsm.consumers.info(names.stream, names.durable),
    waitUntilHandled: (sequence) =>
      waitUntil(`the consumer handled stream sequence ${sequence}`, async () => {
        const info = await publisher.consumerInfo();
        return info.ack_floor.stream_seq >= sequence;
      }),
    close: () => nc.close(),
  };
  return publisher;
}
