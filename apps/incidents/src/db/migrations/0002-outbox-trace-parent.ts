import { Migration } from '@mikro-orm/migrations';

// Additive: the W3C traceparent of the status change that wrote the row, so
// the relay's publish (and the scheduler after it) continue that trace. NULL
// for rows written while tracing was off, and for rows from before this.
export class Migration0002OutboxTraceParent extends Migration {
  override async up(): Promise<void> {
    this.addSql('ALTER TABLE outbox_message ADD COLUMN trace_parent text');
  }
}
