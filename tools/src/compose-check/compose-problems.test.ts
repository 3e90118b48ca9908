import { commonServiceConfig } from '@vigil/runtime';
import { describe, expect, test } from 'vitest';
import { z } from 'zod';
import { parseComposeFile } from './compose-file.js';
import { composeProblems, type ContainerApp } from './compose-problems.js';

function app(name: string, grpcPort: number, extra: z.ZodRawShape = {}): ContainerApp {
  return {
    name,
    dockerfile: `apps/${name}/Dockerfile`,
    configSchema: z.object({ ...commonServiceConfig({ database: `vigil_${name}`, grpcPort }), ...extra }),
  };
}
const apps = [app('ingest', 50051), app('incidents', 50052, { INGEST_GRPC_ADDRESS: z.string().optional() })];

const healthy = `
    healthcheck: { test: ["CMD", "true"] }`;
const consistent = `
services:
  postgres:
    image: postgres:15.19
    ports: ["5432:5432"]${healthy}
  ingest:
    build: { context: ., dockerfile: apps/ingest/Dockerfile }
    environment: { GRPC_PORT: "50051", DATABASE_URL: "postgres://postgres@postgres:5432/vigil_ingest" }
    ports: ["50051:50051"]
    depends_on: { postgres: { condition: service_healthy } }${healthy}
  incidents:
    build: { context: ., dockerfile: apps/incidents/Dockerfile }
    environment: ["GRPC_PORT=50052", "INGEST_GRPC_ADDRESS=ingest:50051"]
    ports: ["50052:50052"]
    depends_on: { ingest: { condition: service_healthy } }${healthy}
`;

function problemsOf(yaml: string, withApps = apps): string[] {
  return composeProblems(parseComposeFile(yaml), withApps);
}

describe('composeProblems', () => {
  test('a consistent file has none', () => {
    expect(problemsOf(consistent)).toEqual([]);
  });

  test('OpenTelemetry variables pass through; a misspelt one or a bad sampler is named', () => {
    const withTracing = (environment: string) =>
      consistent.replace('environment: { GRPC_PORT: "50051",', `environment: { ${environment}, GRPC_PORT: "50051",`);
    expect(problemsOf(withTracing('OTEL_EXPORTER_OTLP_ENDPOINT: null, OTEL_TRACES_SAMPLER_ARG: "0.1"'))).toEqual([]);
    expect(problemsOf(withTracing('OTEL_EXPORTER_OTLP_ENDPIONT: null'))).toEqual([
      'ingest sets OTEL_EXPORTER_OTLP_ENDPIONT, which apps/ingest/src/config.ts does not read',
    ]);
    const [problem] = problemsOf(withTracing('OTEL_TRACES_SAMPLER: "sometimes"'));
    expect(problem).toMatch(/^ingest: .*OTEL_TRACES_SAMPLER/);
  });

  test('an app without a service, and a service built from no app', () => {
    expect(problemsOf(consistent, [...apps, app('snapshot-scheduler', 50053)])).toEqual([
      'no service is built from apps/snapshot-scheduler/Dockerfile',
    ]);
    expect(problemsOf(consistent, [apps[0]!])).toEqual([
      "incidents is built from apps/incidents/Dockerfile, which is not an app's Dockerfile",
    ]);
  });

  test('a missing healthcheck, an unknown dependency, a weaker condition', () => {
    const yaml = consistent
      .replace('ports: ["5432:5432"]' + healthy, 'ports: ["5432:5432"]')
      .replace('depends_on: { ingest: { condition: service_healthy } }', 'depends_on: [ingest, nats]');
    expect(problemsOf(yaml)).toEqual([
      'postgres has no healthcheck',
      'ingest depends on postgres, which has no healthcheck',
      'incidents waits for ingest to be service_started, not service_healthy',
      'incidents depends on nats, which is not a service',
      'incidents waits for nats to be service_started, not service_healthy',
    ]);
  });

  test('a host port published twice', () => {
    expect(problemsOf(consistent.replace('"50052:50052"', '"50051:50052"'))).toEqual([
      'host port 50051 is published by ingest and incidents',
    ]);
  });

  test("a variable the app's schema does not read, or a value it refuses", () => {
    expect(problemsOf(consistent.replace('"GRPC_PORT=50052"', '"GRPC_PORT=50052", "INGEST_URL=x"'))).toEqual([
      'incidents sets INGEST_URL, which apps/incidents/src/config.ts does not read',
    ]);
    const [problem] = problemsOf(consistent.replace('GRPC_PORT: "50051"', 'GRPC_PORT: "none"'));
    expect(problem).toMatch(/^ingest: .*GRPC_PORT/);
  });

  test('a gRPC port not published, an address outside depends_on or at the wrong port', () => {
    expect(problemsOf(consistent.replace('"50051:50051"', '"50051:50050"'))).toEqual([
      'ingest does not publish its gRPC port 50051',
    ]);
    expect(problemsOf(consistent.replace('depends_on: { postgres: { condition: service_healthy } }', ''))).toEqual([
      "ingest's DATABASE_URL names postgres, which is not among its depends_on",
    ]);
    expect(
      problemsOf(consistent.replace('INGEST_GRPC_ADDRESS=ingest:50051', 'INGEST_GRPC_ADDRESS=ingest:50052')),
    ).toEqual(["incidents's INGEST_GRPC_ADDRESS dials ingest:50052; ingest listens on 50051"]);
  });
});
