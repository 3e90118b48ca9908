import { expect, test } from 'vitest';
import { nextSteps } from './next-steps.js';
import type { ServiceName } from './services.js';

const DEFAULTS = new Map<ServiceName, number>([
  ['ingest', 50051],
  ['incidents', 50052],
  ['snapshot-scheduler', 50053],
  ['sentry-relay', 9000],
]);

test('at the default ports: where each listens, the DSN of the local key, and the demo with it', () => {
  expect(nextSteps(DEFAULTS, '1=vigil_local_demo_key_0001')).toEqual([
    '',
    '  Vigil is running: ingest 127.0.0.1:50051, incidents 127.0.0.1:50052, snapshot-scheduler 127.0.0.1:50053 (gRPC);',
    "  sentry-relay 127.0.0.1:9000 (Sentry's HTTP API).",
    '  A Sentry SDK sends to project 1 with the DSN http://vigil_local_demo_key_0001@127.0.0.1:9000/1',
    '  Next, in another terminal: VIGIL_RELAY_DSN=http://vigil_local_demo_key_0001@127.0.0.1:9000/1 npx vigil demo',
    '  Ctrl-C here stops them all.',
    '',
  ]);
});

test('elsewhere: the demo is told every address; an operator’s own key is never printed', () => {
  const ports = new Map<ServiceName, number>([
    ['ingest', 41001],
    ['incidents', 41002],
    ['snapshot-scheduler', 41003],
    ['sentry-relay', 41004],
  ]);
  const lines = nextSteps(ports, '7=a-key-of-my-own-0001');
  expect(lines.join('\n')).not.toContain('a-key-of-my-own-0001');
  expect(lines).toContain(
    '  A Sentry SDK sends with the DSN http://<key>@127.0.0.1:41004/<project>, a project and key of your SENTRY_PROJECT_KEYS',
  );
  expect(lines).toContain(
    '  Next, in another terminal: VIGIL_INGEST_ADDRESS=127.0.0.1:41001 VIGIL_INCIDENTS_ADDRESS=127.0.0.1:41002 ' +
      "VIGIL_SCHEDULER_ADDRESS=127.0.0.1:41003 VIGIL_RELAY_DSN='http://<key>@127.0.0.1:41004/<project>' npx vigil demo",
  );
});
