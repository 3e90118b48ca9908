// How incidents, their activity and their snapshots read in a terminal.
import {
  IncidentStatus,
  incidentTypeToJSON,
  type Incident,
  type IncidentActivity,
  type IncidentSnapshot,
} from '@vigil/contracts/incidents';
import { pendingSnapshotRunDate } from '@vigil/time-range';
import { formatInstant } from '../instant.js';
import { aggregationName, incidentStatusName, statusMethodName } from '../names.js';
import { formatSeries } from '../series-view.js';
import { formatTable } from '../table.js';

/** Key/value lines; a closed incident also shows when its snapshot becomes due (behaviour §4). */
export function formatIncident(incident: Incident): string {
  const closed = incident.status === IncidentStatus.CLOSED && incident.dateClosed !== undefined;
  const rows: [string, string][] = [
    ['status', `${incidentStatusName(incident.status)} (version ${incident.version})`],
    ['type', incidentTypeToJSON(incident.type).replace('INCIDENT_TYPE_', '').toLowerCase().replace('_', ' ')],
    ['alert rule', incident.alertRuleId ?? 'none'],
    ['time window', `${incident.timeWindowMinutes} min`],
    ['query', incident.query === '' ? '(all events)' : incident.query],
    ['counts', aggregationName(incident.aggregation)],
    ['projects', incident.projectIds.join(', ')],
    ['groups', incident.groupIds.length === 0 ? 'all' : incident.groupIds.join(', ')],
    ['started', formatInstant(incident.dateStarted)],
    ['detected', formatInstant(incident.dateDetected)],
    ['closed', closed ? formatInstant(incident.dateClosed) : '—'],
  ];
  if (closed && incident.dateStarted !== undefined && incident.dateClosed !== undefined) {
    const due = pendingSnapshotRunDate(
      {
        dateStarted: incident.dateStarted,
        dateClosed: incident.dateClosed,
        timeWindowMinutes: incident.timeWindowMinutes,
      },
      incident.dateClosed,
    );
    rows.push(['snapshot due', `${formatInstant(due)} (closed + min(10 × window, 10 days))`]);
  }
  const heading = `incident ${incident.id} (#${incident.identifier} of organization ${incident.organizationId}): ${incident.title}`;
  return [heading, ...rows.map(([key, value]) => `  ${key.padEnd(12)}  ${value}`)].join('\n');
}

export function formatActivity(activities: readonly IncidentActivity[]): string {
  return formatTable(
    [
      { header: 'when' },
      { header: 'change' },
      { header: 'method' },
      { header: 'actor' },
      { header: 'comment', maxWidth: 50 },
    ],
    activities.map((activity) => [
      formatInstant(activity.createdAt),
      `${incidentStatusName(activity.previousStatus)} → ${incidentStatusName(activity.newStatus)}`,
      statusMethodName(activity.method),
      activity.actor,
      activity.comment,
    ]),
  );
}

/** The snapshot's frozen totals and ranges, then its graph: the non-empty buckets and a sparkline over all. */
export function formatSnapshot(snapshot: IncidentSnapshot, width: number): string {
  const graph = formatSeries({
    buckets: snapshot.buckets,
    rollupSeconds: snapshot.rollupSeconds,
    // Events or distinct users, whichever the incident counts; the snapshot does not say.
    unit: 'count',
    width,
    table: true,
    end: snapshot.graphEnd,
  });
  return `${formatSnapshotTotals(snapshot)}\n\n${graph}`;
}

function formatSnapshotTotals(snapshot: IncidentSnapshot): string {
  return [
    `snapshot of incident ${snapshot.incidentId}, made ${formatInstant(snapshot.createdAt)}`,
    `  events        ${snapshot.eventCount}`,
    `  unique users  ${snapshot.uniqueUsers}`,
    `  totals over   ${formatInstant(snapshot.totalsStart)} → ${formatInstant(snapshot.totalsEnd)}`,
    `  graph over    ${formatInstant(snapshot.graphStart)} → ${formatInstant(snapshot.graphEnd)}`,
  ].join('\n');
}
