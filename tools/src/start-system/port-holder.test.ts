import { describe, expect, test } from 'vitest';
import { listeningInodes, vigilServiceOf } from './port-holder.js';

// Two lines of a real /proc/net/tcp: 127.0.0.1:50051 listening, and a connection from it.
const TABLE = `  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode
   0: 0100007F:C383 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 123456 1 0000000000000000 100 0 0 10 0
   1: 0100007F:C383 0100007F:D2F0 01 00000000:00000000 00:00000000 00000000     0        0 123457 1 0000000000000000 20 4 30 10 -1
`;

describe('listeningInodes', () => {
  test('finds the listening socket on the port, not its connections or other ports', () => {
    expect(listeningInodes(TABLE, 50051)).toEqual(['123456']);
    expect(listeningInodes(TABLE, 50052)).toEqual([]);
  });
});

describe('vigilServiceOf', () => {
  test('recognises a Vigil service by its entry file: a built bundle (run from anywhere) or its source', () => {
    const of = (script: string | undefined) => vigilServiceOf({ command: 'node main.js', script });
    expect(of('/repo/dist/apps/ingest/main.js')).toBe('ingest');
    expect(of('/tmp/vigil-built-x/dist/apps/incidents/main.js')).toBe('incidents');
    expect(of('/repo/apps/snapshot-scheduler/src/main.ts')).toBe('snapshot-scheduler');
    expect(of('/repo/dist/apps/sentry-relay/main.js')).toBe('sentry-relay');
    expect(of('/srv/other/main.js')).toBeUndefined();
    expect(of(undefined)).toBeUndefined();
  });
});
