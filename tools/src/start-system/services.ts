/** The services `npm start` runs, with their default ports (see each app's config.ts). */
export interface ServiceLaunch {
  readonly name: string;
  readonly app: string;
  readonly grpcPort: number;
}

export const SERVICES: readonly ServiceLaunch[] = [
  { name: 'ingest', app: 'apps/ingest', grpcPort: 50051 },
  { name: 'incidents', app: 'apps/incidents', grpcPort: 50052 },
  { name: 'snapshot-scheduler', app: 'apps/snapshot-scheduler', grpcPort: 50053 },
];
