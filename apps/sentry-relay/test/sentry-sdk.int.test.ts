// The official Sentry SDK for Node (@sentry/node, default options) pointed
// at the relay: what it sends is stored by the real ingest and read back
// through ingest's API, field by field.
import * as Sentry from '@sentry/node';
import type { Event as SentryEvent } from '@sentry/node';
import { Level } from '@vigil/contracts/ingest';
import { callUnary } from '@vigil/runtime';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROJECT, useRelay } from './support/relay-under-test.js';

const relay = useRelay();
const FLUSH_MS = 30_000;

/** An envelope as the SDK's client sends it. */
type Envelope = Parameters<Sentry.NodeClient['sendEnvelope']>[0];

/** What the SDK's transport got back for each event it sent, by event id, and the envelope it sent. */
const sent = new Map<string, { status: number | undefined; envelope?: Envelope }>();

beforeAll(() => {
  Sentry.init({ dsn: relay().dsn, release: 'shop@1.4.2', environment: 'test' });
  const client = Sentry.getClient();
  if (!client) throw new Error('Sentry.init made no client');
  client.on('beforeEnvelope', (envelope) => {
    const id = envelope[0].event_id;
    if (typeof id === 'string') sent.set(id, { status: undefined, envelope });
  });
  client.on('afterSendEvent', (event: SentryEvent, response) => {
    if (event.event_id) sent.set(event.event_id, { ...sent.get(event.event_id), status: response.statusCode });
  });
});
afterAll(() => Sentry.close(FLUSH_MS));

async function storedEvent(eventId: string) {
  const response = await callUnary(
    relay().ingest.client,
    'getEvent',
    { projectId: PROJECT, eventId },
    {
      timeoutMs: 10_000,
    },
  );
  if (!response.event?.event) throw new Error(`ingest has no event ${eventId}`);
  return { ...response.event.event, groupId: response.event.groupId };
}

async function sentAndAnswered(eventId: string): Promise<number | undefined> {
  await Sentry.flush(FLUSH_MS);
  return sent.get(eventId)?.status;
}

class PaymentError extends Error {
  override name = 'PaymentError';
}

function chargeCard(card: { number?: string }): string {
  if (card.number === undefined) throw new TypeError('card number is undefined');
  return card.number;
}

describe('@sentry/node against the relay', () => {
  it('a thrown and captured error is stored with its type, value, level, release and environment', async () => {
    let id = '';
    try {
      chargeCard({});
    } catch (error) {
      id = Sentry.captureException(error);
    }
    expect(await sentAndAnswered(id)).toBe(200);
    expect(await storedEvent(id)).toMatchObject({
      eventId: id,
      projectId: PROJECT,
      level: Level.ERROR,
      platform: 'node',
      release: 'shop@1.4.2',
      environment: 'test',
      exception: { type: 'TypeError', value: 'card number is undefined' },
    });
  });

  it('of a cause chain, the thrown (outermost) error is the exception', async () => {
    const id = Sentry.captureException(new PaymentError('card declined', { cause: new Error('socket hang up') }));
    expect(await sentAndAnswered(id)).toBe(200);
    const stored = await storedEvent(id);
    expect(stored.exception).toMatchObject({ type: 'PaymentError', value: 'card declined' });
    expect(stored.causes).toMatchObject([{ type: 'Error', value: 'socket hang up' }]);
    // The SDK's frames arrive with it; this file's own are the application's.
    expect(stored.exception?.stacktrace?.frames.some((frame) => frame.inApp && frame.function !== '')).toBe(true);
  });

  it('captureMessage at each level is stored with its message and level', async () => {
    const levels = [
      ['fatal', Level.FATAL],
      ['error', Level.ERROR],
      ['warning', Level.WARNING],
      ['info', Level.INFO],
      ['debug', Level.DEBUG],
    ] as const;
    const ids = levels.map(([level]) => Sentry.captureMessage(`disk almost full (${level})`, level));
    await Sentry.flush(FLUSH_MS);
    for (const [index, [level, vigilLevel]] of levels.entries()) {
      const id = ids[index] as string;
      expect(sent.get(id)?.status).toBe(200);
      expect(await storedEvent(id)).toMatchObject({ message: `disk almost full (${level})`, level: vigilLevel });
    }
  });

  it('tags, the user and the fingerprint of a scope are stored; equal fingerprints share a group', async () => {
    const capture = (message: string) =>
      Sentry.withScope((scope) => {
        scope.setTag('region', 'eu');
        scope.setTag('attempt', 3);
        scope.setUser({ id: '42', email: 'ann@example.com', username: 'ann' });
        scope.setFingerprint(['checkout', 'declined']);
        return Sentry.captureException(new PaymentError(message));
      });
    const [first, second] = [capture('card 1111 declined'), capture('card 2222 declined')];
    await Sentry.flush(FLUSH_MS);
    expect([sent.get(first)?.status, sent.get(second)?.status]).toEqual([200, 200]);
    const stored = await storedEvent(first);
    expect(stored).toMatchObject({
      tags: { region: 'eu', attempt: '3' },
      user: { id: '42', email: 'ann@example.com', username: 'ann', ipAddress: '' },
      fingerprint: ['checkout', 'declined'],
    });
    expect((await storedEvent(second)).groupId).toBe(stored.groupId);
  });

  it("a tag key with ':' (legal in Sentry) is stored as sent", async () => {
    const id = Sentry.withScope((scope) => {
      scope.setTag('app:version', '1.4.2');
      return Sentry.captureException(new Error('with a colon tag'));
    });
    expect(await sentAndAnswered(id)).toBe(200);
    expect((await storedEvent(id)).tags).toMatchObject({ 'app:version': '1.4.2' });
  });

  it('gets 429 while ingest is unreachable; the envelope resent through the SDK is stored once', async () => {
    relay().ingestLink.cut();
    const id = Sentry.withScope((scope) => {
      scope.setFingerprint([`outage-${Date.now()}`]);
      return Sentry.captureException(new Error('during the outage'));
    });
    const status = await sentAndAnswered(id);
    relay().ingestLink.restore();
    expect(status).toBe(429);
    const envelope = sent.get(id)?.envelope;
    if (!envelope) throw new Error('the SDK sent no envelope');
    // The SDK holds back for Retry-After (1 s here), then the same envelope goes again, until it gets through.
    const client = Sentry.getClient();
    let answer: number | undefined;
    while (answer !== 200) {
      await new Promise((resolve) => setTimeout(resolve, 1_100));
      answer = (await client?.sendEnvelope(envelope))?.statusCode;
    }
    expect((await client?.sendEnvelope(envelope))?.statusCode).toBe(200);
    const { groupId } = await storedEvent(id);
    const now = Date.now();
    const totals = await callUnary(
      relay().ingest.client,
      'getEventAggregates',
      {
        projectIds: [PROJECT],
        groupIds: [groupId],
        query: '',
        start: new Date(now - 3_600_000),
        end: new Date(now + 60_000),
      },
      { timeoutMs: 10_000 },
    );
    expect(totals.eventCount).toBe('1');
  });
});
