import { DedupPolicy, NormalizationAction, StoreOutcome } from '@vigil/contracts/ingest';
import { expect, test } from 'vitest';
import { formatStoreResults } from './store-results.js';

const ID = 'a0b1c2d3e4f54a6b8c7d9e0f1a2b3c4d';
const GROUP = 'ffffffffffffffffffffffffffffffff';

test('one line per event with its outcome, the rejection reason, then counts and the policy', () => {
  const text = formatStoreResults([
    {
      index: 0,
      outcome: StoreOutcome.STORED,
      eventId: ID,
      groupId: GROUP,
      policy: DedupPolicy.LAST_WRITE_WINS,
      normalizations: [],
    },
    {
      index: 1,
      outcome: StoreOutcome.REPLACED,
      eventId: ID,
      groupId: GROUP,
      policy: DedupPolicy.LAST_WRITE_WINS,
      normalizations: [],
    },
    {
      index: 2,
      outcome: StoreOutcome.REJECTED,
      eventId: '',
      groupId: '',
      policy: DedupPolicy.UNSPECIFIED,
      rejection: { field: 'event_id', reason: 'must be 32 hex digits or a dashed UUID' },
      normalizations: [],
    },
  ]);
  expect(text.split('\n')).toEqual([
    '#  outcome   event id                          group id                          note',
    `─  ────────  ${'─'.repeat(32)}  ${'─'.repeat(32)}  ${'─'.repeat(48)}`,
    `0  STORED    ${ID}  ${GROUP}`,
    `1  REPLACED  ${ID}  ${GROUP}`,
    `2  REJECTED  ${' '.repeat(32)}  ${' '.repeat(32)}  event_id: must be 32 hex digits or a dashed UUID`,
    '',
    '1 stored, 1 replaced, 1 rejected (policy LAST_WRITE_WINS)',
  ]);
});

test('first write wins shows DUPLICATE and its policy', () => {
  const text = formatStoreResults([
    {
      index: 0,
      outcome: StoreOutcome.DUPLICATE,
      eventId: ID,
      groupId: GROUP,
      policy: DedupPolicy.FIRST_WRITE_WINS,
      normalizations: [],
    },
  ]);
  expect(text.split('\n').at(-1)).toBe('1 duplicate (policy FIRST_WRITE_WINS)');
});

test('what ingest changed to store an event is in the note', () => {
  const text = formatStoreResults([
    {
      index: 0,
      outcome: StoreOutcome.STORED,
      eventId: ID,
      groupId: GROUP,
      policy: DedupPolicy.LAST_WRITE_WINS,
      normalizations: [
        { field: 'tags[a b]', action: NormalizationAction.DROPPED, detail: 'key may hold only …' },
        { field: 'message', action: NormalizationAction.TRUNCATED, detail: 'shortened from 9000 to 8192 characters' },
      ],
    },
  ]);
  expect(text.split('\n')[2]).toBe(`0  STORED   ${ID}  ${GROUP}  changed: tags[a b] dropped, message truncated`);
});
