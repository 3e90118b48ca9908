// @vigil/testing: integration tests on a real PostgreSQL and NATS JetStream.
// The vitest globalSetup is a separate entry point: @vigil/testing/global-setup.
export type { InfrastructureSource, TestInfrastructure } from './infrastructure.js';
export { getTestInfrastructure } from './get-test-infrastructure.js';
export { createTestDatabase, type TestDatabase, type TestDatabaseOptions } from './create-test-database.js';
export type { TestDatabaseTemplate } from './template-database.js';
export { useTestDatabase } from './use-test-database.js';
export { testNatsNames, type TestNatsNames } from './nats-names.js';
export { deleteTestStream } from './delete-test-stream.js';
export { freePort } from './free-port.js';
export {
  startPrivateNatsServer,
  type PrivateNatsServer,
  type PrivateNatsServerOptions,
} from './private-nats-server.js';
export { startTcpProxy, type TcpProxy, type TcpProxyOptions } from './tcp-proxy.js';
export { createTestCertificates, type TestCertificates } from './test-certificates.js';
export { startNatsCluster, type NatsCluster, type NatsClusterNode } from './nats-cluster.js';
export {
  anySpoiler,
  BAD_REQUEST_RUNS,
  badValues,
  databaseFingerprint,
  expectCallersMistake,
  expectWellFormed,
  type Spoiler,
} from './bad-requests.js';
