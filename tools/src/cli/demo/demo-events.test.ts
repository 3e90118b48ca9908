import { Level } from '@vigil/contracts/ingest';
import { expect, test } from 'vitest';
import { DEMO_INCIDENT, demoEvents } from './demo-events.js';

const MINUTE = 60_000;
const T0 = Date.UTC(2021, 0, 1, 12);

// A small deterministic generator, so the test sees one fixed spread.
function seeded(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
    return state / 2 ** 31;
  };
}

function generate(seed: number) {
  let next = 0;
  return demoEvents({
    projectId: '4711',
    now: new Date(T0),
    random: seeded(seed),
    newEventId: () => `id-${next++}`,
  });
}

test('49 distinct events over the last 40 minutes, oldest first, plus a retry of one of them', () => {
  const { batch, retry } = generate(1);
  expect(batch).toHaveLength(49);
  expect(new Set(batch.map((event) => event.eventId)).size).toBe(49);
  const times = batch.map((event) => event.timestamp?.getTime() ?? Number.NaN);
  expect(times).toEqual([...times].sort((a, b) => a - b));
  for (const time of times) {
    expect(time).toBeGreaterThanOrEqual(T0 - 40 * MINUTE);
    expect(time).toBeLessThan(T0);
  }
  expect(batch.every((event) => event.projectId === '4711')).toBe(true);
  const original = batch.find((event) => event.eventId === retry.eventId);
  // Same id and same timestamp, hence the same dedup key: ingest answers REPLACED.
  expect(original).toEqual(retry);
});

test('the TypeError burst lies inside the incident, so its snapshot shows it', () => {
  for (const seed of [1, 2, 3, 4, 5]) {
    const burst = generate(seed).batch.filter((event) => event.exception?.type === 'TypeError');
    expect(burst).toHaveLength(36);
    for (const event of burst) {
      const ago = T0 - (event.timestamp?.getTime() ?? 0);
      expect(ago).toBeLessThanOrEqual(DEMO_INCIDENT.startedAgoMs);
      expect(ago).toBeGreaterThanOrEqual(DEMO_INCIDENT.closedAgoMs);
      expect(event.level).toBe(Level.ERROR);
    }
  }
});

test('three groups: the burst, payment timeouts (by fingerprint) and slow-query warnings', () => {
  const { batch } = generate(7);
  expect(batch.filter((event) => event.fingerprint.includes('payment-timeout'))).toHaveLength(8);
  expect(batch.filter((event) => event.level === Level.WARNING)).toHaveLength(5);
});
