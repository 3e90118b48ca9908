// The incidents service as the process operators run: main.ts, configured by
// environment variables, serving with NATS unreachable, stopping on SIGTERM.
import { credentials } from '@grpc/grpc-js';
import { IncidentsServiceClient } from '@vigil/contracts/incidents';
import { Aggregation } from '@vigil/contracts/ingest';
import { freePort, testNatsNames, useTestDatabase } from '@vigil/testing';
import { describe, expect, it, vi } from 'vitest';
import { call } from './support/incidents-under-test.js';
import { spawnService } from './support/service-process.js';

const database = useTestDatabase();
const nats = testNatsNames('incidents-process');

describe('the incidents process', () => {
  it('serves while NATS is unreachable, and drains and exits 0 on SIGTERM', async () => {
    const port = await freePort();
    const service = spawnService('incidents', {
      GRPC_PORT: String(port),
      METRICS_PORT: '0',
      DATABASE_URL: database().url,
      LOG_LEVEL: 'info',
      NATS_URL: 'nats://127.0.0.1:1',
      NATS_STREAM: nats.stream,
      NATS_STATUS_SUBJECT_PREFIX: nats.subjectPrefix,
    });
    const client = new IncidentsServiceClient(`127.0.0.1:${port}`, credentials.createInsecure());
    try {
      const rule = {
        organizationId: '1',
        projectIds: ['1'],
        name: 'r',
        query: '',
        aggregation: Aggregation.TOTAL,
        timeWindowMinutes: 1,
      };
      const { alertRule } = await vi.waitFor(() => call(client, 'createAlertRule', rule), {
        // A tsx-compiled service starting on a loaded machine: minutes, not seconds.
        timeout: 120_000,
        interval: 250,
      });
      expect(alertRule?.name).toBe('r');
    } finally {
      client.close();
      service.child.kill('SIGTERM');
    }
    expect(await service.exited).toBe(0);
    expect(service.output()).toContain('"msg":"incidents stopped"');
  }, 240_000);

  it('refuses to start on a bad variable, naming it', async () => {
    const service = spawnService('incidents', { INGEST_GRPC_ADDRESS: 'ingest', LOG_LEVEL: 'info' });
    expect(await service.exited).toBe(1);
    expect(service.output()).toContain(
      'INGEST_GRPC_ADDRESS=\\"ingest\\" (expected a gRPC address host:port such as 127.0.0.1:50051)',
    );
  });
});
