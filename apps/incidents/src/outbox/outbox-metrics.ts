import type { MikroORM } from '@mikro-orm/postgresql';
import type { Logger, ServiceMetrics } from '@vigil/runtime';

const BACKLOG_SQL = `
  SELECT count(*)::int AS unsent,
         coalesce(extract(epoch FROM now() - min(created_at)), 0)::float8 AS oldest_seconds
  FROM outbox_message WHERE sent_at IS NULL`;

/**
 * The outbox on /metrics: how many status changes wait to be published and
 * how long the oldest has waited (read at each scrape), and how many were
 * published. A growing backlog means NATS has been unreachable.
 */
export function outboxMetrics(
  metrics: ServiceMetrics,
  orm: MikroORM,
  logger: Logger,
): { readonly published: (count: number) => void } {
  let backlog: Promise<{ unsent: number; oldestSeconds: number }> | undefined;
  // Both gauges come from one query per scrape.
  const readBacklog = () => {
    backlog ??= orm.em
      .fork()
      .execute<{ unsent: number; oldest_seconds: number }[]>(BACKLOG_SQL)
      .then(([row]) => ({ unsent: Number(row?.unsent ?? 0), oldestSeconds: Number(row?.oldest_seconds ?? 0) }))
      .finally(() => setImmediate(() => (backlog = undefined)));
    return backlog;
  };
  const gauge = (name: string, help: string, pick: (b: { unsent: number; oldestSeconds: number }) => number) =>
    metrics.gauge({
      name,
      help,
      async collect() {
        try {
          this.set(pick(await readBacklog()));
        } catch (error) {
          logger.warn({ err: error }, 'outbox backlog unreadable for metrics');
        }
      },
    });
  gauge(
    'vigil_incidents_outbox_unsent',
    'Status-change events committed but not yet published to NATS.',
    (b) => b.unsent,
  );
  gauge(
    'vigil_incidents_outbox_oldest_unsent_age_seconds',
    'Age of the oldest unpublished status-change event (0 when none).',
    (b) => b.oldestSeconds,
  );
  const published = metrics.counter({
    name: 'vigil_incidents_outbox_published_total',
    help: 'Status-change events published to NATS JetStream (retries of one event count again).',
  });
  return { published: (count) => published.inc(count) };
}
