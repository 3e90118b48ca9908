import { serviceNames } from '../service-names.js';

/**
 * The RPCs a client retries by itself when the server (or the connection)
 * answers UNAVAILABLE, because doing them twice leaves the same state as
 * doing them once:
 * - every read;
 * - StoreEvent / StoreEvents: an event is keyed by (project, event id, day),
 *   so a repeat replaces it with itself (REPLACED) or is ignored (DUPLICATE
 *   under first write wins); counts stay exact;
 * - UpdateAlertRule: it sets fields to the given values;
 * - UpdateIncidentStatus: a change to the status the incident already has
 *   does nothing (`changed: false`), so a repeat after a lost answer is a no-op;
 * - CreateIncidentSnapshot: one snapshot per incident; a repeat returns it;
 * - ProcessDueSnapshots: processes what is due now, each row at most once.
 * Not retried: CreateAlertRule and CreateIncident (each attempt creates
 * another), DeleteAlertRule (a repeat after a lost answer says NOT_FOUND).
 */
export const RETRIED_METHODS: Readonly<Record<string, readonly string[]>> = {
  [serviceNames.ingest]: [
    'StoreEvent',
    'StoreEvents',
    'GetEvent',
    'GetGroup',
    'ListGroups',
    'GetEventStats',
    'GetEventAggregates',
  ],
  [serviceNames.incidents]: [
    'GetAlertRule',
    'UpdateAlertRule',
    'GetIncident',
    'ListIncidents',
    'UpdateIncidentStatus',
    'ListIncidentActivity',
    'CreateIncidentSnapshot',
    'GetIncidentSnapshot',
    'GetIncidentEventStats',
    'ListAlertRules',
  ],
  [serviceNames.scheduler]: ['GetPendingSnapshot', 'ListPendingSnapshots', 'ProcessDueSnapshots', 'GetSchedulerStatus'],
};
