import type { ChannelOptions, ClientOptions } from '@grpc/grpc-js';
import { grpcClientTracing } from '../tracing/client-tracing.js';

// grpc-js's default policy, pick_first, sends every call to the first address
// the name resolves to. Vigil's Kubernetes Services are headless (deploy/k8s):
// DNS answers with every pod, and round_robin spreads calls over all of them.
// Pods added later are found when a connection ends and the name is resolved
// again: servers bound connection age with GRPC_MAX_CONNECTION_AGE_MS.
const ROUND_ROBIN = JSON.stringify({ loadBalancingConfig: [{ round_robin: {} }] });

/**
 * Options for a generated grpc-js client with which one Vigil service calls
 * another (incidents → ingest, scheduler → incidents): calls spread over every
 * address of the target, and traced when tracing is on. `channel` adds or
 * overrides channel options (e.g. reconnect backoff).
 */
export function internalClientOptions(channel: ChannelOptions = {}): ClientOptions {
  return { 'grpc.service_config': ROUND_ROBIN, ...channel, ...grpcClientTracing() };
}
