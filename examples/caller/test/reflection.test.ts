// An operator's generic gRPC tool: it knows nothing of Vigil's contracts and
// learns everything from server reflection (grpc-js-reflection-client), then
// describes each service and calls one of its RPCs.
import { credentials, type Client, type ServiceError } from '@grpc/grpc-js';
import { startVigil, type RunningVigil } from '@vigil/testkit';
import { GrpcReflection } from 'grpc-js-reflection-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

let vigil: RunningVigil;
beforeAll(async () => {
  vigil = await startVigil();
});
afterAll(() => vigil?.stop());

type Unary = (request: object, callback: (error: ServiceError | null, response: unknown) => void) => void;

/** Calls `method` of `service` with a client built only from what reflection described. */
async function callThroughReflection(address: string, service: string, method: string, request: object) {
  const reflection = new GrpcReflection(address, credentials.createInsecure(), {}, 'v1');
  const descriptor = await reflection.getDescriptorBySymbol(service);
  let node: unknown = descriptor.getPackageObject({ longs: String, enums: String, defaults: true });
  for (const part of service.split('.')) node = (node as Record<string, unknown>)[part];
  const Constructor = node as new (address: string, creds: ReturnType<typeof credentials.createInsecure>) => Client;
  const client = new Constructor(address, credentials.createInsecure());
  try {
    return await new Promise<unknown>((resolve, reject) =>
      (client as unknown as Record<string, Unary>)[method]?.(request, (error, response) =>
        error ? reject(error) : resolve(response),
      ),
    );
  } finally {
    client.close();
  }
}

const SERVICES = [
  { port: 'ingest', service: 'vigil.ingest.v1.IngestService', method: 'ListGroups', request: { project_id: '1' } },
  {
    port: 'incidents',
    service: 'vigil.incidents.v1.IncidentsService',
    method: 'ListIncidents',
    request: { organization_id: '1' },
  },
  {
    port: 'scheduler',
    service: 'vigil.scheduler.v1.SnapshotSchedulerService',
    method: 'GetSchedulerStatus',
    request: {},
  },
] as const;

describe.each(SERVICES)('reflection on the $port port', ({ port, service, method, request }) => {
  it('lists its own service, health and reflection, and no other Vigil service', async () => {
    const listed = await new GrpcReflection(vigil.addresses[port], credentials.createInsecure()).listServices();
    expect(listed.sort()).toEqual(
      [
        'grpc.health.v1.Health',
        'grpc.reflection.v1.ServerReflection',
        'grpc.reflection.v1alpha.ServerReflection',
        service,
      ].sort(),
    );
  });

  it('describes the service, with message types from imported files resolved', async () => {
    const methods = await new GrpcReflection(vigil.addresses[port], credentials.createInsecure()).listMethods(service);
    const described = methods.find((m) => m.name === method);
    expect(described).toBeDefined();
  });

  it(`calls ${method} with a client built from reflection alone`, async () => {
    const response = await callThroughReflection(vigil.addresses[port], service, method, request);
    expect(response).toBeTypeOf('object');
  });
});
