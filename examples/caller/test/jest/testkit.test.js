// The testkit under jest (native ESM: run with --experimental-vm-modules).
import { randomUUID } from 'node:crypto';
import { StoreOutcome } from '@vigil/contracts/ingest';
import { startVigil } from '@vigil/testkit';

let vigil;
beforeAll(async () => {
  vigil = await startVigil();
});
afterAll(() => vigil?.stop());

test('stores an event in the real ingest service and reads it back', async () => {
  const eventId = randomUUID().replaceAll('-', '');
  const stored = await vigil.ingest.storeEvent({ event: { eventId, projectId: '5', message: 'from jest' } });
  expect(stored.outcome).toBe(StoreOutcome.STORED);
  const { event } = await vigil.ingest.getEvent({ projectId: '5', eventId });
  expect(event?.event?.message).toBe('from jest');
});
