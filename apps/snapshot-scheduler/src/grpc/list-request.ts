import type { ListPendingSnapshotsRequest } from '@vigil/contracts/scheduler';
import { InvalidArgumentError } from '@vigil/runtime';
import type { ListPosition } from '../db/pending-snapshot-reads.js';
import { decodePageToken } from './page-token.js';

const DEFAULT_PAGE_SIZE = 100;
const MAX_PAGE_SIZE = 1000;

interface ListRequest {
  readonly pageSize: number;
  readonly dueOnly: boolean;
  readonly after: ListPosition | undefined;
}

/** ListPendingSnapshots as its proto comments define it: 0 = 100, above 1000 = 1000, negative rejected. */
export function readListRequest(request: ListPendingSnapshotsRequest): ListRequest {
  if (request.pageSize < 0) throw new InvalidArgumentError('page_size', 'must not be negative');
  const pageSize = request.pageSize === 0 ? DEFAULT_PAGE_SIZE : Math.min(request.pageSize, MAX_PAGE_SIZE);
  const dueOnly = request.dueOnly ?? false;
  const after = decodePageToken(request.pageToken, dueOnly);
  return { pageSize, dueOnly, after };
}
