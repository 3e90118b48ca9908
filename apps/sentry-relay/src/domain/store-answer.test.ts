import { StoreOutcome, type Event, type StoreEventsResult } from '@vigil/contracts/ingest';
import { describe, expect, it } from 'vitest';
import { storeAnswer } from './store-answer.js';

const event = (eventId: string) => ({ eventId }) as Event;
const result = (eventId: string, outcome: StoreOutcome, rejection?: { field: string; reason: string }) =>
  ({ index: 0, outcome, eventId, groupId: '', policy: 0, rejection }) as StoreEventsResult;

describe('storeAnswer', () => {
  it('is 200 with the id when every event is stored, a resent one (REPLACED, DUPLICATE) too', () => {
    expect(storeAnswer([event('a')], [result('a', StoreOutcome.REPLACED)])).toEqual({ status: 200, body: { id: 'a' } });
    expect(storeAnswer([event('a')], [result('a', StoreOutcome.DUPLICATE)]).status).toBe(200);
  });

  it('is 400 naming the field and reason when ingest rejected an event, listing what was stored', () => {
    const answer = storeAnswer(
      [event('a'), event('b')],
      [
        result('a', StoreOutcome.STORED),
        result('', StoreOutcome.REJECTED, { field: 'tags', reason: 'key "app:version" is not allowed' }),
      ],
    );
    expect(answer).toEqual({
      status: 400,
      body: {
        detail: 'event b rejected: tags: key "app:version" is not allowed',
        causes: ['tags: key "app:version" is not allowed'],
        rejected: [{ event_id: 'b', field: 'tags', reason: 'key "app:version" is not allowed' }],
        stored: ['a'],
      },
    });
  });
});
