import type { MigrationObject } from '@mikro-orm/postgresql';
import { Migration0001EventsGroupsCounters } from './migrations/0001-events-groups-counters.js';

/** Every ingest migration, in order. Numbered and immutable: add, never edit. */
export const INGEST_MIGRATIONS: MigrationObject[] = [
  { name: '0001-events-groups-counters', class: Migration0001EventsGroupsCounters },
];
