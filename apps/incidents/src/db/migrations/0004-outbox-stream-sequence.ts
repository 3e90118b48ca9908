import { Migration } from '@mikro-orm/migrations';

// Additive: the JetStream sequence a sent row's message got, so the relay can
// tell which messages the scheduler's consumer has not acknowledged yet (above
// its ack floor) and publish those again before the stream's max_age discards
// them, and can keep a sent row until it is acknowledged. NULL while unsent,
// and for rows sent before this migration (those are pruned by age alone).
export class Migration0004OutboxStreamSequence extends Migration {
  override async up(): Promise<void> {
    this.addSql(SQL);
  }
}

const SQL = `
ALTER TABLE outbox_message ADD COLUMN stream_sequence bigint;

-- The relay's check for unacknowledged messages reads sent rows above a sequence.
CREATE INDEX outbox_message_stream_sequence ON outbox_message (stream_sequence) WHERE sent_at IS NOT NULL;
`;
