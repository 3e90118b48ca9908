import { inject } from 'vitest';
import type { TestInfrastructure } from './infrastructure.js';
import { PROVIDED_INFRASTRUCTURE_KEY } from './provided-infrastructure.js';
import { resolveInfrastructure } from './resolve-infrastructure.js';

// On globalThis rather than in a module variable: vitest re-evaluates modules
// for every test file, and the cache is meant to last as long as the process.
const CACHE = Symbol.for('@vigil/testing/infrastructure');
type CachingGlobal = typeof globalThis & { [CACHE]?: Promise<TestInfrastructure> };

/**
 * The PostgreSQL and NATS this test process runs against: the ones the
 * globalSetup provided, or else discovered here (once per process). Rejects,
 * never skips, when they are unreachable; a rejection is cached too, so every
 * file fails with the same message without probing again.
 */
export function getTestInfrastructure(): Promise<TestInfrastructure> {
  const cache = globalThis as CachingGlobal;
  cache[CACHE] ??= discover();
  return cache[CACHE];
}

async function discover(): Promise<TestInfrastructure> {
  const provided = providedByGlobalSetup();
  if (provided !== undefined) return provided;
  // Without the globalSetup, containers started here live until this process exits.
  const running = await resolveInfrastructure();
  return running.infrastructure;
}

function providedByGlobalSetup(): TestInfrastructure | undefined {
  try {
    return inject(PROVIDED_INFRASTRUCTURE_KEY);
  } catch {
    // Outside a vitest worker (a script using the harness) there is nothing to inject.
    return undefined;
  }
}
