import { readFileSync } from 'node:fs';
import { create, createFileRegistry, fromBinary } from '@bufbuild/protobuf';
import { FileDescriptorProtoSchema, FileDescriptorSetSchema, type FileDescriptorProto } from '@bufbuild/protobuf/wkt';
import { credentials, status } from '@grpc/grpc-js';
import { descriptorSetPath, serviceNames } from '@vigil/contracts';
import {
  ServerReflectionClient,
  ServerReflectionV1alphaClient,
  type ServerReflectionRequest,
  type ServerReflectionResponse,
} from '@vigil/contracts/grpc-reflection';
import { IngestServiceService } from '@vigil/contracts/ingest';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readDescriptorFiles } from './reflection/descriptor-files.js';
import { startGrpcServer, type RunningGrpcServer } from './start-grpc-server.js';

// The ingest service's definition with no handlers: reflection never calls them.
let server: RunningGrpcServer;
let client: InstanceType<typeof ServerReflectionClient>;

beforeAll(async () => {
  server = await startGrpcServer({
    host: '127.0.0.1',
    port: 0,
    descriptorSetPath,
    logger: pino({ level: 'silent' }),
    services: [{ definition: IngestServiceService, implementation: {} }],
  });
  client = new ServerReflectionClient(`127.0.0.1:${server.port}`, credentials.createInsecure());
});

afterAll(async () => {
  client.close();
  await server.shutdown(1000);
});

/** Sends the requests on one stream, in order, and collects one answer each. */
function ask(...requests: Partial<ServerReflectionRequest>[]): Promise<ServerReflectionResponse[]> {
  const stream = client.serverReflectionInfo();
  const answers: ServerReflectionResponse[] = [];
  return new Promise((resolve, reject) => {
    stream.on('data', (response: ServerReflectionResponse) => {
      answers.push(response);
      if (answers.length === requests.length) stream.end();
    });
    stream.on('error', reject);
    stream.on('end', () => resolve(answers));
    for (const request of requests) stream.write({ host: '', ...request });
  });
}

function filesOf(response: ServerReflectionResponse | undefined): FileDescriptorProto[] {
  if (response?.messageResponse?.$case !== 'fileDescriptorResponse')
    throw new Error(`expected files, got ${JSON.stringify(response?.messageResponse)}`);
  return response.messageResponse.value.fileDescriptorProto.map((bytes) =>
    fromBinary(FileDescriptorProtoSchema, bytes),
  );
}

/** The files with every import before its importer, as a FileDescriptorSet must list them; throws on a missing import. */
function importsFirst(files: readonly FileDescriptorProto[]): FileDescriptorProto[] {
  const byName = new Map(files.map((file) => [file.name, file]));
  const ordered: FileDescriptorProto[] = [];
  const visit = (name: string): void => {
    const file = byName.get(name);
    if (file === undefined) throw new Error(`the answer lacks ${name}`);
    if (ordered.includes(file)) return;
    for (const dependency of file.dependency) visit(dependency);
    ordered.push(file);
  };
  for (const file of files) visit(file.name);
  return ordered;
}

function errorOf(response: ServerReflectionResponse | undefined) {
  if (response?.messageResponse?.$case !== 'errorResponse') throw new Error('expected an error response');
  return response.messageResponse.value;
}

describe('server reflection over the descriptor set buf built', () => {
  it('lists this port’s service, health and reflection, and nothing else of the set', async () => {
    const [answer] = await ask({ messageRequest: { $case: 'listServices', value: '*' } });
    if (answer?.messageResponse?.$case !== 'listServicesResponse') throw new Error('expected a list');
    expect(answer.messageResponse.value.service.map(({ name }) => name)).toEqual([
      'grpc.health.v1.Health',
      'grpc.reflection.v1.ServerReflection',
      'grpc.reflection.v1alpha.ServerReflection',
      serviceNames.ingest,
    ]);
  });

  it('describes the service completely: the bytes buf wrote, every import, full type names', async () => {
    const [answer] = await ask({ messageRequest: { $case: 'fileContainingSymbol', value: serviceNames.ingest } });
    const files = filesOf(answer);
    expect(files[0]?.name).toBe('vigil/ingest/v1/ingest_service.proto');
    const committed = new Map(readDescriptorFiles(readFileSync(descriptorSetPath)).map((f) => [f.name, f.bytes]));
    if (answer?.messageResponse?.$case !== 'fileDescriptorResponse') throw new Error('expected files');
    for (const [i, bytes] of answer.messageResponse.value.fileDescriptorProto.entries()) {
      expect(Buffer.compare(bytes, committed.get(files[i]?.name ?? '') ?? Buffer.alloc(0)), files[i]?.name).toBe(0);
    }
    // Every import is in the answer, and a registry accepts the files: what lossy reflection fails.
    const registry = createFileRegistry(create(FileDescriptorSetSchema, { file: importsFirst(files) }));
    const method = registry.getService(serviceNames.ingest)?.methods.find((m) => m.name === 'StoreEvent');
    expect(method?.input.typeName).toBe('vigil.ingest.v1.StoreEventRequest');
    const event = registry.getMessage('vigil.ingest.v1.Event');
    expect(event?.fields.find((f) => f.name === 'timestamp')?.message?.typeName).toBe('google.protobuf.Timestamp');
  });

  it('answers methods and file names, and keeps the stream open after a NOT_FOUND', async () => {
    const answers = await ask(
      { messageRequest: { $case: 'fileContainingSymbol', value: serviceNames.incidents } },
      { messageRequest: { $case: 'fileContainingSymbol', value: `${serviceNames.ingest}.StoreEvent` } },
      { messageRequest: { $case: 'fileByFilename', value: 'grpc/health/v1/health.proto' } },
      { messageRequest: { $case: 'fileByFilename', value: 'vigil/incidents/v1/incidents_service.proto' } },
    );
    expect(errorOf(answers[0])).toEqual({
      errorCode: status.NOT_FOUND,
      errorMessage: `symbol not found: ${serviceNames.incidents}`,
    });
    expect(filesOf(answers[1])[0]?.name).toBe('vigil/ingest/v1/ingest_service.proto');
    expect(filesOf(answers[2]).map((f) => f.name)).toEqual(['grpc/health/v1/health.proto']);
    expect(errorOf(answers[3]).errorCode).toBe(status.NOT_FOUND);
  });

  it('answers v1alpha, the same protocol under its older name', async () => {
    const alpha = new ServerReflectionV1alphaClient(`127.0.0.1:${server.port}`, credentials.createInsecure());
    const stream = alpha.serverReflectionInfo();
    const answer = await new Promise<ServerReflectionResponse>((resolve, reject) => {
      stream.on('data', resolve);
      stream.on('error', reject);
      stream.write({ host: '', messageRequest: { $case: 'fileContainingSymbol', value: serviceNames.ingest } });
    });
    stream.end();
    alpha.close();
    expect(filesOf(answer)[0]?.name).toBe('vigil/ingest/v1/ingest_service.proto');
  });
});
