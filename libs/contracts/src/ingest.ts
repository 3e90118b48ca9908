// `@vigil/contracts/ingest`: package vigil.ingest.v1 (IngestService, events, groups, statistics).
export * from './gen/vigil/ingest/v1/event.js';
export * from './gen/vigil/ingest/v1/group.js';
export * from './gen/vigil/ingest/v1/stats.js';
export * from './gen/vigil/ingest/v1/store.js';
export * from './gen/vigil/ingest/v1/ingest_service.js';
