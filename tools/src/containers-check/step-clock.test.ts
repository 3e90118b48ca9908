import { expect, test } from 'vitest';
import { formatImageSize, formatStepTimes, publishedPort } from './step-clock.js';

test('the step table lines up names and seconds, and adds the total', () => {
  expect(
    formatStepTimes([
      { name: 'build images', ms: 61_234 },
      { name: 'up', ms: 900 },
    ]),
  ).toBe(['  build images     61.2 s', '  up                0.9 s', '  total            62.1 s'].join('\n'));
});

test('image sizes in MB as docker shows them', () => {
  expect(formatImageSize(257_123_456)).toBe('257.1 MB');
});

test('the published port of docker-compose port, on any address', () => {
  expect(publishedPort('127.0.0.1:49153\n')).toBe(49153);
  expect(publishedPort('0.0.0.0:50051')).toBe(50051);
  expect(() => publishedPort(':0')).toThrow('not a published port');
});
