import { context, propagation, ROOT_CONTEXT, trace, type Context } from '@opentelemetry/api';
import { tracingIsOn } from './tracing-state.js';

/**
 * The active span's context as a W3C `traceparent`
 * (`00-<trace id>-<span id>-<flags>`), to keep with a row or send in a
 * message header so a later, asynchronous step continues the same trace.
 * Null while tracing is off or outside any span: nothing is stored then.
 */
export function activeTraceParent(): string | null {
  if (!tracingIsOn()) return null;
  const carrier: Record<string, string> = {};
  propagation.inject(context.active(), carrier);
  return carrier['traceparent'] ?? null;
}

/**
 * The context a stored or received `traceparent` names, as the parent of the
 * next span; the root context (a new trace) when there is none or it is not
 * a valid W3C value.
 */
export function contextFromTraceParent(traceParent: string | null | undefined): Context {
  if (!traceParent) return ROOT_CONTEXT;
  const extracted = propagation.extract(ROOT_CONTEXT, { traceparent: traceParent });
  return trace.getSpanContext(extracted) ? extracted : ROOT_CONTEXT;
}
