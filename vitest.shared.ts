// One vitest configuration for every project: two separate vitest projects,
// `unit` (pure, *.test.ts) and `integration` (*.int.test.ts, real PostgreSQL
// and NATS). Each project's vitest.config.ts calls this with its own root.
import { defineConfig } from 'vitest/config';

export function vigilVitestConfig(root: string) {
  return defineConfig({
    test: {
      root,
      projects: [
        {
          test: {
            name: 'unit',
            root,
            include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
            exclude: ['**/*.int.test.ts', '**/node_modules/**'],
            // vitest's 5 s default failed a property test (hundreds of generated
            // cases) on a CI machine with both cores busy; a hang still fails.
            testTimeout: 60_000,
          },
        },
        {
          test: {
            name: 'integration',
            root,
            include: ['src/**/*.int.test.ts', 'test/**/*.int.test.ts'],
            exclude: ['**/node_modules/**'],
            // Resolves PostgreSQL and NATS once per run (testcontainers when a
            // container runtime answers) and hands them to every worker.
            globalSetup: ['@vigil/testing/global-setup'],
            // Sized for a CI machine with both cores busy (a 2,000-call group-commit
            // test took over a minute there); a hang still fails, only later.
            testTimeout: 300_000,
            hookTimeout: 300_000,
            // Integration files each get their own database and NATS names, so
            // they can run in parallel; 2 cores keep the pool small.
            maxWorkers: 2,
          },
        },
      ],
      passWithNoTests: false,
    },
  });
}
