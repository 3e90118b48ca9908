import { status } from '@grpc/grpc-js';
import { SpanStatusCode, type Attributes, type Span } from '@opentelemetry/api';

/** `/vigil.ingest.v1.IngestService/StoreEvent` → its span name and semantic-convention attributes. */
export function rpcSpanFields(path: string): { name: string; attributes: Attributes } {
  const [, service = '', method = ''] = path.split('/');
  return {
    name: `${service}/${method}`,
    attributes: { 'rpc.system': 'grpc', 'rpc.service': service, 'rpc.method': method },
  };
}

/** Records a call's final status code on its span; anything but OK marks the span as an error. */
export function endRpcSpan(span: Span, code: status, message?: string): void {
  span.setAttribute('rpc.grpc.status_code', code);
  if (code !== status.OK) span.setStatus({ code: SpanStatusCode.ERROR, message: `${status[code]}: ${message ?? ''}` });
  span.end();
}
