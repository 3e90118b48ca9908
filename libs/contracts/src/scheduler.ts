// `@vigil/contracts/scheduler`: package vigil.scheduler.v1 (SnapshotSchedulerService, pending snapshots).
export * from './gen/vigil/scheduler/v1/pending_snapshot.js';
export * from './gen/vigil/scheduler/v1/scheduler_service.js';
