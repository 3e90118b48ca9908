import type { ServiceDefinition, UntypedServiceImplementation } from '@grpc/grpc-js';
import { describe, expect, it } from 'vitest';
import { grpcClientTracing } from './client-tracing.js';
import { traceServerCalls } from './trace-server-calls.js';

describe('with tracing off', () => {
  it('leaves server implementations as they are and gives clients no interceptor', () => {
    const implementation: UntypedServiceImplementation = { sayHello: () => undefined };
    const definition = { sayHello: { path: '/x.v1.S/SayHello' } } as unknown as ServiceDefinition;
    expect(traceServerCalls(definition, implementation)).toBe(implementation);
    expect(grpcClientTracing()).toEqual({});
  });
});
