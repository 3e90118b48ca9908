import { Level } from '@vigil/contracts/ingest';
import { expect, test } from 'vitest';
import { eventFromFlags, parseTags } from './event-flags.js';

const MINUTE = 60_000;
const T0 = Date.UTC(2021, 0, 1, 12);
const defaults = { newEventId: () => 'generated-id', now: new Date(T0) };

test('the smallest event: project and message; level error, a fresh id, no timestamp', () => {
  const event = eventFromFlags({ project: '7', message: 'boom' }, defaults);
  expect(event).toMatchObject({ projectId: '7', message: 'boom', level: Level.ERROR, eventId: 'generated-id' });
  expect(event.timestamp).toBeUndefined();
  expect(event.user).toBeUndefined();
  expect(event.exception).toBeUndefined();
  expect(event.tags).toEqual({});
});

test('every flag lands in its field', () => {
  const event = eventFromFlags(
    {
      project: '7',
      message: 'boom',
      level: 'warning',
      id: 'a0b1c2d3-e4f5-4a6b-8c7d-9e0f1a2b3c4d',
      timestamp: '-5m',
      tag: ['env=prod', 'route=/pay'],
      userId: 'u-42',
      fingerprint: ['checkout', 'timeout'],
      environment: 'production',
      release: '1.2.3',
      platform: 'node',
      culprit: 'pay()',
      exceptionType: 'TimeoutError',
    },
    defaults,
  );
  expect(event).toMatchObject({
    eventId: 'a0b1c2d3-e4f5-4a6b-8c7d-9e0f1a2b3c4d',
    level: Level.WARNING,
    tags: { env: 'prod', route: '/pay' },
    fingerprint: ['checkout', 'timeout'],
    environment: 'production',
    release: '1.2.3',
    platform: 'node',
    culprit: 'pay()',
    user: { id: 'u-42', email: '', username: '', ipAddress: '' },
    exception: { type: 'TimeoutError', value: '' },
  });
  expect(event.timestamp?.getTime()).toBe(T0 - 5 * MINUTE);
});

test('bad flags name themselves', () => {
  expect(() => eventFromFlags({ message: 'boom' }, defaults)).toThrow('--project is required');
  expect(() => eventFromFlags({ project: '0' }, defaults)).toThrow('--project: "0" is not a positive integer id');
  expect(() => eventFromFlags({ project: '1', level: 'loud' }, defaults)).toThrow(/--level: "loud"/);
  expect(() => eventFromFlags({ project: '1', timestamp: 'later' }, defaults)).toThrow(/--timestamp: "later"/);
});

test('a tag splits at its first "=", so values may contain "="', () => {
  expect(parseTags(['url=/a?b=c', 'empty='])).toEqual({ url: '/a?b=c', empty: '' });
});

test('a tag without a key, or a key twice, is refused', () => {
  expect(() => parseTags(['novalue'])).toThrow('--tag: "novalue" is not key=value');
  expect(() => parseTags(['=x'])).toThrow('--tag: "=x" is not key=value');
  expect(() => parseTags(['a=1', 'a=2'])).toThrow('--tag: key "a" is given twice');
});
