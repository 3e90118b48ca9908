import { expect, test } from 'vitest';
import { announcesStarted, formatLogLine, listeningPort } from './log-line.js';

test('a JSON log line becomes one readable line with the service name', () => {
  const line = JSON.stringify({
    level: 'info',
    time: '2026-11-22T02:19:31.549Z',
    service: 'ingest',
    msg: 'ingest started',
    port: 1,
  });
  expect(formatLogLine('ingest', line)).toBe('02:19:31.549 ingest             info  ingest started {"port":1}');
});

test('a line that is not JSON is shown as it is', () => {
  expect(formatLogLine('ingest', 'plain text')).toContain('plain text');
});

test('the listening line gives the port', () => {
  expect(listeningPort(JSON.stringify({ msg: 'gRPC server listening', port: 50051 }))).toBe(50051);
  expect(listeningPort(JSON.stringify({ msg: 'other', port: 50051 }))).toBeNull();
  expect(listeningPort('not json')).toBeNull();
  const relay = JSON.stringify({ msg: 'sentry-relay HTTP server listening', port: 9000 });
  expect(listeningPort(relay, 'sentry-relay HTTP server listening')).toBe(9000);
  expect(listeningPort(relay)).toBeNull();
});

test("runService's started line, for that service only", () => {
  expect(announcesStarted(JSON.stringify({ msg: 'incidents started' }), 'incidents')).toBe(true);
  expect(announcesStarted(JSON.stringify({ msg: 'incidents started' }), 'ingest')).toBe(false);
  expect(announcesStarted('incidents started', 'incidents')).toBe(false);
});
