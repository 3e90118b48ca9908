import { context, isSpanContextValid, trace } from '@opentelemetry/api';
import { tracingIsOn } from './tracing-state.js';

/**
 * `trace_id` and `span_id` of the span active where a log line is written,
 * so a line can be found from its trace and the trace from the line; nothing
 * outside a span or while tracing is off. The logger calls it on every line.
 */
export function activeSpanLogFields(): { trace_id?: string; span_id?: string } {
  if (!tracingIsOn()) return {};
  const spanContext = trace.getSpanContext(context.active());
  if (spanContext === undefined || !isSpanContextValid(spanContext)) return {};
  return { trace_id: spanContext.traceId, span_id: spanContext.spanId };
}
