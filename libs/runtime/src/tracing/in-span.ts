import { context, SpanKind, SpanStatusCode, trace, type Attributes, type Context } from '@opentelemetry/api';
import { tracingIsOn, vigilTracer } from './tracing-state.js';

interface SpanOptions {
  kind?: SpanKind;
  attributes?: Attributes;
  /** The parent; default the active context. `contextFromTraceParent(row.traceParent)` continues a stored trace. */
  parent?: Context;
}

/**
 * Runs `work` inside a span, so the spans, calls and log lines within it
 * join it; the span ends when `work` settles and a failure marks it as an
 * error. While tracing is off it only runs `work`.
 */
export function inSpan<T>(name: string, options: SpanOptions, work: () => Promise<T>): Promise<T> {
  if (!tracingIsOn()) return work();
  const parent = options.parent ?? context.active();
  const span = vigilTracer().startSpan(
    name,
    { kind: options.kind ?? SpanKind.INTERNAL, ...(options.attributes && { attributes: options.attributes }) },
    parent,
  );
  return context.with(trace.setSpan(parent, span), async () => {
    try {
      return await work();
    } catch (error) {
      span.recordException(error instanceof Error ? error : String(error));
      span.setStatus({ code: SpanStatusCode.ERROR, message: error instanceof Error ? error.message : String(error) });
      throw error;
    } finally {
      span.end();
    }
  });
}

export { SpanKind };
