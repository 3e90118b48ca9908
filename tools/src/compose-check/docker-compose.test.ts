// The real docker-compose.yml against the apps that exist (no Docker engine
// is needed): see composeProblems for what is checked.
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { mergeComposeServices, readComposeFile } from './compose-file.js';
import { composeProblems } from './compose-problems.js';
import { containerApps } from './container-apps.js';

const root = join(import.meta.dirname, '../../..');

test('docker-compose.yml runs every app that has a Dockerfile, consistently with their config', async () => {
  const apps = await containerApps(root);
  const services = readComposeFile(join(root, 'docker-compose.yml'));
  expect(apps.map((app) => app.name)).toContain('ingest');
  expect(composeProblems(services, apps)).toEqual([]);
});

test('PostgreSQL and NATS with JetStream are in it, healthchecked', () => {
  const services = readComposeFile(join(root, 'docker-compose.yml'));
  expect(
    services
      .filter((s) => ['postgres', 'nats'].includes(s.name) && s.hasHealthcheck)
      .map((s) => s.name)
      .sort(),
  ).toEqual(['nats', 'postgres']);
});

test.each(['docker-compose.nats-cluster.yml', 'docker-compose.local-images.yml'])(
  'docker-compose.yml with %s on top is as consistent',
  async (override) => {
    const apps = await containerApps(root);
    const services = mergeComposeServices(
      readComposeFile(join(root, 'docker-compose.yml')),
      readComposeFile(join(root, override)),
    );
    expect(composeProblems(services, apps)).toEqual([]);
  },
);
