// `@vigil/testing/harness`: the parts of the harness that do not need a
// vitest worker (no `inject`), for tools that run under any test runner or
// none, such as @vigil/testkit.
export type { RunningInfrastructure, TestInfrastructure } from './infrastructure.js';
export { resolveInfrastructure, type InfrastructureSources } from './resolve-infrastructure.js';
export type { InfrastructureChoice } from './infrastructure-choice.js';
export { infrastructureFromEnvironment } from './infrastructure-from-environment.js';
export { testNatsNames, type TestNatsNames } from './nats-names.js';
export { deleteTestStream } from './delete-test-stream.js';
export { withConnection } from './with-connection.js';
export { dropDatabase } from './drop-database.js';
export { databaseUrl } from './database-names.js';
export { randomSuffix } from './random-suffix.js';
