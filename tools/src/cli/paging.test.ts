import { expect, test } from 'vitest';
import { collectPages } from './paging.js';

const pages: Record<string, { items: number[]; nextPageToken: string }> = {
  '': { items: [1, 2], nextPageToken: 'p2' },
  p2: { items: [3, 4], nextPageToken: 'p3' },
  p3: { items: [5], nextPageToken: '' },
};

test('follows tokens to the last page', async () => {
  expect(await collectPages(async (token) => pages[token] ?? { items: [], nextPageToken: '' }, 100)).toEqual([
    1, 2, 3, 4, 5,
  ]);
});

test('stops at the limit and asks only for what is still missing', async () => {
  const sizes: number[] = [];
  const items = await collectPages(async (token, size) => {
    sizes.push(size);
    return pages[token] ?? { items: [], nextPageToken: '' };
  }, 3);
  expect(items).toEqual([1, 2, 3]);
  expect(sizes).toEqual([3, 1]);
});
