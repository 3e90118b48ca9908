// `@vigil/contracts/client`: promise-based clients with production defaults
// (deadline, retries of UNAVAILABLE where safe, keepalive, round_robin over
// DNS, TLS from options) and the typed error they reject with.
export {
  createIncidentsClient,
  createIngestClient,
  createSchedulerClient,
  type IncidentsClient,
  type IngestClient,
  type SchedulerClient,
} from './client/service-clients.js';
export type { VigilCallOptions, VigilClient } from './client/create-vigil-client.js';
export type { VigilClientOptions } from './client/client-options.js';
export type { DeepPartial } from './client/deep-partial.js';
export { isVigilCallError, VigilCallError, type StatusCodeName } from './client/vigil-call-error.js';
export type { ErrorReason, StatusDetails } from './client/status-details.js';
export { RETRIED_METHODS } from './client/retried-methods.js';
