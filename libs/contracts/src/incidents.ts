// `@vigil/contracts/incidents`: package vigil.incidents.v1 (IncidentsService, rules, incidents, snapshots).
// Aggregation and StatsBucket belong to vigil.ingest.v1: import them from `@vigil/contracts/ingest`.
export * from './gen/vigil/incidents/v1/alert_rule.js';
export * from './gen/vigil/incidents/v1/incident.js';
export * from './gen/vigil/incidents/v1/incidents_service.js';
