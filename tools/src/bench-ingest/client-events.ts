// Events as a client sends them, drawn from the shape in event-shape.ts.
import { randomUUID } from 'node:crypto';
import type { Event } from '@vigil/contracts/ingest';
import {
  BROWSERS,
  culpritOf,
  exceptionTypeOf,
  exceptionValueOf,
  GROUP_COUNT,
  IN_PRODUCTION,
  LEVEL_CUMULATIVE,
  messageOf,
  OPERATING_SYSTEMS,
  RELEASE_COUNT,
  ROUTE_COUNT,
  USER_COUNT,
  WITH_USER,
} from './event-shape.js';

const pick = <T>(items: readonly T[]): T => items[Math.floor(Math.random() * items.length)] as T;
const below = (n: number) => Math.floor(Math.random() * n);

/** Where event timestamps fall: uniformly in [end - spreadMs, end). */
export interface TimeSpread {
  readonly endMs: number;
  readonly spreadMs: number;
}

/** One new event (fresh random id) of the project. */
export function benchEvent(projectId: string, time: TimeSpread): Event {
  const group = below(GROUP_COUNT);
  const r = Math.random();
  const level = LEVEL_CUMULATIVE.find(([upTo]) => r < upTo)?.[1] ?? 2;
  return {
    eventId: randomUUID().replaceAll('-', ''),
    projectId,
    timestamp: new Date(time.endMs - Math.random() * time.spreadMs),
    level,
    platform: 'node',
    message: messageOf(group),
    culprit: culpritOf(group),
    environment: Math.random() < IN_PRODUCTION ? 'production' : 'staging',
    release: `app@1.${below(RELEASE_COUNT)}.0`,
    fingerprint: [],
    tags: { browser: pick(BROWSERS), os: pick(OPERATING_SYSTEMS), route: `/api/r${below(ROUTE_COUNT)}` },
    user:
      Math.random() < WITH_USER
        ? { id: `user-${below(USER_COUNT)}`, email: '', username: '', ipAddress: '' }
        : undefined,
    exception: { type: exceptionTypeOf(group), value: exceptionValueOf(group) },
    causes: [],
  };
}

/** `count` new events. */
export function benchEvents(projectId: string, time: TimeSpread, count: number): Event[] {
  return Array.from({ length: count }, () => benchEvent(projectId, time));
}
