import { randomSuffix } from './random-suffix.js';

/** JetStream names that belong to one test file and no other. */
export interface TestNatsNames {
  /** e.g. `VIGIL_TEST_INCIDENTS_3F9A0C12B7DE` */
  readonly stream: string;
  /** e.g. `vigil-test.incidents.3f9a0c12b7de`; bind the stream to `${subjectPrefix}.>` */
  readonly subjectPrefix: string;
  /** e.g. `vigil-test-incidents-3f9a0c12b7de` */
  readonly durable: string;
}

const MAX_LABEL_LENGTH = 32;

/**
 * Unique stream, subject prefix and durable consumer names for a test file,
 * so files running at once on one NATS server never see each other's messages.
 * `label` says whose names they are when you list streams on the server.
 */
export function testNatsNames(label: string, suffix: string = randomSuffix()): TestNatsNames {
  const token = label
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, MAX_LABEL_LENGTH)
    .replace(/-+$/, '');
  if (token === '') {
    throw new Error(`testNatsNames: label ${JSON.stringify(label)} has no letters or digits to name streams with.`);
  }
  return {
    stream: `VIGIL_TEST_${token.replaceAll('-', '_').toUpperCase()}_${suffix.toUpperCase()}`,
    subjectPrefix: `vigil-test.${token}.${suffix}`,
    durable: `vigil-test-${token}-${suffix}`,
  };
}
