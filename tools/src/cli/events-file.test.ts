import { Level } from '@vigil/contracts/ingest';
import { expect, test } from 'vitest';
import { parseEventsFile } from './events-file.js';

const newEventId = () => 'generated-id';

function problemsOf(content: string): string[] {
  try {
    parseEventsFile(content, newEventId);
  } catch (error) {
    return (error as Error).message
      .split('\n')
      .slice(1)
      .map((line) => line.trim());
  }
  throw new Error('expected the file to be refused');
}

test('a single object is one event, not a batch; snake_case fields as in the proto', () => {
  const file = parseEventsFile(
    JSON.stringify({
      event_id: 'a0b1c2d3e4f54a6b8c7d9e0f1a2b3c4d',
      project_id: 3,
      timestamp: '2021-01-01T10:00:00Z',
      level: 'warning',
      message: 'slow',
      tags: { env: 'prod' },
      user: { ip_address: '10.0.0.1' },
      exception: { type: 'TimeoutError' },
    }),
    newEventId,
  );
  expect(file.isArray).toBe(false);
  expect(file.events).toEqual([
    expect.objectContaining({
      eventId: 'a0b1c2d3e4f54a6b8c7d9e0f1a2b3c4d',
      projectId: '3',
      timestamp: new Date(Date.UTC(2021, 0, 1, 10)),
      level: Level.WARNING,
      message: 'slow',
      tags: { env: 'prod' },
      user: { id: '', email: '', username: '', ipAddress: '10.0.0.1' },
      exception: { type: 'TimeoutError', value: '' },
    }),
  ]);
});

test('an array is a batch; lowerCamelCase works too, and a missing id or level is filled in', () => {
  const file = parseEventsFile(
    JSON.stringify([{ projectId: '9007199254740993', message: 'a' }, { project_id: 1 }]),
    newEventId,
  );
  expect(file.isArray).toBe(true);
  expect(file.events.map((event) => [event.projectId, event.eventId, event.level])).toEqual([
    ['9007199254740993', 'generated-id', Level.UNSPECIFIED],
    ['1', 'generated-id', Level.UNSPECIFIED],
  ]);
});

test('an exception may carry a stack trace and causes, as GetEvent returns them', () => {
  const file = parseEventsFile(
    JSON.stringify({
      project_id: 3,
      exception: {
        type: 'TypeError',
        value: 'x is undefined',
        stacktrace: { frames: [{ filename: '/app/a.js', function: 'f', lineno: 3, in_app: true }] },
      },
      causes: [{ type: 'RangeError' }],
    }),
    newEventId,
  );
  expect(file.events[0]?.exception?.stacktrace?.frames).toEqual([
    { module: '', filename: '/app/a.js', function: 'f', lineno: 3, inApp: true },
  ]);
  expect(file.events[0]?.causes).toEqual([{ type: 'RangeError', value: '', stacktrace: undefined }]);
  expect(problemsOf(JSON.stringify({ project_id: 3, causes: [{ stacktrace: { frames: [{ lineno: -1 }] } }] }))).toEqual(
    [expect.stringContaining('causes[0].stacktrace.frames[0].lineno')],
  );
});

test('every problem is listed with its path in proto field names', () => {
  const problems = problemsOf(
    JSON.stringify([
      { project_id: 1, message: 'fine' },
      { project_id: 0, mesage: 'typo', level: 'loud' },
      { project_id: 2, timestamp: 'yesterday', tags: { env: 5 }, user: { ip_adress: 'x' } },
    ]),
  );
  expect(problems).toEqual([
    '[1].project_id: expected a positive integer (a number or a decimal string)',
    '[1].level: "loud" is not a level (fatal, error, warning, info, debug)',
    '[1].mesage: unknown field',
    '[2].timestamp: expected a time with a zone, e.g. 2026-11-22T10:00:00Z',
    '[2].tags["env"]: expected a string',
    '[2].user.ip_adress: unknown field',
  ]);
});

test('a single object reports paths without an index; a missing project is named', () => {
  expect(problemsOf('{"message": "no project"}')).toEqual([
    'project_id: expected a positive integer (a number or a decimal string)',
  ]);
  expect(problemsOf('{"project_id": 1.5}')).toEqual([
    'project_id: expected a positive integer (a number or a decimal string)',
  ]);
});

test('not JSON, an empty array or a bare value are refused with a plain reason', () => {
  expect(() => parseEventsFile('{nope', newEventId)).toThrow(/the events file is not JSON/);
  expect(() => parseEventsFile('[]', newEventId)).toThrow('the events file holds an empty array: no events to send');
  expect(() => parseEventsFile('42', newEventId)).toThrow('must hold an event object or an array of events');
});
