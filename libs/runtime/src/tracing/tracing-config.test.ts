import { describe, expect, it } from 'vitest';
import { ConfigError } from '../config/config-error.js';
import { tracingConfigFromEnv } from './tracing-config.js';

const ENDPOINT = { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:4318' };

describe('tracingConfigFromEnv', () => {
  it('is off when nothing asks for it', () => {
    expect(tracingConfigFromEnv({}, 'ingest')).toBeUndefined();
    expect(
      tracingConfigFromEnv({ OTEL_SERVICE_NAME: 'x', OTEL_TRACES_SAMPLER: 'always_on' }, 'ingest'),
    ).toBeUndefined();
  });

  it('is on with an OTLP endpoint or OTEL_TRACES_EXPORTER=otlp, named after the service by default', () => {
    expect(tracingConfigFromEnv(ENDPOINT, 'ingest')).toEqual({
      serviceName: 'ingest',
      sampler: 'parentbased_always_on',
      samplerRatio: 1,
    });
    expect(tracingConfigFromEnv({ OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://h/v1/traces' }, 'x')).toBeDefined();
    expect(tracingConfigFromEnv({ OTEL_TRACES_EXPORTER: 'otlp' }, 'x')?.serviceName).toBe('x');
  });

  it('stays off when disabled, whatever else is set', () => {
    expect(tracingConfigFromEnv({ ...ENDPOINT, OTEL_SDK_DISABLED: 'TRUE' }, 'x')).toBeUndefined();
    expect(tracingConfigFromEnv({ ...ENDPOINT, OTEL_TRACES_EXPORTER: 'none' }, 'x')).toBeUndefined();
  });

  it('takes the service name and the sampler from the standard variables', () => {
    const env = {
      ...ENDPOINT,
      OTEL_SERVICE_NAME: 'vigil-ingest-eu',
      OTEL_TRACES_SAMPLER: 'parentbased_traceidratio',
      OTEL_TRACES_SAMPLER_ARG: '0.25',
    };
    expect(tracingConfigFromEnv(env, 'ingest')).toEqual({
      serviceName: 'vigil-ingest-eu',
      sampler: 'parentbased_traceidratio',
      samplerRatio: 0.25,
    });
  });

  it('names every bad variable', () => {
    const env = {
      ...ENDPOINT,
      OTEL_SDK_DISABLED: 'maybe',
      OTEL_TRACES_EXPORTER: 'zipkin',
      OTEL_TRACES_SAMPLER: 'sometimes',
      OTEL_TRACES_SAMPLER_ARG: '1.5',
    };
    const error = (() => {
      try {
        tracingConfigFromEnv(env, 'x');
      } catch (thrown) {
        return thrown;
      }
    })();
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).issues.map((issue) => issue.variable)).toEqual([
      'OTEL_SDK_DISABLED',
      'OTEL_TRACES_EXPORTER',
      'OTEL_TRACES_SAMPLER',
      'OTEL_TRACES_SAMPLER_ARG',
    ]);
  });
});
