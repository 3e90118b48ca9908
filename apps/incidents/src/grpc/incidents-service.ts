import type { IncidentsServiceServer } from '@vigil/contracts/incidents';
import { alertRuleHandlers } from './alert-rule-handlers.js';
import { incidentHandlers } from './incident-handlers.js';
import type { IncidentsServiceDeps } from './service-deps.js';
import { snapshotHandlers } from './snapshot-handlers.js';

/** The `vigil.incidents.v1.IncidentsService` implementation over its dependencies. */
export function createIncidentsService(deps: IncidentsServiceDeps): IncidentsServiceServer {
  return { ...alertRuleHandlers(deps), ...incidentHandlers(deps), ...snapshotHandlers(deps) };
}
