import { randomBytes } from 'node:crypto';
import type { status } from '@grpc/grpc-js';
import { IncidentStatus, IncidentType, StatusMethod, type IncidentsServiceClient } from '@vigil/contracts/incidents';
import { Aggregation, Event, Level, type IngestServiceClient } from '@vigil/contracts/ingest';
import { callUnary } from '@vigil/runtime';

export const SECOND = 1000;
export const MINUTE = 60 * SECOND;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;

/** A fixed, recent UTC day at 00:00 (inside ingest's retention), two days ago. */
export function recentDay(): number {
  const now = Date.now();
  return now - (now % DAY) - 2 * DAY;
}

export const eventId = () => randomBytes(16).toString('hex');

/** A positive project (or organization) id no other test uses. */
export const freshId = () => String(1 + (randomBytes(4).readUInt32BE() % 2_000_000_000));

export interface EventSpec {
  readonly at: number;
  readonly project: string;
  readonly level?: Level;
  readonly user?: string;
  readonly message?: string;
}

export async function storeEvents(ingest: IngestServiceClient, specs: readonly EventSpec[]): Promise<void> {
  const events = specs.map((s) =>
    Event.fromPartial({
      eventId: eventId(),
      projectId: s.project,
      timestamp: new Date(s.at),
      level: s.level ?? Level.ERROR,
      message: s.message ?? 'contract test event',
      ...(s.user && { user: { id: s.user } }),
    }),
  );
  const { results } = await callUnary(ingest, 'storeEvents', { events }, { timeoutMs: 10_000 });
  const rejected = results.filter((r) => r.rejection);
  if (rejected.length > 0) throw new Error(`ingest rejected test events: ${JSON.stringify(rejected)}`);
}

/** Polls `probe` until it returns a value, failing after `timeoutMs`. */
export async function eventually<T>(probe: () => Promise<T | undefined>, what: string, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe().catch(() => undefined);
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** The gRPC status code a call failed with (throws if it succeeded). */
export async function statusOf(call: Promise<unknown>): Promise<{ code: status; details: string }> {
  try {
    await call;
  } catch (error) {
    const { code, details } = error as { code: status; details: string };
    return { code, details };
  }
  throw new Error('expected the call to fail');
}

export interface IncidentSpec {
  readonly organization: string;
  readonly project: string;
  readonly started: number;
  readonly ruleId?: string;
}

/** Creates an incident through the public contract and returns its id. */
export async function createIncident(incidents: IncidentsServiceClient, spec: IncidentSpec): Promise<string> {
  const { incident } = await callUnary(
    incidents,
    'createIncident',
    {
      organizationId: spec.organization,
      type: IncidentType.DETECTED,
      title: 'contract test incident',
      query: '',
      aggregation: Aggregation.TOTAL,
      dateStarted: new Date(spec.started),
      dateDetected: new Date(spec.started),
      projectIds: [spec.project],
      groupIds: [],
      ...(spec.ruleId && { alertRuleId: spec.ruleId }),
    },
    { timeoutMs: 5_000 },
  );
  if (!incident) throw new Error('CreateIncident answered without an incident');
  return incident.id;
}

export async function setStatus(
  incidents: IncidentsServiceClient,
  incidentId: string,
  newStatus: IncidentStatus,
  dateClosed?: number,
): Promise<boolean> {
  const { changed } = await callUnary(
    incidents,
    'updateIncidentStatus',
    {
      incidentId,
      status: newStatus,
      method: StatusMethod.MANUAL,
      ...(dateClosed !== undefined && { dateClosed: new Date(dateClosed) }),
    },
    { timeoutMs: 5_000 },
  );
  return changed;
}
