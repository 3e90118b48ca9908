import { Event, NormalizationAction, StoredEvent } from '@vigil/contracts/ingest';
import { expect, test } from 'vitest';
import { formatStoredEvent } from './event-view.js';

test('shows the in-app frames, the causes and what ingest changed to store the event', () => {
  const stored = StoredEvent.fromPartial({
    event: Event.fromPartial({
      eventId: 'a0b1c2d3e4f54a6b8c7d9e0f1a2b3c4d',
      projectId: '3',
      exception: {
        type: 'TypeError',
        value: 'x is undefined',
        stacktrace: {
          frames: [
            { module: 'node:internal/timers', function: 'listOnTimeout', lineno: 569, inApp: false },
            { filename: '/app/users.js', function: 'findUser', lineno: 12, inApp: true },
          ],
        },
      },
      causes: [{ type: 'RangeError', value: 'id out of range' }],
    }),
    normalizations: [{ field: 'tags[a b]', action: NormalizationAction.DROPPED, detail: 'key may hold only …' }],
  });
  const text = formatStoredEvent(stored);
  expect(text).toMatch(/^ {2}at +findUser \(\/app\/users\.js:12\)$/m);
  expect(text).toMatch(/^caused by +RangeError: id out of range$/m);
  expect(text).toMatch(/^changed tags\[a b\] {2}dropped: key may hold only …$/m);
  expect(text).not.toContain('listOnTimeout');
});
