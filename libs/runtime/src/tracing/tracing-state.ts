import { trace, type Tracer } from '@opentelemetry/api';

// Whether startTracing registered an SDK in this process. The hooks in the
// gRPC server and clients, the outbox and the consumer check it once and do
// nothing when it is off, so a service that does not trace pays nothing.
let on = false;

export function tracingIsOn(): boolean {
  return on;
}

export function setTracingOn(value: boolean): void {
  on = value;
}

/** The tracer every Vigil span comes from (a no-op one while tracing is off). */
export function vigilTracer(): Tracer {
  return trace.getTracer('vigil');
}
