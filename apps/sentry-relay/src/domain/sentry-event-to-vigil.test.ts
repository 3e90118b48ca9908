import { Level } from '@vigil/contracts/ingest';
import { describe, expect, it } from 'vitest';
import { MalformedEventError, sentryEventToVigil } from './sentry-event-to-vigil.js';

const ID = '9ec79c33ec9942ab8353589fcb2e04dc';
const map = (payload: unknown, envelopeEventId?: string) =>
  sentryEventToVigil(payload, { projectId: '12', envelopeEventId });

// Shaped as @sentry/node 11 sends a thrown error with a cause, a user, tags and a fingerprint.
const SDK_EVENT = {
  event_id: ID,
  timestamp: 1_795_000_000.25,
  platform: 'node',
  level: 'error',
  environment: 'production',
  release: 'shop@1.2.3',
  transaction: 'POST /checkout',
  server_name: 'web-1',
  project: 999,
  fingerprint: ['checkout', '{{ default }}'],
  tags: { region: 'eu', 'app:version': 7, flag: true, gone: null },
  user: { id: 42, email: 'a@example.com', username: 'ann', ip_address: '{{auto}}' },
  exception: {
    values: [
      { type: 'Error', value: 'socket hang up', stacktrace: { frames: [] } },
      {
        type: 'PaymentError',
        value: 'card declined',
        mechanism: { type: 'generic', handled: true },
        stacktrace: {
          frames: [
            {
              filename: 'node:internal/process/task_queues',
              function: 'process.processTicksAndRejections',
              lineno: 95,
              in_app: false,
            },
            {
              module: 'shop.checkout',
              filename: '/app/checkout.js',
              function: 'pay',
              lineno: 42,
              colno: 7,
              in_app: true,
            },
            { abs_path: '/app/card.js', function: 'charge', lineno: -1, in_app: true },
          ],
        },
      },
    ],
  },
  contexts: { os: { name: 'Linux' } },
  breadcrumbs: { values: [] },
};

describe('sentryEventToVigil', () => {
  it('maps what the SDK sends field by field; the URL names the project', () => {
    expect(map(SDK_EVENT)).toEqual({
      eventId: ID,
      projectId: '12',
      timestamp: new Date(1_795_000_000_250),
      level: Level.ERROR,
      platform: 'node',
      message: '',
      culprit: 'POST /checkout',
      environment: 'production',
      release: 'shop@1.2.3',
      fingerprint: ['checkout', '{{ default }}'],
      tags: { region: 'eu', 'app:version': '7', flag: 'true' },
      user: { id: '42', email: 'a@example.com', username: 'ann', ipAddress: '' },
      exception: {
        type: 'PaymentError',
        value: 'card declined',
        stacktrace: {
          frames: [
            {
              module: '',
              filename: 'node:internal/process/task_queues',
              function: 'process.processTicksAndRejections',
              lineno: 95,
              inApp: false,
            },
            { module: 'shop.checkout', filename: '/app/checkout.js', function: 'pay', lineno: 42, inApp: true },
            { module: '', filename: '/app/card.js', function: 'charge', lineno: 0, inApp: true },
          ],
        },
      },
      causes: [{ type: 'Error', value: 'socket hang up', stacktrace: undefined }],
    });
  });

  it('turns a chain of three into the thrown exception and its causes, nearest first', () => {
    const event = map({ event_id: ID, exception: { values: [{ type: 'A' }, { type: 'B' }, { type: 'C' }] } });
    expect([event.exception?.type, event.causes.map((cause) => cause.type)]).toEqual(['C', ['B', 'A']]);
  });

  it('takes the message from logentry or message, formatted first', () => {
    expect(map({ event_id: ID, logentry: { message: 'User %s', formatted: 'User 7' } }).message).toBe('User 7');
    expect(map({ event_id: ID, message: { message: 'raw' } }).message).toBe('raw');
    expect(map({ event_id: ID, message: 'plain' }).message).toBe('plain');
  });

  it('reads levels, old spellings too; an unknown level is left to ingest (stored as error)', () => {
    const level = (l: string) => map({ event_id: ID, level: l }).level;
    expect([level('fatal'), level('warning'), level('warn'), level('info'), level('log'), level('debug')]).toEqual([
      Level.FATAL,
      Level.WARNING,
      Level.WARNING,
      Level.INFO,
      Level.INFO,
      Level.DEBUG,
    ]);
    expect(level('critical')).toBe(Level.UNSPECIFIED);
  });

  it('reads RFC 3339 timestamps; an unreadable one is left out (ingest uses the receive time)', () => {
    expect(map({ event_id: ID, timestamp: '2026-11-28T10:00:00.5Z' }).timestamp).toEqual(
      new Date('2026-11-28T10:00:00.500Z'),
    );
    expect(map({ event_id: ID, timestamp: 'yesterday' }).timestamp).toBeUndefined();
  });

  it('reads tags as pairs, culprit when there is no transaction, and an exception list of the old form', () => {
    const event = map({ event_id: ID, tags: [['a', 'b']], culprit: 'legacy', exception: [{ type: 'E' }] });
    expect([event.tags, event.culprit, event.exception]).toEqual([{ a: 'b' }, 'legacy', { type: 'E', value: '' }]);
  });

  it('leaves out a user and an exception that carry nothing', () => {
    const event = map({ event_id: ID, user: { ip_address: '{{auto}}' }, exception: { values: [{}] } });
    expect([event.user, event.exception, event.causes]).toEqual([undefined, undefined, []]);
  });

  it('passes over-long values on unshortened: ingest owns the bounds', () => {
    expect(map({ event_id: ID, message: 'x'.repeat(20_000) }).message).toHaveLength(20_000);
  });

  it("takes the envelope's event id when the payload has none, and refuses two different ones or none", () => {
    expect(map({}, ID).eventId).toBe(ID);
    expect(map({ event_id: ID.toUpperCase() }, ID).eventId).toBe(ID.toUpperCase());
    expect(() => map({ event_id: ID }, 'ffffffffffffffffffffffffffffffff')).toThrow(/differs from the envelope/);
    expect(() => map({})).toThrow(new MalformedEventError('event_id is missing'));
    expect(() => map([])).toThrow('the event is not a JSON object');
  });
});
