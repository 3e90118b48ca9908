// `@vigil/contracts/events`: package vigil.events.v1, the NATS payloads.
// IncidentStatus and StatusMethod belong to vigil.incidents.v1: import them from `@vigil/contracts/incidents`.
export * from './gen/vigil/events/v1/incident_status_changed.js';
