import {
  InterceptingCall,
  ListenerBuilder,
  RequesterBuilder,
  type ClientOptions,
  type Interceptor,
} from '@grpc/grpc-js';
import { context, propagation, SpanKind, trace } from '@opentelemetry/api';
import { metadataSetter } from './grpc-metadata-carrier.js';
import { endRpcSpan, rpcSpanFields } from './rpc-attributes.js';
import { tracingIsOn, vigilTracer } from './tracing-state.js';

/**
 * A CLIENT span around each outgoing call, its W3C `traceparent` (and
 * `tracestate`) sent in the call's metadata so the server continues the
 * trace. The span's parent is whatever span is active where the call is made.
 */
const tracingInterceptor: Interceptor = (options, nextCall) => {
  const { name, attributes } = rpcSpanFields(options.method_definition.path);
  const span = vigilTracer().startSpan(name, { kind: SpanKind.CLIENT, attributes });
  const spanContext = trace.setSpan(context.active(), span);
  const requester = new RequesterBuilder()
    .withStart((metadata, _listener, next) => {
      propagation.inject(spanContext, metadata, metadataSetter);
      const listener = new ListenerBuilder()
        .withOnReceiveStatus((status, nextStatus) => {
          endRpcSpan(span, status.code, status.details);
          nextStatus(status);
        })
        .build();
      next(metadata, listener);
    })
    .build();
  return new InterceptingCall(nextCall(options), requester);
};

/**
 * Options for a generated grpc-js client so its calls are traced: pass them
 * as the client's third argument, `new IngestServiceClient(address, credentials, grpcClientTracing())`.
 * Empty while tracing is off (no interceptor, no cost).
 */
export function grpcClientTracing(): ClientOptions {
  return tracingIsOn() ? { interceptors: [tracingInterceptor] } : {};
}
