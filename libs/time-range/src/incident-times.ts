import { MINUTE } from './durations.js';

/**
 * The instants of an incident that its time ranges depend on, with its time
 * window already resolved (the rule's, or 1 minute: see incidentTimeWindowMs).
 */
export interface IncidentTimes {
  readonly dateStarted: Date;
  /** Empty while the incident is not closed. */
  readonly dateClosed: Date | null;
  /** Whole minutes, at least 1. */
  readonly timeWindowMinutes: number;
}

/** A [start, end] pair of instants. */
export interface TimeRange {
  readonly start: Date;
  readonly end: Date;
}

/** Throws a RangeError unless `minutes` is a whole number of minutes ≥ 1. */
export function windowMinutesToMs(minutes: number): number {
  if (!Number.isInteger(minutes) || minutes < 1) {
    throw new RangeError(`time window must be a whole number of minutes ≥ 1, got ${minutes}`);
  }
  return minutes * MINUTE;
}

/** Throws a RangeError for an Invalid Date, which would otherwise spread NaN silently. */
export function validInstantMs(date: Date, name: string): number {
  const ms = date.getTime();
  if (Number.isNaN(ms)) {
    throw new RangeError(`${name} is not a valid date`);
  }
  return ms;
}

/**
 * An instant computed from valid inputs can still fall outside the range a
 * Date can hold (±8.64e15 ms) when the window is absurdly large.
 */
export function instantAt(ms: number, name: string): Date {
  const date = new Date(ms);
  validInstantMs(date, name);
  return date;
}

/** The incident's current end: date_closed, or now while it is not closed. */
export function currentEndMs(incident: IncidentTimes, now: Date): number {
  return incident.dateClosed === null ? validInstantMs(now, 'now') : validInstantMs(incident.dateClosed, 'dateClosed');
}
