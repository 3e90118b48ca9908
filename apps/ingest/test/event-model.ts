// The test's own account of what ingest should hold after a sequence of
// writes, stored one at a time in order (behaviour.md §1): the oracle the
// exact-count tests compare the service and its database with.
import { Level, StoreOutcome, type Event } from '@vigil/contracts/ingest';
import { groupIdOf } from '../src/domain/group-id.js';
import { countedEvent, type CountedEvent } from './stats-oracle.js';

export type Policy = 'LAST_WRITE_WINS' | 'FIRST_WRITE_WINS';

export const utcDayOf = (ms: number): string => new Date(ms).toISOString().slice(0, 10);

function dedupKeyOf(event: Event): string {
  return `${event.projectId}/${event.eventId}/${utcDayOf(event.timestamp?.getTime() ?? Number.NaN)}`;
}

function expectedGroupOf(event: Event): string {
  return groupIdOf({
    fingerprint: event.fingerprint,
    exceptionType: event.exception?.type ?? '',
    exceptionValue: event.exception?.value ?? '',
    message: event.message,
  });
}

export interface ModelEvent {
  readonly event: Event;
  readonly groupId: string;
}

export class EventModel {
  private readonly stored = new Map<string, ModelEvent>();

  constructor(private readonly policyOf: (projectId: string) => Policy) {}

  /** Applies one write and says what its answer should be. */
  store(event: Event): StoreOutcome {
    const key = dedupKeyOf(event);
    const existing = this.stored.get(key);
    if (existing !== undefined && this.policyOf(event.projectId) === 'FIRST_WRITE_WINS') return StoreOutcome.DUPLICATE;
    this.stored.set(key, { event, groupId: expectedGroupOf(event) });
    return existing === undefined ? StoreOutcome.STORED : StoreOutcome.REPLACED;
  }

  /** The group of the event stored under the key of `event`. */
  storedGroupOf(event: Event): string | undefined {
    return this.stored.get(dedupKeyOf(event))?.groupId;
  }

  events(): ModelEvent[] {
    return [...this.stored.values()];
  }

  eventsOf(projectId: string): ModelEvent[] {
    return this.events().filter((e) => e.event.projectId === projectId);
  }

  counted(): CountedEvent[] {
    return this.events().map((e) => countedEvent(e.event, e.groupId));
  }

  /** Stored events per group: "project/group" → count. */
  timesSeen(): Map<string, number> {
    const seen = new Map<string, number>();
    for (const { event, groupId } of this.stored.values()) {
      const key = `${event.projectId}/${groupId}`;
      seen.set(key, (seen.get(key) ?? 0) + 1);
    }
    return seen;
  }

  /** One line per stored event, to compare with the rows of ingest_event. */
  rows(): string[] {
    return this.events()
      .map(({ event, groupId }) =>
        storedRowLine({
          key: dedupKeyOf(event),
          groupId,
          timestampMs: event.timestamp?.getTime() ?? Number.NaN,
          level: event.level === Level.UNSPECIFIED ? Level.ERROR : event.level,
          message: event.message,
          environment: event.environment,
          tags: event.tags,
        }),
      )
      .sort();
  }
}

export function storedRowLine(row: {
  key: string;
  groupId: string;
  timestampMs: number;
  level: number;
  message: string;
  environment: string;
  tags: Readonly<Record<string, string>>;
}): string {
  const tags = Object.entries(row.tags).sort(([a], [b]) => a.localeCompare(b));
  return JSON.stringify([row.key, row.groupId, row.timestampMs, row.level, row.message, row.environment, tags]);
}
