import type { TestProject } from 'vitest/node';
import { PROVIDED_INFRASTRUCTURE_KEY } from './provided-infrastructure.js';
import { resolveInfrastructure } from './resolve-infrastructure.js';

/**
 * vitest globalSetup for integration projects: resolves the infrastructure
 * once per run (so containers start once, not per test file or worker) and
 * provides it to the workers, where getTestInfrastructure() picks it up.
 * A failure here fails the whole run with the message saying what to start.
 */
export default async function setup(project: Pick<TestProject, 'provide'>): Promise<() => Promise<void>> {
  const running = await resolveInfrastructure();
  project.provide(PROVIDED_INFRASTRUCTURE_KEY, running.infrastructure);
  return running.stop;
}
