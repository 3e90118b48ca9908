import { describe, expect, test } from 'vitest';
import { createCleanupStack } from './cleanup-stack.js';

describe('createCleanupStack', () => {
  test('undoes newest first, each once', async () => {
    const done: string[] = [];
    const stack = createCleanupStack(() => undefined);
    for (const name of ['database', 'process', 'stream']) stack.add(name, async () => void done.push(name));
    await stack.runAll();
    await stack.runAll();
    expect(done).toEqual(['stream', 'process', 'database']);
  });

  test('a failing undo is reported and the others still run', async () => {
    const done: string[] = [];
    const reports: string[] = [];
    const stack = createCleanupStack((text) => reports.push(text));
    stack.add('database', async () => void done.push('database'));
    stack.add('process', async () => {
      throw new Error('already gone');
    });
    await stack.runAll();
    expect(done).toEqual(['database']);
    expect(reports).toEqual(['cleanup of process failed: already gone']);
  });
});
