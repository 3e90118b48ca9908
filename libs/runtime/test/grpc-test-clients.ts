// Real grpc-js clients for the runtime's tests, loaded from .proto files at
// run time, typed the way ts-proto types its generated clients.
import { execFile } from 'node:child_process';
import { copyFile, cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import {
  credentials,
  loadPackageDefinition,
  type CallOptions,
  type Client,
  type ClientReadableStream,
  type ClientUnaryCall,
  type Metadata,
  type ServiceDefinition,
  type ServiceError,
} from '@grpc/grpc-js';
import { loadSync } from '@grpc/proto-loader';
import { protoPath as healthProtoPath } from 'grpc-health-check';

const fixtures = join(import.meta.dirname, 'fixtures');
// gRPC's own health and reflection protocols, as the contracts carry them.
const grpcProtos = join(import.meta.dirname, '../../../proto/grpc');
const reflectionProtoPath = join(grpcProtos, 'reflection/v1/reflection.proto');

type Callback<Response> = (error: ServiceError | null, response: Response) => void;

/** The overloads ts-proto generates for a unary method, full form last. */
interface UnaryMethod<Request, Response> {
  (request: Request, callback: Callback<Response>): ClientUnaryCall;
  (request: Request, metadata: Metadata, callback: Callback<Response>): ClientUnaryCall;
  (request: Request, metadata: Metadata, options: Partial<CallOptions>, callback: Callback<Response>): ClientUnaryCall;
}

export interface GreeterClient extends Client {
  sayHello: UnaryMethod<{ name: string }, { greeting: string }>;
  wait: UnaryMethod<{ tag: string }, { tag: string }>;
}

export type ServingStatus = 'UNKNOWN' | 'SERVING' | 'NOT_SERVING' | 'SERVICE_UNKNOWN';

export interface HealthClient extends Client {
  check: UnaryMethod<{ service: string }, { status: ServingStatus }>;
  watch(request: { service: string }): ClientReadableStream<{ status: ServingStatus }>;
}

interface ReflectionResponse {
  listServicesResponse?: { service: { name: string }[] };
}

export interface ReflectionClient extends Client {
  serverReflectionInfo(): {
    write(request: { listServices: string }): void;
    end(): void;
    on(event: 'data', listener: (response: ReflectionResponse) => void): void;
    on(event: 'error', listener: (error: Error) => void): void;
  };
}

type ClientConstructor<C> = (new (address: string, creds: ReturnType<typeof credentials.createInsecure>) => C) & {
  service: ServiceDefinition;
};

const protoOptions = { enums: String, defaults: true, keepCase: false };

function clientConstructor<C>(protoPath: string, servicePath: string[]): ClientConstructor<C> {
  let node: unknown = loadPackageDefinition(loadSync(protoPath, protoOptions));
  for (const part of servicePath) node = (node as Record<string, unknown>)[part];
  return node as ClientConstructor<C>;
}

export const Greeter = clientConstructor<GreeterClient>(join(fixtures, 'greeter.proto'), [
  'vigil',
  'runtimetest',
  'v1',
  'GreeterService',
]);
export const GREETER_SERVICE_NAME = 'vigil.runtimetest.v1.GreeterService';
const Health = clientConstructor<HealthClient>(healthProtoPath, ['grpc', 'health', 'v1', 'Health']);
const Reflection = clientConstructor<ReflectionClient>(reflectionProtoPath, [
  'grpc',
  'reflection',
  'v1',
  'ServerReflection',
]);

export function greeterClient(port: number): GreeterClient {
  return new Greeter(`127.0.0.1:${port}`, credentials.createInsecure());
}
export function healthClient(port: number): HealthClient {
  return new Health(`127.0.0.1:${port}`, credentials.createInsecure());
}
export function reflectionClient(port: number): ReflectionClient {
  return new Reflection(`127.0.0.1:${port}`, credentials.createInsecure());
}

/**
 * Builds the fixture's FileDescriptorSet with buf, as the contracts' build
 * does, with gRPC's health and reflection protos beside it (reflection
 * describes those too); `remove` deletes it.
 */
export async function buildGreeterDescriptorSet(): Promise<{ path: string; remove: () => Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), 'vigil-runtime-proto-'));
  await copyFile(join(fixtures, 'greeter.proto'), join(dir, 'greeter.proto'));
  await cp(grpcProtos, join(dir, 'grpc'), { recursive: true });
  const buf = join(import.meta.dirname, '../../../node_modules/.bin/buf');
  const out = join(dir, 'descriptor-set.binpb');
  await promisify(execFile)(buf, ['build', '-o', out], { cwd: dir });
  return { path: out, remove: () => rm(dir, { recursive: true, force: true }) };
}
