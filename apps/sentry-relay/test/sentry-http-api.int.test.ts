// The relay's HTTP API spoken by hand: what a sender gets for each kind of
// request, and what reaches ingest (read back through ingest's own API).
import { status } from '@grpc/grpc-js';
import { Level } from '@vigil/contracts/ingest';
import { callUnary } from '@vigil/runtime';
import { deflateSync, gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { envelope, newEventId, post } from './support/http.js';
import { KEY, OTHER_KEY, OTHER_PROJECT, PROJECT, useRelay } from './support/relay-under-test.js';

const relay = useRelay({ MAX_BODY_BYTES: '65536', BATCH_MAX_EVENTS: '3' });
/** The relay's URL for `path`, with `?sentry_key=` unless `key` is null. */
const url = (path: string, key: string | null = KEY) =>
  `${relay().baseUrl}${path}${key === null ? '' : `?sentry_key=${key}`}`;
const ENVELOPE = `/api/${PROJECT}/envelope/`;

function eventEnvelope(eventId: string, fields: Record<string, unknown> = {}, withLength = true): string {
  const payload = JSON.stringify({ event_id: eventId, timestamp: Date.now() / 1000, platform: 'node', ...fields });
  return envelope({ event_id: eventId, sent_at: new Date().toISOString() }, [[{ type: 'event' }, payload]], withLength);
}

async function storedEvent(eventId: string, projectId = PROJECT) {
  const { event } = await callUnary(
    relay().ingest.client,
    'getEvent',
    { projectId, eventId, timestamp: undefined },
    {
      timeoutMs: 10_000,
    },
  );
  return event?.event;
}

async function notStored(eventId: string, projectId = PROJECT): Promise<boolean> {
  return storedEvent(eventId, projectId).then(
    () => false,
    (error: { code?: number }) => error.code === status.NOT_FOUND,
  );
}

describe('POST /api/<project>/envelope/', () => {
  it('stores an event item, with or without length headers, and answers its id', async () => {
    for (const withLength of [true, false]) {
      const id = newEventId();
      const reply = await post(url(ENVELOPE), eventEnvelope(id, { message: 'hello', level: 'warning' }, withLength));
      expect(reply).toMatchObject({ status: 200, body: { id } });
      expect(await storedEvent(id)).toMatchObject({ message: 'hello', level: Level.WARNING, platform: 'node' });
    }
  });

  it('reads gzip, deflate and chunked bodies', async () => {
    const ids = [newEventId(), newEventId(), newEventId()];
    const gzip = await post(url(ENVELOPE), gzipSync(eventEnvelope(ids[0] as string)), {
      headers: { 'content-encoding': 'gzip' },
    });
    const deflate = await post(url(ENVELOPE), deflateSync(eventEnvelope(ids[1] as string)), {
      headers: { 'content-encoding': 'deflate' },
    });
    const chunked = await post(url(ENVELOPE), gzipSync(eventEnvelope(ids[2] as string)), {
      headers: { 'content-encoding': 'gzip' },
      chunks: 7,
    });
    expect([gzip.status, deflate.status, chunked.status]).toEqual([200, 200, 200]);
    for (const id of ids) expect(await storedEvent(id)).toBeDefined();
  });

  it('accepts and ignores other item types: sessions, attachments, client reports, transactions', async () => {
    const body = envelope({}, [
      [{ type: 'session' }, '{"sid":"7c5d4a2b","status":"ok"}'],
      [{ type: 'attachment', filename: 'a.bin' }, 'binary\nbytes'],
      [{ type: 'client_report' }, '{"discarded_events":[]}'],
      [{ type: 'transaction' }, '{"type":"transaction"}'],
    ]);
    expect(await post(url(ENVELOPE), body)).toMatchObject({ status: 200, body: {} });
  });

  it('stores every event of a many-event envelope in one go, up to BATCH_MAX_EVENTS (413 beyond)', async () => {
    const ids = [newEventId(), newEventId(), newEventId(), newEventId()];
    const items = (count: number) =>
      ids
        .slice(0, count)
        .map((id): [Record<string, unknown>, string] => [{ type: 'event' }, JSON.stringify({ event_id: id })]);
    const tooMany = await post(url(ENVELOPE), envelope({}, items(4)));
    expect(tooMany).toMatchObject({ status: 413, body: { detail: '4 events in one request; at most 3 are accepted' } });
    expect(await notStored(ids[0] as string)).toBe(true);
    const three = await post(url(ENVELOPE), envelope({}, items(3)));
    expect(three).toMatchObject({ status: 200, body: { ids: ids.slice(0, 3) } });
  });

  it('takes the key from X-Sentry-Auth as well', async () => {
    const id = newEventId();
    const reply = await post(url(ENVELOPE, null), eventEnvelope(id), {
      headers: { 'x-sentry-auth': `Sentry sentry_version=7, sentry_key=${KEY}, sentry_client=hand/1.0` },
    });
    expect(reply.status).toBe(200);
  });

  it('refuses a missing or unknown key (401) and another project’s key (403), storing nothing', async () => {
    const id = newEventId();
    const missing = await post(url(ENVELOPE, null), eventEnvelope(id));
    const unknown = await post(url(ENVELOPE, 'not-a-key-of-any-project'), eventEnvelope(id));
    const other = await post(url(ENVELOPE, OTHER_KEY), eventEnvelope(id));
    expect([missing.status, unknown.status, other.status]).toEqual([401, 401, 403]);
    expect(other.body['detail']).toBe(`this sentry_key does not belong to project ${PROJECT}`);
    expect(await notStored(id)).toBe(true);
    expect(await notStored(id, OTHER_PROJECT)).toBe(true);
  });

  it('answers 413 for a body over MAX_BODY_BYTES, sent as it is or inflating from a small gzip', async () => {
    const big = eventEnvelope(newEventId(), { message: 'x'.repeat(70_000) });
    const plain = await post(url(ENVELOPE), big);
    const bomb = await post(url(ENVELOPE), gzipSync(big), { headers: { 'content-encoding': 'gzip' } });
    const chunked = await post(url(ENVELOPE), big, { chunks: 4 });
    expect([plain.status, bomb.status, chunked.status]).toEqual([413, 413, 413]);
    expect(bomb.body['detail']).toBe('the body decompresses to over 65536 bytes, the most accepted');
  });

  it('answers 400 with the reason for what is no envelope or no event', async () => {
    const broken = await post(url(ENVELOPE), '{}\n{"type":"event","length":500}\n{}');
    const notJson = await post(url(ENVELOPE), envelope({}, [[{ type: 'event' }, 'not json']]));
    const noId = await post(url(ENVELOPE), envelope({}, [[{ type: 'event' }, '{"message":"who am I"}']]));
    const badGzip = await post(url(ENVELOPE), 'plain', { headers: { 'content-encoding': 'gzip' } });
    expect([broken, notJson, noId, badGzip].map((r) => [r.status, r.body['detail']])).toEqual([
      [400, 'item 1 says it is 500 bytes, but only 2 follow'],
      [400, 'event item 1 is not JSON'],
      [400, 'event_id is missing'],
      [400, 'the body is not valid gzip data'],
    ]);
  });

  it('answers 400 naming the field when ingest rejects an event (older than the retention), and stores nothing of it', async () => {
    const id = newEventId();
    const reply = await post(url(ENVELOPE), eventEnvelope(id, { timestamp: Date.now() / 1000 - 400 * 86_400 }));
    expect(reply.status).toBe(400);
    expect(reply.body['rejected']).toEqual([
      { event_id: id, field: 'timestamp', reason: expect.stringContaining('older than the retention') as string },
    ]);
    expect(await notStored(id)).toBe(true);
  });

  it('passes on what ingest normalised: a bad tag is dropped and the event stored (200)', async () => {
    const id = newEventId();
    const reply = await post(url(ENVELOPE), eventEnvelope(id, { tags: { 'a b': 'x', ok: 'y' } }));
    expect(reply.status).toBe(200);
    expect((await storedEvent(id))?.tags).toEqual({ ok: 'y' });
  });

  it('answers 400 for an event id ingest cannot read (identity is never guessed)', async () => {
    const reply = await post(url(ENVELOPE), eventEnvelope('not-a-uuid'));
    expect(reply.status).toBe(400);
    expect(reply.body['rejected']).toMatchObject([{ event_id: 'not-a-uuid', field: 'event_id' }]);
  });

  it('answers 429 with Retry-After while ingest is unreachable; the resent envelope is stored once', async () => {
    const id = newEventId();
    const body = eventEnvelope(id, { message: 'during the outage', fingerprint: [id] });
    relay().ingestLink.cut();
    const during = await post(url(ENVELOPE), body);
    relay().ingestLink.restore();
    expect(during.status).toBe(429);
    expect(during.headers['retry-after']).toBe('1');
    expect(await notStored(id)).toBe(true);
    // The sender retries until it gets through (the channel may take a moment to reconnect), then once more.
    let after = await post(url(ENVELOPE), body);
    while (after.status === 429) {
      await new Promise((resolve) => setTimeout(resolve, 500));
      after = await post(url(ENVELOPE), body);
    }
    const again = await post(url(ENVELOPE), body);
    expect([after.status, again.status]).toEqual([200, 200]);
    // The event's own group (its fingerprint is its id) counts it once.
    const groupId =
      (await callUnary(relay().ingest.client, 'getEvent', { projectId: PROJECT, eventId: id }, { timeoutMs: 10_000 }))
        .event?.groupId ?? '';
    const { eventCount } = await callUnary(
      relay().ingest.client,
      'getEventAggregates',
      {
        projectIds: [PROJECT],
        groupIds: [groupId],
        query: '',
        start: new Date(Date.now() - 3_600_000),
        end: new Date(Date.now() + 60_000),
      },
      { timeoutMs: 10_000 },
    );
    expect(eventCount).toBe('1');
  });
});

describe('POST /api/<project>/store/ (older SDKs)', () => {
  it('stores the bare event of the body', async () => {
    const id = newEventId();
    const payload = JSON.stringify({ event_id: id, message: 'from store', tags: { a: 'b' } });
    expect(
      await post(url(`/api/${PROJECT}/store/`), gzipSync(payload), { headers: { 'content-encoding': 'gzip' } }),
    ).toMatchObject({
      status: 200,
      body: { id },
    });
    expect(await storedEvent(id)).toMatchObject({ message: 'from store', tags: { a: 'b' } });
  });
});

describe('other requests', () => {
  it('answers a CORS preflight, 404 elsewhere and 405 for other methods', async () => {
    const preflight = await fetch(url(ENVELOPE), { method: 'OPTIONS' });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe('*');
    expect((await fetch(url('/api/x/envelope/'), { method: 'POST' })).status).toBe(404);
    expect((await fetch(url(ENVELOPE))).status).toBe(405);
  });
});
