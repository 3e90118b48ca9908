// The caller's own contract tests: what this service relies on Vigil for,
// checked against the real services that @vigil/testkit runs.
import { randomUUID } from 'node:crypto';
import { isVigilCallError } from '@vigil/contracts/client';
import { startVigil, type RunningVigil } from '@vigil/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createErrorReporter, type ErrorReporter } from '../src/error-reporter.js';
import { createIncidentDesk, type IncidentDesk } from '../src/incident-desk.js';

const MINUTE = 60_000;
let vigil: RunningVigil;
let reporter: ErrorReporter;
let desk: IncidentDesk;

beforeAll(async () => {
  vigil = await startVigil();
  reporter = createErrorReporter({
    ingestAddress: vigil.addresses.ingest,
    projectId: '42',
    release: '2.1.0',
    environment: 'test',
  });
  desk = createIncidentDesk(vigil.addresses, '7');
});

afterAll(async () => {
  reporter?.close();
  desk?.close();
  await vigil?.stop();
});

describe('reporting errors', () => {
  it('stores a report, and a retry of the same occurrence replaces it instead of counting twice', async () => {
    const eventId = randomUUID();
    const first = await reporter.report(new RangeError('cart total is negative'), { eventId, userId: 'u1' });
    const retry = await reporter.report(new RangeError('cart total is negative'), { eventId, userId: 'u1' });
    expect([first.outcome, retry.outcome]).toEqual(['stored', 'replaced']);
    expect(retry.groupId).toBe(first.groupId);
    const { group } = await vigil.ingest.getGroup({ projectId: '42', groupId: first.groupId });
    expect(group?.timesSeen).toBe('1');
  });

  it('groups two occurrences of one error type and message together', async () => {
    const a = await reporter.report(new TypeError('price is undefined'));
    const b = await reporter.report(new TypeError('price is undefined'));
    expect(b.groupId).toBe(a.groupId);
    expect(b.eventId).not.toBe(a.eventId);
  });

  it('gets INVALID_ARGUMENT naming the field for a report Vigil cannot take', async () => {
    const broken = createErrorReporter({
      ingestAddress: vigil.addresses.ingest,
      projectId: '0',
      release: '',
      environment: '',
    });
    const error = await broken.report(new Error('x')).catch((e: unknown) => e);
    broken.close();
    if (!isVigilCallError(error)) throw new Error(`expected a VigilCallError, got ${String(error)}`);
    expect(error.codeName).toBe('INVALID_ARGUMENT');
    expect(error.details).toContain('project_id');
    expect(error.retryable).toBe(false);
  });
});

describe('incidents', () => {
  it('resolving an incident schedules its snapshot, which then counts the events of its time range', async () => {
    const project = String(1000 + Math.floor(Math.random() * 1_000_000));
    // Three errors while the incident ran, one after it: only the three count.
    const during = new Date(Date.now() - 20 * MINUTE);
    const { results } = await vigil.ingest.storeEvents({
      events: [1, 2, 3].map((i) => ({
        eventId: randomUUID(),
        projectId: project,
        message: `boom ${i}`,
        timestamp: during,
      })),
    });
    expect(results.map((r) => r.rejection)).toEqual([undefined, undefined, undefined]);
    const late = createErrorReporter({
      ingestAddress: vigil.addresses.ingest,
      projectId: project,
      release: '1',
      environment: 'test',
    });
    await late.report(new Error('after the incident'));
    late.close();
    const startedAt = new Date(Date.now() - 30 * MINUTE);
    const incident = await desk.open('checkout is failing', project, startedAt);
    // Resolved 15 minutes ago: with a 1-minute window the snapshot is due 10 minutes after.
    const resolved = await desk.resolve(incident.id, new Date(Date.now() - 15 * MINUTE), 'rolled back');
    expect(resolved.dateClosed).toBeDefined();
    await vigil.waitForPendingSnapshot(incident.id);
    expect(await desk.snapshotDue(incident.id)).toEqual(new Date(resolved.dateClosed!.getTime() + 10 * MINUTE));
    const snapshot = await vigil.settleSnapshot(incident.id);
    // Totals run from the start minus one window to the close plus one: the late report is outside.
    expect(snapshot.eventCount).toBe('3');
  });
});
