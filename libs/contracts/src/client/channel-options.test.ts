import { describe, expect, it } from 'vitest';
import { IncidentsServiceService } from '../incidents.js';
import { IngestServiceService } from '../ingest.js';
import { SnapshotSchedulerServiceService } from '../scheduler.js';
import { serviceNames } from '../service-names.js';
import { channelOptions } from './channel-options.js';
import { channelCredentials } from './client-options.js';
import { RETRIED_METHODS } from './retried-methods.js';

const methodsOf = (definition: Record<string, { path: string }>) =>
  Object.values(definition).map(({ path }) => path.split('/')[2]);

interface ServiceConfig {
  loadBalancingConfig: unknown[];
  methodConfig: { name: { service: string; method: string }[]; retryPolicy: { retryableStatusCodes: string[] } }[];
}

const serviceConfigOf = (service: string, tuning = {}): ServiceConfig =>
  JSON.parse(String(channelOptions(service, tuning)['grpc.service_config'])) as ServiceConfig;

describe('RETRIED_METHODS', () => {
  it('names only RPCs that exist: a typo would silently never retry', () => {
    const definitions: Record<string, Record<string, { path: string }>> = {
      [serviceNames.ingest]: IngestServiceService,
      [serviceNames.incidents]: IncidentsServiceService,
      [serviceNames.scheduler]: SnapshotSchedulerServiceService,
    };
    for (const [service, methods] of Object.entries(RETRIED_METHODS)) {
      const known = methodsOf(definitions[service] ?? {});
      for (const method of methods) expect(known, `${service}/${method}`).toContain(method);
    }
  });

  it('leaves out the RPCs a repeat would do twice', () => {
    expect(RETRIED_METHODS[serviceNames.incidents]).not.toContain('CreateAlertRule');
    expect(RETRIED_METHODS[serviceNames.incidents]).not.toContain('CreateIncident');
    expect(RETRIED_METHODS[serviceNames.incidents]).not.toContain('DeleteAlertRule');
  });
});

describe('channelOptions', () => {
  it('balances round_robin and retries only UNAVAILABLE for the listed RPCs of its own service', () => {
    const config = serviceConfigOf(serviceNames.ingest);
    expect(config.loadBalancingConfig).toEqual([{ round_robin: {} }]);
    expect(config.methodConfig).toHaveLength(1);
    expect(config.methodConfig[0]?.retryPolicy.retryableStatusCodes).toEqual(['UNAVAILABLE']);
    expect(config.methodConfig[0]?.name).toContainEqual({ service: serviceNames.ingest, method: 'StoreEvent' });
  });

  it('turns retries off when asked', () => {
    expect(serviceConfigOf(serviceNames.ingest, { retry: false }).methodConfig).toEqual([]);
    expect(channelOptions(serviceNames.ingest, { retry: false })['grpc.enable_retries']).toBe(0);
  });
});

describe('channelCredentials', () => {
  it('refuses a client certificate without its key', () => {
    expect(() => channelCredentials({ tls: { cert: 'PEM' } })).toThrow(/tls.cert and tls.key go together/);
  });

  it('is plaintext by default and TLS when asked', () => {
    expect(channelCredentials({})._isSecure()).toBe(false);
    expect(channelCredentials({ tls: true })._isSecure()).toBe(true);
  });
});
