import { readFileSync } from 'node:fs';
import { loadFileDescriptorSetFromBuffer } from '@grpc/proto-loader';
import { describe, expect, it } from 'vitest';
import { descriptorSetPath, serviceNames } from './index.js';
import { IncidentsServiceService } from './incidents.js';
import { IngestServiceService } from './ingest.js';
import { SnapshotSchedulerServiceService } from './scheduler.js';

const definitions = {
  ingest: IngestServiceService,
  incidents: IncidentsServiceService,
  scheduler: SnapshotSchedulerServiceService,
} as const;

describe('serviceNames', () => {
  it.each(Object.keys(definitions) as (keyof typeof definitions)[])(
    'names the %s service exactly as its generated method paths do',
    (service) => {
      const paths = Object.values(definitions[service]).map((method) => method.path);
      expect(paths.length).toBeGreaterThan(0);
      for (const path of paths) expect(path.startsWith(`/${serviceNames[service]}/`), path).toBe(true);
    },
  );

  it('finds every service in the descriptor set that reflection serves', () => {
    const packageDefinition = loadFileDescriptorSetFromBuffer(readFileSync(descriptorSetPath));
    for (const name of Object.values(serviceNames)) expect(Object.keys(packageDefinition)).toContain(name);
  });
});
