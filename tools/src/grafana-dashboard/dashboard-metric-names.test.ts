import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { metricNamesQueried, metricNamesRegistered } from './dashboard-metric-names.js';

const root = join(import.meta.dirname, '../../..');

describe('deploy/grafana/vigil.json', () => {
  it('is valid JSON that queries only metrics the services register, covering what operators watch', async () => {
    const dashboard = JSON.parse(await readFile(join(root, 'deploy/grafana/vigil.json'), 'utf8')) as Parameters<
      typeof metricNamesQueried
    >[0];
    const queried = metricNamesQueried(dashboard);
    const registered = await metricNamesRegistered(root);
    expect([...queried].filter((name) => !registered.has(name))).toEqual([]);
    for (const name of [
      'vigil_grpc_requests_total',
      'vigil_grpc_request_duration_seconds_bucket',
      'vigil_incidents_outbox_unsent',
      'vigil_scheduler_due_snapshots',
      'vigil_scheduler_oldest_due_age_seconds',
      'vigil_scheduler_snapshot_outcomes_total',
      'vigil_nats_connection_state',
      'vigil_database_pool_connections',
      'vigil_database_pool_max_connections',
      'vigil_database_pool_waiting',
      'vigil_scheduler_consumer_pending',
      'vigil_scheduler_consumer_ack_pending',
    ]) {
      expect(queried).toContain(name);
    }
  });

  it('would catch a panel naming a metric nobody exports', async () => {
    const queried = metricNamesQueried({ panels: [{ targets: [{ expr: 'rate(vigil_grpc_requests_totl[5m])' }] }] });
    const registered = await metricNamesRegistered(root);
    expect([...queried].filter((name) => !registered.has(name))).toEqual(['vigil_grpc_requests_totl']);
  });
});
