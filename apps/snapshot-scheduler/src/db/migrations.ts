import type { MigrationObject } from '@mikro-orm/postgresql';
import { Migration0001PendingSnapshots } from './migrations/0001-pending-snapshots.js';
import { Migration0002PendingTraceParent } from './migrations/0002-pending-trace-parent.js';
import { Migration0003AppliedVersionClosed } from './migrations/0003-applied-version-closed.js';

/** Every scheduler migration, in order. Numbered and immutable: add, never edit. */
export const SCHEDULER_MIGRATIONS: MigrationObject[] = [
  { name: '0001-pending-snapshots', class: Migration0001PendingSnapshots },
  { name: '0002-pending-trace-parent', class: Migration0002PendingTraceParent },
  { name: '0003-applied-version-closed', class: Migration0003AppliedVersionClosed },
];
