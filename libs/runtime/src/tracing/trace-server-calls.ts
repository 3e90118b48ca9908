import {
  status,
  type sendUnaryData,
  type ServerUnaryCall,
  type ServiceDefinition,
  type UntypedHandleCall,
  type UntypedServiceImplementation,
} from '@grpc/grpc-js';
import { context, propagation, ROOT_CONTEXT, SpanKind, trace } from '@opentelemetry/api';
import { metadataGetter } from './grpc-metadata-carrier.js';
import { endRpcSpan, rpcSpanFields } from './rpc-attributes.js';
import { tracingIsOn, vigilTracer } from './tracing-state.js';

/**
 * Wraps each unary method of a service so every call runs inside a SERVER
 * span, the child of the caller's span when its metadata carries a W3C
 * `traceparent`. The handler runs in that span's context, so its database
 * spans, outgoing calls and log lines join the trace. With tracing off the
 * implementation is returned as it is.
 */
export function traceServerCalls(
  definition: ServiceDefinition,
  implementation: UntypedServiceImplementation,
): UntypedServiceImplementation {
  if (!tracingIsOn()) return implementation;
  const traced: UntypedServiceImplementation = { ...implementation };
  for (const [name, method] of Object.entries(definition)) {
    if (method.requestStream || method.responseStream) continue;
    // grpc-js finds a handler by the definition's key, else by the method's
    // original name (proto-loader's definitions key by the .proto name).
    const key = name in implementation ? name : method.originalName;
    const handler = key === undefined ? undefined : implementation[key];
    if (key === undefined || handler === undefined) continue;
    traced[key] = traceUnary(method.path, handler as UnaryHandler);
  }
  return traced;
}

type UnaryHandler = (call: ServerUnaryCall<unknown, unknown>, callback: sendUnaryData<unknown>) => void;

function traceUnary(path: string, handler: UnaryHandler): UntypedHandleCall {
  const { name, attributes } = rpcSpanFields(path);
  return ((call: ServerUnaryCall<unknown, unknown>, callback: sendUnaryData<unknown>) => {
    const parent = propagation.extract(ROOT_CONTEXT, call.metadata, metadataGetter);
    const span = vigilTracer().startSpan(name, { kind: SpanKind.SERVER, attributes }, parent);
    context.with(trace.setSpan(parent, span), () =>
      handler(call, (error, ...rest) => {
        endRpcSpan(span, error ? (error.code ?? status.UNKNOWN) : status.OK, error?.details);
        callback(error, ...rest);
      }),
    );
  }) as UntypedHandleCall;
}
