// The events the demo sends: a quiet background over the last 40 minutes and
// a burst of one error while "the incident" lasts (30 to 20 minutes ago),
// so the snapshot's graph has a visible shape. Pure: clock, randomness and
// ids are given.
import { Event, Level } from '@vigil/contracts/ingest';
import { MINUTE } from '@vigil/time-range';

interface DemoEventsInput {
  readonly projectId: string;
  readonly now: Date;
  /** Uniform in [0, 1), like Math.random. */
  readonly random: () => number;
  readonly newEventId: () => string;
}

interface DemoEvents {
  /** Sent as one StoreEvents batch, oldest first. */
  readonly batch: Event[];
  /** The first burst event again, same id and timestamp: a client's retry. */
  readonly retry: Event;
}

/** The incident the demo opens and closes, relative to now. */
export const DEMO_INCIDENT = { startedAgoMs: 30 * MINUTE, closedAgoMs: 20 * MINUTE } as const;

const HISTORY_MS = 40 * MINUTE;
const BURST_EVENTS = 36;
const TIMEOUT_EVENTS = 8;
const SLOW_QUERY_EVENTS = 5;
const USERS = 8;

export function demoEvents(input: DemoEventsInput): DemoEvents {
  const now = input.now.getTime();
  const event = (ago: number, fields: Partial<Event>): Event => ({
    ...Event.create(),
    eventId: input.newEventId(),
    projectId: input.projectId,
    timestamp: new Date(now - ago),
    platform: 'node',
    environment: 'production',
    release: 'shop@1.4.0',
    user: { id: `user-${1 + Math.floor(input.random() * USERS)}`, email: '', username: '', ipAddress: '' },
    ...fields,
  });
  const burstSpan = DEMO_INCIDENT.startedAgoMs - DEMO_INCIDENT.closedAgoMs;
  // The mean of two uniforms peaks in the middle: the errors rise, then fade.
  const burst = Array.from({ length: BURST_EVENTS }, () =>
    event(DEMO_INCIDENT.startedAgoMs - ((input.random() + input.random()) / 2) * burstSpan, {
      level: Level.ERROR,
      message: "TypeError: Cannot read properties of undefined (reading 'total')",
      culprit: 'checkout/pay',
      exception: { type: 'TypeError', value: "Cannot read properties of undefined (reading 'total')" },
      tags: { route: '/checkout' },
    }),
  );
  const background = (count: number, fields: Partial<Event>) =>
    Array.from({ length: count }, () => event(MINUTE + input.random() * (HISTORY_MS - MINUTE), fields));
  const timeouts = background(TIMEOUT_EVENTS, {
    level: Level.ERROR,
    message: 'Payment provider timed out',
    fingerprint: ['payment-timeout'],
  });
  const slowQueries = background(SLOW_QUERY_EVENTS, { level: Level.WARNING, message: 'Slow query on orders (2.4 s)' });
  const [first] = burst;
  if (first === undefined) throw new Error('the demo needs at least one burst event');
  const batch = [...burst, ...timeouts, ...slowQueries].sort(
    (a, b) => (a.timestamp?.getTime() ?? 0) - (b.timestamp?.getTime() ?? 0),
  );
  return { batch, retry: { ...first } };
}
