import { describe, expect, test } from 'vitest';
import type { KubernetesObject } from './api-schema-problems.js';
import { manifestProblems } from './manifest-problems.js';

const labels = { 'app.kubernetes.io/name': 'vigil-ingest' };
const container = {
  name: 'ingest',
  readinessProbe: { httpGet: { path: '/readyz', port: 'metrics' } },
  livenessProbe: { httpGet: { path: '/healthz', port: 'metrics' } },
  resources: { requests: { cpu: '100m' } },
  env: [
    { name: 'DATABASE_MIGRATIONS', value: 'verify' },
    { name: 'DATABASE_URL_FILE', value: '/run/secrets/database/url' },
  ],
};
function deployment(pod: Record<string, unknown> = {}): KubernetesObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'vigil-ingest' },
    spec: {
      selector: { matchLabels: labels },
      template: {
        spec: {
          terminationGracePeriodSeconds: 45,
          securityContext: { runAsNonRoot: true },
          initContainers: [{ name: 'migrate', args: ['node', 'main.js', 'migrate'] }],
          containers: [container],
          volumes: [{ secret: { secretName: 'vigil-ingest-database' } }],
          ...pod,
        },
      },
    },
  };
}
const service = {
  apiVersion: 'v1',
  kind: 'Service',
  metadata: { name: 's' },
  spec: { clusterIP: 'None', selector: labels },
};
const pdb = {
  apiVersion: 'policy/v1',
  kind: 'PodDisruptionBudget',
  metadata: { name: 'p' },
  spec: { selector: { matchLabels: labels } },
};
const secret = { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'vigil-ingest-database' } };

describe('manifestProblems', () => {
  test('a complete set has none', () => {
    expect(manifestProblems([deployment(), service, pdb, secret], true)).toEqual([]);
    expect(manifestProblems([deployment(), service, pdb], false)).toEqual([]);
  });

  test('a Deployment without a database (no DATABASE_URL) needs no migrate init container', () => {
    const relay = deployment({ initContainers: [], containers: [{ ...container, env: [] }] });
    expect(manifestProblems([relay, service, pdb, secret], true)).toEqual([]);
  });

  test('each miss is named', () => {
    const bare = deployment({
      terminationGracePeriodSeconds: 30,
      securityContext: {},
      initContainers: [],
      containers: [{ name: 'ingest', env: [{ name: 'DATABASE_URL', value: 'postgres://u:pw@db/x' }] }],
    });
    expect(manifestProblems([bare, { ...service, spec: { selector: labels } }], true)).toEqual([
      'vigil-ingest: no readiness probe',
      'vigil-ingest: no liveness probe',
      'vigil-ingest: no resource requests',
      'vigil-ingest: does not require runAsNonRoot',
      'vigil-ingest: terminationGracePeriodSeconds 30 is not above the 30 s stop bound',
      'vigil-ingest: no init container runs `main.js migrate`',
      'vigil-ingest: the service does not run with DATABASE_MIGRATIONS=verify',
      'vigil-ingest: DATABASE_URL is a plain value; reference a Secret (NAME_FILE or secretKeyRef)',
      'vigil-ingest: no headless Service (clusterIP: None) selects its pods',
      'vigil-ingest: no PodDisruptionBudget selects its pods',
      'vigil-ingest: references Secret vigil-ingest-database, which is not among the objects',
    ]);
  });
});
