import { describe, expect, test } from 'vitest';
import { portTakenMessage, type PlannedPort } from './port-taken.js';

const port: PlannedPort = {
  service: 'ingest',
  kind: 'gRPC',
  host: '127.0.0.1',
  port: 50051,
  variable: 'INGEST_GRPC_PORT',
};

describe('portTakenMessage', () => {
  test('names an old Vigil service and how to stop it, on one line', () => {
    const message = portTakenMessage(port, {
      pid: 4242,
      command: 'node --enable-source-maps /repo/dist/apps/ingest/main.js',
      script: '/repo/dist/apps/ingest/main.js',
    });
    expect(message).toBe(
      "ingest's gRPC port 50051 is taken by an old Vigil ingest still running (pid 4242): " +
        'stop it with `kill 4242`, or set INGEST_GRPC_PORT to another port (0: any free one)',
    );
    expect(message).not.toContain('\n');
  });

  test('names another program by pid and command, or says it cannot be seen', () => {
    expect(portTakenMessage(port, { pid: 7, command: 'python3 -m http.server 50051' })).toBe(
      "ingest's gRPC port 50051 is taken by pid 7 (python3 -m http.server 50051): stop it, " +
        'or set INGEST_GRPC_PORT to another port (0: any free one)',
    );
    expect(portTakenMessage(port, undefined)).toContain('by a program not visible from here');
  });
});
