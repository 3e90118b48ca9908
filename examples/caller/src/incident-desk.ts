// How a calling service runs incidents: open one over a project, resolve it,
// and read the snapshot Vigil freezes once the dust has settled.
import { createIncidentsClient, createSchedulerClient, type VigilClientOptions } from '@vigil/contracts/client';
import { IncidentStatus, IncidentType, StatusMethod, type Incident } from '@vigil/contracts/incidents';

export interface IncidentDesk {
  open(title: string, projectId: string, startedAt: Date): Promise<Incident>;
  resolve(incidentId: string, resolvedAt: Date, comment: string): Promise<Incident>;
  /** When the snapshot will be taken, if one is pending. */
  snapshotDue(incidentId: string): Promise<Date | undefined>;
  close(): void;
}

export function createIncidentDesk(
  addresses: { incidents: string; scheduler: string },
  organizationId: string,
  options: VigilClientOptions = {},
): IncidentDesk {
  const incidents = createIncidentsClient(addresses.incidents, options);
  const scheduler = createSchedulerClient(addresses.scheduler, options);
  const required = (incident: Incident | undefined): Incident => {
    if (!incident) throw new Error('incidents answered without the incident');
    return incident;
  };
  return {
    async open(title, projectId, startedAt) {
      const { incident } = await incidents.createIncident({
        organizationId,
        type: IncidentType.DETECTED,
        title,
        projectIds: [projectId],
        dateStarted: startedAt,
      });
      return required(incident);
    },
    async resolve(incidentId, resolvedAt, comment) {
      const { incident } = await incidents.updateIncidentStatus({
        incidentId,
        status: IncidentStatus.CLOSED,
        method: StatusMethod.MANUAL,
        dateClosed: resolvedAt,
        comment,
      });
      return required(incident);
    },
    async snapshotDue(incidentId) {
      try {
        return (await scheduler.getPendingSnapshot({ incidentId })).pendingSnapshot?.targetRunDate;
      } catch (error) {
        if (error instanceof Error && 'codeName' in error && error.codeName === 'NOT_FOUND') return undefined;
        throw error;
      }
    },
    close() {
      incidents.close();
      scheduler.close();
    },
  };
}
