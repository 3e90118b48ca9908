import { expect, test } from 'vitest';
import { createNarrator, wrapText } from './narrator.js';

test('wraps at spaces within the width; a long word stands alone', () => {
  expect(wrapText('ingest stores each event under its dedup key', 20)).toBe(
    'ingest stores each\nevent under its\ndedup key',
  );
  expect(wrapText('a 0123456789abcdef b', 8)).toBe('a\n0123456789abcdef\nb');
  expect(wrapText('  spaced   out  ', 80)).toBe('spaced out');
});

test('steps are numbered; explanations, commands and results are indented', () => {
  const printed: string[] = [];
  const narrator = createNarrator((text) => printed.push(text), 2, 80);
  narrator.step('Send events', 'Ingest stores them.');
  narrator.command('vigil events send --file demo.json');
  narrator.result('49 stored\n\n1 replaced');
  expect(printed.join('\n').split('\n')).toEqual([
    '',
    '[1/2] Send events',
    '     Ingest stores them.',
    '     $ vigil events send --file demo.json',
    '     49 stored',
    '',
    '     1 replaced',
  ]);
});
