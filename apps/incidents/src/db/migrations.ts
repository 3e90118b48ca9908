import type { MigrationObject } from '@mikro-orm/postgresql';
import { Migration0001RulesIncidentsOutbox } from './migrations/0001-rules-incidents-outbox.js';
import { Migration0002OutboxTraceParent } from './migrations/0002-outbox-trace-parent.js';
import { Migration0003RuleThresholdsEvaluation } from './migrations/0003-rule-thresholds-evaluation.js';
import { Migration0004OutboxStreamSequence } from './migrations/0004-outbox-stream-sequence.js';

/** Every incidents migration, in order. Numbered and immutable: add, never edit. */
export const INCIDENTS_MIGRATIONS: MigrationObject[] = [
  { name: '0001-rules-incidents-outbox', class: Migration0001RulesIncidentsOutbox },
  { name: '0002-outbox-trace-parent', class: Migration0002OutboxTraceParent },
  { name: '0003-rule-thresholds-evaluation', class: Migration0003RuleThresholdsEvaluation },
  { name: '0004-outbox-stream-sequence', class: Migration0004OutboxStreamSequence },
];
