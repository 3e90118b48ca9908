import { readFileSync } from 'node:fs';
import type { Server, ServerDuplexStream } from '@grpc/grpc-js';
import {
  ServerReflectionService,
  ServerReflectionV1alphaService,
  type ServerReflectionRequest,
  type ServerReflectionResponse,
} from '@vigil/contracts/grpc-reflection';
import { answerReflectionRequest } from './reflection/answer-reflection-request.js';
import { readDescriptorFiles } from './reflection/descriptor-files.js';
import { createReflectionCatalog } from './reflection/reflection-catalog.js';

const HEALTH_SERVICE = 'grpc.health.v1.Health';
const REFLECTION_SERVICES = [
  'grpc.reflection.v1.ServerReflection',
  'grpc.reflection.v1alpha.ServerReflection',
] as const;

/**
 * Registers server reflection (v1 and v1alpha) that describes `serviceNames`,
 * grpc.health.v1 and reflection itself with the FileDescriptorProtos of the
 * descriptor set (`buf build -o …binpb`) byte for byte, imports included,
 * and nothing else: another service of the same set is not shown here.
 * (`@grpc/reflection` re-derives descriptors through proto-loader and loses
 * imports and full type names: grpc/grpc-node#3018.) Throws when the set
 * cannot describe one of them completely.
 */
export function addReflectionService(server: Server, descriptorSetPath: string, serviceNames: readonly string[]): void {
  const catalog = createReflectionCatalog(readDescriptorFiles(readFileSync(descriptorSetPath)), [
    ...serviceNames,
    HEALTH_SERVICE,
    ...REFLECTION_SERVICES,
  ]);
  const implementation = {
    serverReflectionInfo(call: ServerDuplexStream<ServerReflectionRequest, ServerReflectionResponse>): void {
      call.on('data', (request: ServerReflectionRequest) => call.write(answerReflectionRequest(catalog, request)));
      call.on('end', () => call.end());
      // A client that goes away mid-stream is not the server's problem.
      call.on('error', () => undefined);
    },
  };
  server.addService(ServerReflectionService, implementation);
  server.addService(ServerReflectionV1alphaService, implementation);
}
