import { readFileSync } from 'node:fs';
import type { Server } from '@grpc/grpc-js';
import { loadFileDescriptorSetFromBuffer, loadSync } from '@grpc/proto-loader';
import { ReflectionService } from '@grpc/reflection';
import { protoPath as healthProtoPath } from 'grpc-health-check';

/**
 * Registers server reflection (v1 and v1alpha) describing the services in the
 * descriptor set (`buf build -o …binpb`) plus grpc.health.v1, so `grpcurl
 * list` shows everything the server answers.
 */
export function addReflectionService(server: Server, descriptorSetPath: string): void {
  const described = {
    ...loadSync(healthProtoPath),
    ...loadFileDescriptorSetFromBuffer(readFileSync(descriptorSetPath)),
  };
  new ReflectionService(described).addToServer(server);
}
