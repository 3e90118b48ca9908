// The OpenTelemetry variables a service reads: tracingConfigFromEnv decides
// with the first ones whether and how to trace; the OTLP exporter reads its
// own (endpoint, headers, timeout, compression, general or traces-only).
const DECIDING = [
  'OTEL_SDK_DISABLED',
  'OTEL_TRACES_EXPORTER',
  'OTEL_SERVICE_NAME',
  'OTEL_TRACES_SAMPLER',
  'OTEL_TRACES_SAMPLER_ARG',
];
const EXPORTER = /^OTEL_EXPORTER_OTLP_(?:TRACES_)?(?:ENDPOINT|HEADERS|TIMEOUT|COMPRESSION)$/;

/**
 * Whether `name` is an OpenTelemetry variable a Vigil service reads (beside
 * its config schema), so a deployment check can accept it and still catch
 * a misspelt one.
 */
export function isTracingVariable(name: string): boolean {
  return DECIDING.includes(name) || EXPORTER.test(name);
}
