import type { ChannelOptions } from '@grpc/grpc-js';
import { RETRIED_METHODS } from './retried-methods.js';

/** How the channel behaves; every field has a production default. */
export interface ChannelTuning {
  /** Retry UNAVAILABLE for the RPCs in RETRIED_METHODS. Default true. */
  readonly retry?: boolean;
  /** Attempts in all, first included (gRPC caps it at 5). Default 4. */
  readonly maxAttempts?: number;
  /** Ping an idle connection this often to notice a dead peer or a silent middlebox. Default 30 s. */
  readonly keepaliveMs?: number;
}

/**
 * The grpc-js channel options of a Vigil client for `service`:
 * - a service config that spreads calls `round_robin` over every address the
 *   name resolves to (DNS: several replicas behind one name), and retries
 *   UNAVAILABLE with exponential backoff for the RPCs that are safe to repeat,
 *   throttled so a down service does not get a retry storm;
 * - keepalive pings, so a connection that died silently is noticed within
 *   about keepalive + 10 s rather than at the next call's deadline.
 * Vigil's servers (grpc-js) accept pings without calls.
 */
export function channelOptions(service: string, tuning: ChannelTuning = {}): ChannelOptions {
  const { retry = true, maxAttempts = 4, keepaliveMs = 30_000 } = tuning;
  const methods = RETRIED_METHODS[service] ?? [];
  const serviceConfig = {
    loadBalancingConfig: [{ round_robin: {} }],
    methodConfig:
      retry && methods.length > 0
        ? [
            {
              name: methods.map((method) => ({ service, method })),
              retryPolicy: {
                maxAttempts,
                initialBackoff: '0.1s',
                maxBackoff: '2s',
                backoffMultiplier: 2,
                retryableStatusCodes: ['UNAVAILABLE'],
              },
            },
          ]
        : [],
    // At most 10 retries in the bank, one earned back per ten successes:
    // retries stop when most calls fail and resume as the service recovers.
    retryThrottling: { maxTokens: 10, tokenRatio: 0.1 },
  };
  return {
    'grpc.service_config': JSON.stringify(serviceConfig),
    // Ignore a service config published in DNS TXT records: this one is the contract.
    'grpc.service_config_disable_resolution': 1,
    'grpc.enable_retries': retry ? 1 : 0,
    'grpc.keepalive_time_ms': keepaliveMs,
    'grpc.keepalive_timeout_ms': 10_000,
    'grpc.keepalive_permit_without_calls': 1,
  };
}
