import { expect, test } from 'vitest';
import { formatTable } from './table.js';

test('columns are as wide as their widest cell; numbers align right', () => {
  const table = formatTable(
    [{ header: 'group' }, { header: 'seen', align: 'right' }],
    [
      ['a1', '7'],
      ['b2', '1200'],
    ],
  );
  expect(table.split('\n')).toEqual(['group  seen', '─────  ────', 'a1        7', 'b2     1200']);
});

test('long cells are cut to the column limit with an ellipsis, newlines flattened', () => {
  const table = formatTable([{ header: 'message', maxWidth: 8 }], [['TypeError:\nx is undefined']]);
  expect(table.split('\n')[2]).toBe('TypeErr…');
});

test('no rows still shows the header', () => {
  expect(formatTable([{ header: 'id' }, { header: 'level' }], [])).toBe('id  level\n──  ─────');
});

test('block characters count as one column each', () => {
  const table = formatTable(
    [{ header: 'bar' }, { header: 'n' }],
    [
      ['██', '2'],
      ['█', '1'],
    ],
  );
  expect(table.split('\n').slice(2)).toEqual(['██   2', '█    1']);
});
