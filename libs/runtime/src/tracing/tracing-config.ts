import { ConfigError, type ConfigIssue } from '../config/config-error.js';

type Environment = Readonly<Record<string, string | undefined>>;

const SAMPLERS = [
  'always_on',
  'always_off',
  'traceidratio',
  'parentbased_always_on',
  'parentbased_always_off',
  'parentbased_traceidratio',
] as const;
export type SamplerName = (typeof SAMPLERS)[number];

/** What tracing does when it is on; `undefined` from `tracingConfigFromEnv` means off. */
export interface TracingSettings {
  /** `service.name` on every span (OTEL_SERVICE_NAME, else the service's own name). */
  readonly serviceName: string;
  readonly sampler: SamplerName;
  /** The ratio of the `…traceidratio` samplers, 0 to 1. */
  readonly samplerRatio: number;
}

/**
 * Reads the standard OpenTelemetry variables that decide whether and how a
 * service traces. Off unless asked for: an OTLP endpoint
 * (OTEL_EXPORTER_OTLP_ENDPOINT or OTEL_EXPORTER_OTLP_TRACES_ENDPOINT) or
 * OTEL_TRACES_EXPORTER=otlp turns it on; OTEL_SDK_DISABLED=true or
 * OTEL_TRACES_EXPORTER=none keeps it off whatever else is set. The exporter
 * itself reads the rest (endpoint, headers, timeout, compression). A bad value
 * throws ConfigError naming the variable, as every other variable does.
 */
export function tracingConfigFromEnv(env: Environment, defaultServiceName: string): TracingSettings | undefined {
  const issues: ConfigIssue[] = [];
  const value = (name: string): string | undefined => {
    const raw = env[name]?.trim();
    return raw === '' ? undefined : raw;
  };
  const disabled = value('OTEL_SDK_DISABLED');
  if (disabled !== undefined && !['true', 'false'].includes(disabled.toLowerCase())) {
    issues.push({ variable: 'OTEL_SDK_DISABLED', value: disabled, expected: '"true" or "false"' });
  }
  const exporter = value('OTEL_TRACES_EXPORTER');
  if (exporter !== undefined && !['otlp', 'none'].includes(exporter)) {
    issues.push({ variable: 'OTEL_TRACES_EXPORTER', value: exporter, expected: '"otlp" or "none"' });
  }
  const sampler = value('OTEL_TRACES_SAMPLER') ?? 'parentbased_always_on';
  if (!(SAMPLERS as readonly string[]).includes(sampler)) {
    issues.push({ variable: 'OTEL_TRACES_SAMPLER', value: sampler, expected: `one of ${SAMPLERS.join(', ')}` });
  }
  const ratioText = value('OTEL_TRACES_SAMPLER_ARG');
  const samplerRatio = ratioText === undefined ? 1 : Number(ratioText);
  if (!Number.isFinite(samplerRatio) || samplerRatio < 0 || samplerRatio > 1) {
    issues.push({ variable: 'OTEL_TRACES_SAMPLER_ARG', value: ratioText, expected: 'a ratio from 0 to 1' });
  }
  if (issues.length > 0) throw new ConfigError(issues);

  const endpoint = value('OTEL_EXPORTER_OTLP_TRACES_ENDPOINT') ?? value('OTEL_EXPORTER_OTLP_ENDPOINT');
  const on =
    disabled?.toLowerCase() !== 'true' && exporter !== 'none' && (exporter === 'otlp' || endpoint !== undefined);
  if (!on) return undefined;
  return {
    serviceName: value('OTEL_SERVICE_NAME') ?? defaultServiceName,
    sampler: sampler as SamplerName,
    samplerRatio,
  };
}
