import type { TestInfrastructure } from './infrastructure.js';

/** The key under which the globalSetup hands the infrastructure to test workers. */
export const PROVIDED_INFRASTRUCTURE_KEY = 'vigilTestInfrastructure';

declare module 'vitest' {
  interface ProvidedContext {
    [PROVIDED_INFRASTRUCTURE_KEY]: TestInfrastructure | undefined;
  }
}
