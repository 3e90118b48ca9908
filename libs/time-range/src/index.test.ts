import { expect, test } from 'vitest';
import { MINUTE_MS } from './index.js';
test('minute', () => { expect(MINUTE_MS).toBe(60000); });
