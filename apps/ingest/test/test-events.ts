import { Event } from '@vigil/contracts/ingest';

export const SECOND = 1000;
export const MINUTE = 60 * SECOND;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;

/** The fixed instant tests place their events around. */
export const T0 = Date.UTC(2021, 0, 1);

export const at = (ms: number): Date => new Date(ms);

/** A well-formed event id (32 lowercase hex digits) made from a number, so tests can name ids. */
export function eventIdOf(n: number): string {
  return n.toString(16).padStart(32, '0');
}

/** An event with every field set to something plain; `overrides` win. */
export function testEvent(overrides: Partial<Event> & Pick<Event, 'eventId' | 'projectId'>): Event {
  return {
    ...Event.fromPartial({}),
    timestamp: at(T0),
    platform: 'node',
    message: 'something broke',
    culprit: 'handler',
    environment: 'production',
    release: '1.0.0',
    ...overrides,
  };
}

/**
 * Project ids for tests that share one service: each test takes fresh
 * projects, so no test sees another's events.
 */
export function projectIds(first: number): () => string {
  let next = first;
  return () => String(next++);
}
