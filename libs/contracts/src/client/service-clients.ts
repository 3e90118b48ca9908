// createIngestClient, createIncidentsClient, createSchedulerClient: the
// promise-based clients callers use. Each request table is checked against
// the generated service definition: a new RPC without its entry, or an entry
// whose message does not match, fails to compile.
import * as incidents from '../incidents.js';
import * as ingest from '../ingest.js';
import * as scheduler from '../scheduler.js';
import { serviceNames } from '../service-names.js';
import type { VigilClientOptions } from './client-options.js';
import { createVigilClient, type RequestMessages, type VigilClient } from './create-vigil-client.js';

const INGEST_REQUESTS: RequestMessages<ingest.IngestServiceService> = {
  storeEvent: ingest.StoreEventRequest,
  storeEvents: ingest.StoreEventsRequest,
  getEvent: ingest.GetEventRequest,
  getGroup: ingest.GetGroupRequest,
  listGroups: ingest.ListGroupsRequest,
  getEventStats: ingest.GetEventStatsRequest,
  getEventAggregates: ingest.GetEventAggregatesRequest,
};

const INCIDENTS_REQUESTS: RequestMessages<incidents.IncidentsServiceService> = {
  createAlertRule: incidents.CreateAlertRuleRequest,
  getAlertRule: incidents.GetAlertRuleRequest,
  updateAlertRule: incidents.UpdateAlertRuleRequest,
  deleteAlertRule: incidents.DeleteAlertRuleRequest,
  createIncident: incidents.CreateIncidentRequest,
  getIncident: incidents.GetIncidentRequest,
  listIncidents: incidents.ListIncidentsRequest,
  updateIncidentStatus: incidents.UpdateIncidentStatusRequest,
  listIncidentActivity: incidents.ListIncidentActivityRequest,
  createIncidentSnapshot: incidents.CreateIncidentSnapshotRequest,
  getIncidentSnapshot: incidents.GetIncidentSnapshotRequest,
  getIncidentEventStats: incidents.GetIncidentEventStatsRequest,
  listAlertRules: incidents.ListAlertRulesRequest,
};

const SCHEDULER_REQUESTS: RequestMessages<scheduler.SnapshotSchedulerServiceService> = {
  getPendingSnapshot: scheduler.GetPendingSnapshotRequest,
  listPendingSnapshots: scheduler.ListPendingSnapshotsRequest,
  processDueSnapshots: scheduler.ProcessDueSnapshotsRequest,
  getSchedulerStatus: scheduler.GetSchedulerStatusRequest,
};

export type IngestClient = VigilClient<ingest.IngestServiceService>;
export type IncidentsClient = VigilClient<incidents.IncidentsServiceService>;
export type SchedulerClient = VigilClient<scheduler.SnapshotSchedulerServiceService>;

/**
 * A client of IngestService at `address` (`host:port`; `dns:///name:port`
 * spreads calls over every address the name has).
 * `await ingest.storeEvent({ event: { eventId, projectId: '12', message: 'boom' } })`.
 */
export function createIngestClient(address: string, options?: VigilClientOptions): IngestClient {
  return createVigilClient(serviceNames.ingest, ingest.IngestServiceService, INGEST_REQUESTS, address, options);
}

/** A client of IncidentsService: alert rules, incidents, snapshots. */
export function createIncidentsClient(address: string, options?: VigilClientOptions): IncidentsClient {
  return createVigilClient(
    serviceNames.incidents,
    incidents.IncidentsServiceService,
    INCIDENTS_REQUESTS,
    address,
    options,
  );
}

/** A client of SnapshotSchedulerService: pending snapshots, processing what is due. */
export function createSchedulerClient(address: string, options?: VigilClientOptions): SchedulerClient {
  return createVigilClient(
    serviceNames.scheduler,
    scheduler.SnapshotSchedulerServiceService,
    SCHEDULER_REQUESTS,
    address,
    options,
  );
}
