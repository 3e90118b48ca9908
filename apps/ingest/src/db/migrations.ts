import type { MigrationObject } from '@mikro-orm/postgresql';
import { Migration0001EventsGroupsCounters } from './migrations/0001-events-groups-counters.js';
import { Migration0002StaticCounterTriggersHourCounts } from './migrations/0002-static-counter-triggers-hour-counts.js';
import { Migration0003DayPartitions } from './migrations/0003-day-partitions.js';
import { Migration0004StackTracesNormalizationsGroupTitles } from './migrations/0004-stack-traces-normalizations-group-titles.js';
import { Migration0005DropDayFunction } from './migrations/0005-drop-day-function.js';
import { Migration0006TermHourCounts } from './migrations/0006-term-hour-counts.js';
import { Migration0007DetachDayFunctions } from './migrations/0007-detach-day-functions.js';

/** Every ingest migration, in order. Numbered and immutable: add, never edit. */
export const INGEST_MIGRATIONS: MigrationObject[] = [
  { name: '0001-events-groups-counters', class: Migration0001EventsGroupsCounters },
  { name: '0002-static-counter-triggers-hour-counts', class: Migration0002StaticCounterTriggersHourCounts },
  { name: '0003-day-partitions', class: Migration0003DayPartitions },
  {
    name: '0004-stack-traces-normalizations-group-titles',
    class: Migration0004StackTracesNormalizationsGroupTitles,
  },
  { name: '0005-drop-day-function', class: Migration0005DropDayFunction },
  { name: '0006-term-hour-counts', class: Migration0006TermHourCounts },
  { name: '0007-detach-day-functions', class: Migration0007DetachDayFunctions },
];
