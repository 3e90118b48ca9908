// @vigil/testkit: the real Vigil services for a caller's integration tests.
//   const vigil = await startVigil();            // beforeAll
//   await vigil.ingest.storeEvent({ event });    // typed clients from @vigil/contracts
//   await vigil.stop();                          // afterAll
export { startVigil, type RunningVigil } from './start-vigil.js';
export type { InfrastructureChoice, StartVigilOptions, VigilServiceName } from './vigil-options.js';
