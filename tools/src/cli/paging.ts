/** One page of a List RPC: its items and the token of the next page ("" = last). */
interface Page<T> {
  readonly items: readonly T[];
  readonly nextPageToken: string;
}

/** Follows page tokens until `limit` items or the last page. */
export async function collectPages<T>(
  fetchPage: (pageToken: string, pageSize: number) => Promise<Page<T>>,
  limit: number,
): Promise<T[]> {
  const items: T[] = [];
  let token = '';
  do {
    const page = await fetchPage(token, Math.min(1000, limit - items.length));
    items.push(...page.items.slice(0, limit - items.length));
    token = page.nextPageToken;
  } while (token !== '' && items.length < limit);
  return items;
}
