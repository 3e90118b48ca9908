import type { MikroORM } from '@mikro-orm/postgresql';
import type { Logger } from '@vigil/runtime';
import { setTimeout as sleep } from 'node:timers/promises';
import { claimUnsent, markSent, markUnacknowledgedForResend, pruneSent, type SentMessage } from './outbox-store.js';
import type { JetStreamPublisher } from './jetstream-publisher.js';
import { retryDelayMs } from './retry-delay.js';
import { Wakeup } from './wakeup.js';

const MAINTAIN_EVERY_MS = 60_000;
const WARN_AFTER_FAILURES = 3;

export interface OutboxRelayOptions {
  readonly orm: MikroORM;
  readonly publisher: JetStreamPublisher;
  readonly batchSize: number;
  readonly pollIntervalMs: number;
  readonly maxBackoffMs: number;
  /** Sent rows older than this are deleted once every durable consumer acknowledged them. */
  readonly retentionMs: number;
  /** The stream's max_age: a message not acknowledged by half of it is published again. */
  readonly streamMaxAgeMs: number;
  readonly now: () => Date;
  readonly logger: Logger;
  /** Told how many messages each batch got acknowledged by JetStream. */
  readonly onPublished?: (count: number) => void;
}

export interface OutboxRelay {
  /** A status change committed: publish now rather than at the next poll. */
  notify(): void;
  /** Lets the pass in progress finish, then stops. */
  stop(): Promise<void>;
}

/**
 * Publishes unsent outbox rows in id order and marks them sent, in one
 * transaction per batch: rows are claimed FOR UPDATE SKIP LOCKED, so
 * replicas share the work, and a crash before the commit leaves them unsent
 * for the next pass (JetStream's msgID dedup drops the second copy). While
 * NATS or the database fails it retries with backoff, forever: a row is
 * never dropped, only delayed. Every minute (more often for a stream whose
 * max_age is short) it also publishes again what the stream's durable
 * consumers have not acknowledged by half the max_age, and deletes sent rows
 * past their retention that they have.
 */
export function startOutboxRelay(options: OutboxRelayOptions): OutboxRelay {
  const { orm, batchSize, pollIntervalMs, maxBackoffMs, now } = options;
  const log = options.logger.child({ component: 'outbox-relay' });
  const stopping = new AbortController();
  const wakeup = new Wakeup();
  const maintainEveryMs = Math.min(MAINTAIN_EVERY_MS, options.streamMaxAgeMs / 8);
  let lastMaintenance = 0;

  const maintainIfDue = async (): Promise<void> => {
    const at = now().getTime();
    if (at - lastMaintenance < maintainEveryMs) return;
    lastMaintenance = at;
    const progress = await options.publisher.progress();
    const resend = await markUnacknowledgedForResend(
      orm.em.fork(),
      progress,
      new Date(at - options.streamMaxAgeMs / 2),
    );
    if (resend > 0) {
      log.warn({ resend, ackFloor: progress.ackFloor }, 'publishing again status events not acknowledged in time');
      wakeup.notify();
    }
    const pruned = await pruneSent(orm.em.fork(), new Date(at - options.retentionMs), progress);
    if (pruned > 0) log.debug({ pruned }, 'sent outbox messages deleted');
  };

  const run = async (): Promise<void> => {
    let failures = 0;
    while (!stopping.signal.aborted) {
      try {
        const claimed = await relayBatch(options);
        if (failures >= WARN_AFTER_FAILURES) log.info({ failures }, 'outbox relay publishing again');
        failures = 0;
        if (claimed === batchSize) continue; // a full batch: more may be waiting
        await maintainIfDue();
        await wakeup.sleep(pollIntervalMs, stopping.signal);
      } catch (error) {
        failures += 1;
        const delayMs = retryDelayMs(failures, maxBackoffMs);
        // Quiet while NATS is still connecting at start; then loud, once per longest wait.
        const level = failures === WARN_AFTER_FAILURES || delayMs === maxBackoffMs ? 'warn' : 'debug';
        log[level]({ err: error, failures, retryInMs: delayMs }, 'outbox relay could not publish; retrying');
        await sleep(delayMs, undefined, { signal: stopping.signal }).catch(() => undefined);
      }
    }
  };

  const running = run();
  return {
    notify: () => wakeup.notify(),
    async stop() {
      stopping.abort();
      await running;
    },
  };
}

/** Publishes one batch of the oldest unsent messages; how many it claimed. Throws after committing what was sent. */
async function relayBatch({ orm, publisher, batchSize, now, onPublished }: OutboxRelayOptions): Promise<number> {
  // Nothing is claimed while NATS is down: the rows stay free for a replica that can publish.
  await publisher.ready();
  let failure: Error | undefined;
  const claimed = await orm.em.fork().transactional(async (tx) => {
    const messages = await claimUnsent(tx, batchSize);
    if (messages.length === 0) return 0;
    const results = await publisher.publish(messages);
    const sent: SentMessage[] = [];
    messages.forEach((message, i) => {
      const result = results[i];
      if (result?.status === 'fulfilled') sent.push({ id: message.id, streamSequence: result.value.seq });
    });
    await markSent(tx, sent, now());
    onPublished?.(sent.length);
    const rejected = results.find((result) => result.status === 'rejected');
    if (rejected) failure = rejected.reason instanceof Error ? rejected.reason : new Error(String(rejected.reason));
    return messages.length;
  });
  if (failure !== undefined) {
    publisher.reset();
    throw failure;
  }
  return claimed;
}
