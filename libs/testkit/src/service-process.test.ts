import { expect, it } from 'vitest';
import { announcedPort } from './service-process.js';
import { serviceMainFiles } from './service-bundles.js';

it('reads the port of the "gRPC server listening" log line and nothing else', () => {
  expect(announcedPort('{"level":"info","msg":"gRPC server listening","port":40123}')).toBe(40123);
  expect(announcedPort('{"level":"info","msg":"metrics server listening","port":40124}')).toBeUndefined();
  expect(announcedPort('not json')).toBeUndefined();
});

it('says what to build when the service bundles are missing', () => {
  expect(() => serviceMainFiles('/nonexistent')).toThrow(/built Vigil services are missing.*npm run build/s);
});
