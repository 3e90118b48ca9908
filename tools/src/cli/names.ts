// Enum values as people type and read them: `error`, `closed`, `STORED`,
// never the protobuf numbers or their long prefixed names.
import {
  IncidentStatus,
  incidentStatusToJSON,
  statusMethodToJSON,
  type StatusMethod,
} from '@vigil/contracts/incidents';
import {
  aggregationToJSON,
  dedupPolicyToJSON,
  Level,
  levelToJSON,
  storeOutcomeToJSON,
  type Aggregation,
  type DedupPolicy,
  type StoreOutcome,
} from '@vigil/contracts/ingest';
import { CliInputError } from './cli-input-error.js';

const LEVELS: Readonly<Record<string, Level>> = {
  fatal: Level.FATAL,
  error: Level.ERROR,
  warning: Level.WARNING,
  info: Level.INFO,
  debug: Level.DEBUG,
};

/** `error`, `ERROR` or `LEVEL_ERROR` → Level.ERROR; undefined for anything else. */
export function levelFromText(text: string): Level | undefined {
  return LEVELS[
    text
      .trim()
      .toLowerCase()
      .replace(/^level_/, '')
  ];
}

export function notALevel(text: string): string {
  return `"${text}" is not a level (${Object.keys(LEVELS).join(', ')})`;
}

/** As levelFromText, but an unknown level is an error naming `field`. */
export function parseLevel(text: string, field: string): Level {
  const level = levelFromText(text);
  if (level === undefined) throw new CliInputError(`${field}: ${notALevel(text)}`);
  return level;
}

const STATUSES: Readonly<Record<string, IncidentStatus>> = {
  open: IncidentStatus.OPEN,
  warning: IncidentStatus.WARNING,
  critical: IncidentStatus.CRITICAL,
  closed: IncidentStatus.CLOSED,
  // What the product shows for CLOSED.
  resolved: IncidentStatus.CLOSED,
};

export function parseIncidentStatus(text: string): IncidentStatus {
  const status =
    STATUSES[
      text
        .trim()
        .toLowerCase()
        .replace(/^incident_status_/, '')
    ];
  if (status === undefined)
    throw new CliInputError(`status: "${text}" is not one of ${Object.keys(STATUSES).join(', ')}`);
  return status;
}

export function levelName(level: Level): string {
  return withoutPrefix(levelToJSON(level), 'LEVEL_').toLowerCase();
}

export function incidentStatusName(status: IncidentStatus): string {
  return withoutPrefix(incidentStatusToJSON(status), 'INCIDENT_STATUS_').toLowerCase();
}

export function statusMethodName(method: StatusMethod): string {
  return withoutPrefix(statusMethodToJSON(method), 'STATUS_METHOD_').toLowerCase();
}

export function aggregationName(aggregation: Aggregation): string {
  return withoutPrefix(aggregationToJSON(aggregation), 'AGGREGATION_').toLowerCase().replace('_', ' ');
}

export function outcomeName(outcome: StoreOutcome): string {
  return withoutPrefix(storeOutcomeToJSON(outcome), 'STORE_OUTCOME_');
}

export function policyName(policy: DedupPolicy): string {
  return withoutPrefix(dedupPolicyToJSON(policy), 'DEDUP_POLICY_');
}

function withoutPrefix(name: string, prefix: string): string {
  return name.startsWith(prefix) ? name.slice(prefix.length) : name;
}
