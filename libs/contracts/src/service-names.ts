// Fully-qualified names of Vigil's gRPC services, as grpc.health.v1 and server
// reflection know them. A test checks them against the generated definitions.
export const serviceNames = {
  ingest: 'vigil.ingest.v1.IngestService',
  incidents: 'vigil.incidents.v1.IncidentsService',
  scheduler: 'vigil.scheduler.v1.SnapshotSchedulerService',
} as const;
