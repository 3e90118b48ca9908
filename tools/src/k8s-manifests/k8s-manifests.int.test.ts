// deploy/k8s rendered with `kubectl kustomize` (the base and the example
// overlay) and validated offline: every object against the Kubernetes API's
// schema for its kind, and Vigil's own needs (probes, grace period, migrate
// init container, headless Services, PodDisruptionBudgets, secrets by reference).
import { tracingConfigFromEnv } from '@vigil/runtime';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { appsWithEntryPoint, WORKSPACE_ROOT } from '../build/workspace-apps.js';
import { apiSchemaProblems } from './api-schema-problems.js';
import { manifestProblems } from './manifest-problems.js';
import { renderKustomization } from './render-kustomization.js';
import { unknownFieldProblems } from './unknown-field-problems.js';

const K8S = join(WORKSPACE_ROOT, 'deploy/k8s');

describe.each([
  { kustomization: 'base', secretsIncluded: false },
  { kustomization: 'overlays/example', secretsIncluded: true },
])('deploy/k8s/$kustomization', ({ kustomization, secretsIncluded }) => {
  test('renders, and every object is valid for the Kubernetes API and for Vigil', async () => {
    const objects = await renderKustomization(join(K8S, kustomization));
    const deployments = objects.filter((object) => object.kind === 'Deployment').map((o) => o.metadata?.name);
    expect(deployments.sort()).toEqual(
      appsWithEntryPoint()
        .map((app) => `vigil-${app}`)
        .sort(),
    );
    expect(await apiSchemaProblems(objects)).toEqual([]);
    expect(unknownFieldProblems(objects)).toEqual([]);
    expect(manifestProblems(objects, secretsIncluded)).toEqual([]);
  });
});

test('the shared ConfigMap leaves tracing off until an overlay sets the OTLP endpoint, and its OTEL_* values are valid', async () => {
  const objects = await renderKustomization(join(K8S, 'base'));
  const config = objects.find((object) => object.kind === 'ConfigMap' && object.metadata?.name === 'vigil-config');
  const data = (config?.['data'] ?? {}) as Record<string, string>;
  expect(Object.keys(data)).toContain('OTEL_EXPORTER_OTLP_ENDPOINT');
  expect(tracingConfigFromEnv(data, 'ingest')).toBeUndefined();
  const withCollector = { ...data, OTEL_EXPORTER_OTLP_ENDPOINT: 'http://otel-collector.observability:4318' };
  expect(tracingConfigFromEnv(withCollector, 'ingest')).toEqual({
    serviceName: 'ingest',
    sampler: 'parentbased_traceidratio',
    samplerRatio: 1,
  });
});

test('the API schema check refuses what the API server would', async () => {
  const problems = await apiSchemaProblems([
    { apiVersion: 'v1', kind: 'Service', metadata: { name: 'bad' }, spec: { ports: [{ port: 'grpc' }] } },
    { apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'unknown' } },
  ]);
  expect(problems).toEqual([
    'Service bad: data/spec/ports/0/port must be integer',
    'Widget unknown: no Kubernetes API schema for example.com/v1 Widget',
  ]);
});

test('the unknown-field check refuses a misspelt field at any depth, and only that', () => {
  const container = {
    name: 'ingest',
    image: 'vigil/ingest:1',
    readinesProbe: { httpGet: { path: '/readyz', port: 'metrics' } },
    livenessProbe: { httpGet: { path: '/healthz', port: 9464 }, periodSeconds: 10 },
    resources: { requests: { cpu: '100m', memory: '128Mi' } },
  };
  const problems = unknownFieldProblems([
    {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'vigil-ingest', lables: { app: 'ingest' }, labels: { 'app.kubernetes.io/name': 'x' } },
      spec: {
        selector: { matchLabels: { app: 'ingest' } },
        template: { metadata: { labels: { app: 'ingest' } }, spec: { containers: [container] } },
      },
    },
    { apiVersion: 'v1', kind: 'Service', metadata: { name: 'vigil-ingest' }, spec: { clusterIp: 'None' } },
    { apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'unknown' } },
  ]);
  expect(problems).toEqual([
    'Deployment vigil-ingest: unknown field metadata.lables',
    'Deployment vigil-ingest: unknown field spec.template.spec.containers[0].readinesProbe',
    'Service vigil-ingest: unknown field spec.clusterIp',
    'Widget unknown: no Kubernetes API types for example.com/v1 Widget',
  ]);
});
