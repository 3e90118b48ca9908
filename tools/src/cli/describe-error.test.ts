import { status } from '@grpc/grpc-js';
import { expect, test } from 'vitest';
import { CliInputError } from './cli-input-error.js';
import { describeError } from './describe-error.js';
import { grpcCodeOf, ServiceCallError } from './service-call-error.js';

const grpcError = (code: number, details: string) => Object.assign(new Error(`${code} ${details}`), { code, details });

test('a gRPC failure shows its status name, the service and the server message', () => {
  expect(describeError(grpcError(status.NOT_FOUND, 'incident 9 does not exist'))).toBe(
    'NOT_FOUND: incident 9 does not exist',
  );
  const wrapped = new ServiceCallError(
    'incidents',
    '127.0.0.1:50052',
    grpcError(status.INVALID_ARGUMENT, 'query: unknown key "lvl"'),
  );
  expect(describeError(wrapped)).toBe('INVALID_ARGUMENT from incidents at 127.0.0.1:50052: query: unknown key "lvl"');
  expect(grpcCodeOf(wrapped)).toBe(status.INVALID_ARGUMENT);
});

test('nothing answering adds how to start the services', () => {
  expect(describeError(grpcError(status.UNAVAILABLE, 'No connection established'))).toMatch(
    /^UNAVAILABLE: No connection established\nIs the service running\? .*npm start/,
  );
});

test('the CLI own input errors and other errors print their message', () => {
  expect(describeError(new CliInputError('--tag: "x" is not key=value'))).toBe('--tag: "x" is not key=value');
  expect(describeError(new Error('ENOENT: no such file'))).toBe('ENOENT: no such file');
  expect(grpcCodeOf(new Error('plain'))).toBeUndefined();
});
