import { context, propagation, trace } from '@opentelemetry/api';
import type { Sampler, SpanExporter } from '@opentelemetry/sdk-trace';
import type { Logger } from 'pino';
import type { SamplerName, TracingSettings } from './tracing-config.js';
import { setTracingOn } from './tracing-state.js';

export interface RunningTracing {
  /** Sends the spans still buffered, then unregisters the SDK. */
  shutdown(): Promise<void>;
}

interface StartTracingOptions {
  /** Tests pass an in-memory exporter; spans are then exported one by one as they end. Default: OTLP/HTTP from OTEL_*. */
  exporter?: SpanExporter;
  logger: Logger;
}

/**
 * Registers the OpenTelemetry SDK for this process: W3C trace context
 * propagation, AsyncLocalStorage context, the configured sampler and an
 * OTLP/HTTP exporter (which reads OTEL_EXPORTER_OTLP_* itself). The SDK is
 * imported here, on demand: a service with tracing off never loads it.
 */
export async function startTracing(settings: TracingSettings, options: StartTracingOptions): Promise<RunningTracing> {
  const [sdk, { AsyncLocalStorageContextManager }, { W3CTraceContextPropagator }, { resourceFromAttributes }] =
    await Promise.all([
      import('@opentelemetry/sdk-trace'),
      import('@opentelemetry/context-async-hooks'),
      import('@opentelemetry/core'),
      import('@opentelemetry/resources'),
    ]);
  const exporter =
    options.exporter ?? new (await import('@opentelemetry/exporter-trace-otlp-http')).OTLPTraceExporter();
  const processor = options.exporter
    ? new sdk.SimpleSpanProcessor({ exporter })
    : new sdk.BatchSpanProcessor({ exporter });
  const provider = new sdk.TracerProvider({
    resource: resourceFromAttributes({ 'service.name': settings.serviceName }),
    sampler: samplerFor(sdk, settings.sampler, settings.samplerRatio),
    spanProcessors: [processor],
  });
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  propagation.setGlobalPropagator(new W3CTraceContextPropagator());
  trace.setGlobalTracerProvider(provider);
  setTracingOn(true);
  options.logger.info(
    { serviceName: settings.serviceName, sampler: settings.sampler, ratio: settings.samplerRatio },
    'tracing on',
  );
  return {
    async shutdown() {
      setTracingOn(false);
      await provider.shutdown();
      trace.disable();
      propagation.disable();
      context.disable();
    },
  };
}

type TraceSdk = typeof import('@opentelemetry/sdk-trace');

function samplerFor(sdk: TraceSdk, name: SamplerName, ratio: number): Sampler {
  const root = (rootName: string): Sampler => {
    if (rootName.endsWith('always_off')) return new sdk.AlwaysOffSampler();
    if (rootName.endsWith('traceidratio')) return new sdk.TraceIdRatioBasedSampler(ratio);
    return new sdk.AlwaysOnSampler();
  };
  // parentbased_*: a call that arrives sampled (or not) stays so, so one
  // trace is kept or dropped whole across the three services.
  return name.startsWith('parentbased_') ? new sdk.ParentBasedSampler({ root: root(name) }) : root(name);
}
